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

#[cfg(test)]
mod tests {
    use super::F64Math;

    /// Equal as std's result, bit for bit (NaN as NaN).
    fn same(ours: f64, std: f64) -> bool {
        ours.to_bits() == std.to_bits() || (ours.is_nan() && std.is_nan())
    }

    /// Edge values and a deterministic sweep of every magnitude (xorshift over the bit patterns).
    fn values() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            1.0,
            -1.0,
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370496.0,
            9007199254740993.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e300,
            -1e-300,
            154_000.25,
            2_999.999_999,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push(f64::from_bits(x));
            v.push((x % 2_000_000) as f64 / 1000.0 - 1000.0); // ordinary numbers with fractions
        }
        v
    }

    #[test]
    fn rounding_matches_std_bit_for_bit() {
        for x in values() {
            assert!(same(F64Math::floor(x), x.floor()), "floor({x:e})");
            assert!(same(F64Math::ceil(x), x.ceil()), "ceil({x:e})");
            assert!(same(F64Math::round(x), x.round()), "round({x:e})");
            assert!(same(F64Math::fract(x), x.fract()), "fract({x:e})");
        }
    }

    #[test]
    fn powi_matches_std_for_the_powers_used() {
        // The schedule raises a backoff factor to small powers (attempts, polls).
        for base in [
            1.5,
            2.0,
            0.5,
            1.25,
            -3.0,
            10.0,
            1e-3,
            f64::INFINITY,
            0.0,
            -0.0,
            f64::NAN,
        ] {
            for n in -20..=64 {
                let (ours, std) = (F64Math::powi(base, n), base.powi(n));
                let close = same(ours, std) || ((ours - std) / std).abs() <= 4.0 * f64::EPSILON;
                assert!(close, "powi({base}, {n}): {ours:e} vs {std:e}");
            }
        }
    }
}
