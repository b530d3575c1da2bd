//! The f64 methods std adds to core (`floor`, `ceil`, `round`, `fract`, `powi`), for the no_std
//! wasm32 build, from one `trunc` (an integer cast; core's `f64_trunc` intrinsic is unstable).
//! The host uses std's own; the prelude brings this trait in on wasm32 only, so call sites read
//! the same on both.

/// `x` without its fraction, sign kept (`-0.5` gives `-0.0`); NaN and ±Infinity unchanged.
/// From 2^52 up every f64 is an integer; below, the cast to i64 is exact.
fn f64_trunc(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        (x as i64 as f64).copysign(x)
    } else {
        x
    }
}

/// std's f64 rounding methods, with std's results.
pub(crate) trait F64Math {
    /// The largest integer not above `self`.
    fn floor(self) -> f64;
    /// The smallest integer not below `self`.
    fn ceil(self) -> f64;
    /// The nearest integer, halves away from zero (not to even, unlike wasm's `f64.nearest`).
    fn round(self) -> f64;
    /// The part after the point (`self - self.trunc()`).
    fn fract(self) -> f64;
    /// `self` to the integer power `n`, by squaring (compiler-builtins' `__powidf2`, which std's
    /// `powi` calls on wasm32: the same products in the same order, so the same result).
    fn powi(self, n: i32) -> f64;
}

impl F64Math for f64 {
    fn floor(self) -> f64 {
        let t = f64_trunc(self);
        if t > self {
            t - 1.0
        } else {
            t
        }
    }

    fn ceil(self) -> f64 {
        let t = f64_trunc(self);
        if t < self {
            t + 1.0
        } else {
            t
        }
    }

    fn round(self) -> f64 {
        // `self - t` is exact; NaN and ±Infinity compare false and stay as they are.
        let t = f64_trunc(self);
        if (self - t).abs() >= 0.5 {
            t + 1f64.copysign(self)
        } else {
            t
        }
    }

    fn fract(self) -> f64 {
        self - f64_trunc(self)
    }

    fn powi(self, n: i32) -> f64 {
        let mut base = self;
        let mut left = n.unsigned_abs();
        let mut product = 1.0;
        loop {
            if left & 1 != 0 {
                product *= base;
            }
            left >>= 1;
            if left == 0 {
                break;
            }
            base *= base;
        }
        if n < 0 {
            1.0 / product
        } else {
            product
        }
    }
}
