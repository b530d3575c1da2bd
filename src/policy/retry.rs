//! Retry delays: capped exponential backoff with jitter, and the server's `retry-after-ms` /
//! `Retry-After` (seconds or HTTP date), capped at 60 s.

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
use crate::float::F64Math;
use crate::http::HttpResponse;
use crate::input::parse_decimal;

/// First backoff delay.
pub const INITIAL_BACKOFF_MS: f64 = 500.0;
/// Largest backoff delay.
pub const MAX_BACKOFF_MS: f64 = 8_000.0;
/// Largest delay a server may ask for.
pub const MAX_RETRY_AFTER_MS: f64 = 60_000.0;

/// The delay before retry number `attempt` (0 for the first retry): 0.5 s doubling up to 8 s,
/// shortened by up to a quarter by `jitter` in `[0, 1)`.
pub fn backoff_ms(attempt: u32, jitter: f64) -> u32 {
    // 2^attempt as an integer shift: the same power of two, exactly.
    let base = (INITIAL_BACKOFF_MS * f64::from(1u32 << attempt.min(16))).min(MAX_BACKOFF_MS);
    let j = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    (base * (1.0 - 0.25 * j)).round() as u32
}

/// What the server asked for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date
/// (relative to `now_ms`). Negative or unreadable values are ignored; large ones are capped at 60 s.
pub fn retry_after_ms(resp: &HttpResponse, now_ms: f64) -> Option<u32> {
    let ms = if let Some(v) = resp.header("retry-after-ms") {
        parse_decimal(v.trim())?
    } else {
        let v = resp.header("retry-after")?.trim();
        match parse_decimal(v) {
            Some(secs) => secs * 1000.0,
            None => parse_http_date(v)? - now_ms,
        }
    };
    if !ms.is_finite() || ms < 0.0 {
        return None;
    }
    Some(ms.min(MAX_RETRY_AFTER_MS).round() as u32)
}

/// The delay before the next attempt: the server's wish if it stated one, else backoff.
#[inline(always)]
pub fn delay_ms(attempt: u32, resp: Option<&HttpResponse>, now_ms: f64, jitter: f64) -> u32 {
    let asked = match resp {
        Some(r) => retry_after_ms(r, now_ms),
        None => None,
    };
    match asked {
        Some(ms) => ms,
        None => backoff_ms(attempt, jitter),
    }
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix milliseconds.
#[inline(always)]
pub fn parse_http_date(s: &str) -> Option<f64> {
    let (_, rest) = s.split_once(',')?;
    let rest = rest.strip_prefix(' ')?;
    let mut parts = rest.split(' ');
    let int = |p: Option<&str>| i64::try_from(crate::input::digits(p?)?).ok();
    let day = int(parts.next())?;
    let name = parts.next()?.as_bytes();
    let mut month = 0;
    for (i, m) in b"JanFebMarAprMayJunJulAugSepOctNovDec"
        .chunks(3)
        .enumerate()
    {
        if m == name {
            month = i as i64 + 1;
        }
    }
    let year = int(parts.next())?;
    let mut hms = parts.next()?.split(':');
    let (h, m, sec) = (int(hms.next())?, int(hms.next())?, int(hms.next())?);
    if parts.next()? != "GMT" {
        return None;
    }
    Some((civil_secs([year, month, day, h, m, sec])? * 1000) as f64)
}

/// Seconds since the Unix epoch of a UTC date and time (year, month, day, hour, minute, second);
/// `None` for a field out of range (a leap second is let through).
pub(crate) fn civil_secs([y, mo, d, h, m, s]: [i64; 6]) -> Option<i64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(headers: &[(&str, &str)]) -> HttpResponse {
        HttpResponse {
            status: 429,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: vec![],
        }
    }

    #[test]
    fn backoff_doubles_to_a_cap_and_jitter_shortens() {
        assert_eq!(backoff_ms(0, 0.0), 500);
        assert_eq!(backoff_ms(1, 0.0), 1000);
        assert_eq!(backoff_ms(3, 0.0), 4000);
        assert_eq!(backoff_ms(4, 0.0), 8000);
        assert_eq!(backoff_ms(30, 0.0), 8000);
        assert_eq!(backoff_ms(0, 0.999_999), 375);
        assert_eq!(backoff_ms(0, f64::NAN), 500);
    }

    #[test]
    fn retry_after_forms() {
        let now = parse_http_date("Sat, 21 Nov 2026 10:00:00 GMT").unwrap_or(0.0);
        type Case<'a> = (&'a [(&'a str, &'a str)], Option<u32>);
        let table: &[Case] = &[
            (&[("retry-after-ms", "1500")], Some(1500)),
            (&[("Retry-After", "2")], Some(2000)),
            (&[("retry-after", "0.5")], Some(500)),
            (&[("retry-after", "3600")], Some(60_000)),
            (
                &[("retry-after", "Sat, 21 Nov 2026 10:00:07 GMT")],
                Some(7000),
            ),
            (&[("retry-after", "Sat, 21 Nov 2026 09:59:00 GMT")], None),
            (&[("retry-after", "-1")], None),
            (&[("retry-after", "soon")], None),
            (
                &[("retry-after-ms", "2000"), ("retry-after", "9")],
                Some(2000),
            ),
            (&[], None),
        ];
        for (headers, want) in table {
            assert_eq!(retry_after_ms(&with(headers), now), *want, "{headers:?}");
        }
        assert_eq!(
            delay_ms(0, Some(&with(&[("retry-after", "1")])), now, 0.0),
            1000
        );
        assert_eq!(delay_ms(2, Some(&with(&[])), now, 0.0), 2000);
        assert_eq!(delay_ms(2, None, now, 0.0), 2000);
    }

    #[test]
    fn http_dates() {
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0.0));
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date(""), None);
    }
}
