//! Random identifiers (UUID v4 text, numeric seeds) and UUID syntax checks, without extra crates.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 64 unpredictable-enough bits (SipHash keyed by the std random state, over a counter and the clock).
pub fn random_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.write_u128(nanos);
    h.finish()
}

/// A new random UUID v4 in lowercase hyphenated form.
pub fn new_uuid() -> String {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&random_u64().to_be_bytes());
    b[8..].copy_from_slice(&random_u64().to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A Midjourney-like numeric seed, as a string of digits.
pub fn new_seed() -> String {
    (random_u64() % 4_294_967_295).to_string()
}

/// True when `s` is a UUID in the canonical 8-4-4-4-12 hex form (any case).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_well_formed_and_distinct() {
        let a = new_uuid();
        let b = new_uuid();
        assert!(is_uuid(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(&a[14..15], "4");
        assert!(!is_uuid("b24ffa07-7b76-49a2-963e-f6c527f7cec"));
        assert!(!is_uuid("b24ffa07x7b76-49a2-963e-f6c527f7cec7"));
        assert!(is_uuid("B24FFA07-7B76-49A2-963E-F6C527F7CEC7"));
        assert!(new_seed().chars().all(|c| c.is_ascii_digit()));
    }
}
