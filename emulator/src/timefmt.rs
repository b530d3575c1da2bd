//! RFC 3339 (UTC, whole seconds) formatting of wall-clock times, as the providers print them.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What Legnext prints for a timestamp that is not set yet.
pub const UNSET: &str = "0001-01-01T00:00:00Z";

/// Formats `t` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, seconds precision).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Formats an optional time, using [`UNSET`] for `None`.
pub fn rfc3339_or_unset(t: Option<SystemTime>) -> String {
    t.map(rfc3339).unwrap_or_else(|| UNSET.to_string())
}

/// The wall-clock time `secs` seconds after the Unix epoch.
pub fn from_unix(secs: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// Howard Hinnant's days-from-epoch to (year, month, day) conversion.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(from_unix(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(from_unix(1_760_422_985)), "2025-10-14T06:23:05Z");
        assert_eq!(rfc3339(from_unix(951_782_400)), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_or_unset(None), UNSET);
    }
}
