//! Validation rules shared by the providers and the options: each names the field and the rule.

use crate::error::{Error, Result};
use crate::input::{digits, Fields, Input};
use crate::prelude::*;

/// The longest prompt either provider takes, in Unicode code points.
pub const MAX_PROMPT_CHARS: usize = 8192;
const _: () = assert!(
    MAX_PROMPT_CHARS == 8192,
    "the prompt rule's message says 8192"
);

// The string rules lend the string from the input: callers copy what they keep once every
// rule has passed, so no early return has owned values to drop.

/// A required or optional string; `None` when optional and absent. Never coerces.
pub fn string<'a>(field: &str, value: &'a Input, required: bool) -> Result<Option<&'a str>> {
    match value {
        Input::String(s) => Ok(Some(s)),
        Input::Undefined if !required => Ok(None),
        Input::Undefined => Err(Error::invalid(field, field.to_string() + " is required")),
        other => Err(other.refused(field, "a string")),
    }
}

/// A string that must hold more than white space.
pub fn non_blank<'a>(field: &str, value: &'a Input, required: bool) -> Result<Option<&'a str>> {
    let s = string(field, value, required)?;
    if let Some(s) = s {
        if s.trim().is_empty() {
            return Err(Error::invalid(
                field,
                field.to_string() + " must not be empty or blank",
            ));
        }
    }
    Ok(s)
}

/// A prompt: 1..=8192 code points (not UTF-16 units, not bytes); `blank_ok` allows white space only.
pub fn prompt<'a>(
    field: &str,
    value: &'a Input,
    required: bool,
    blank_ok: bool,
) -> Result<Option<&'a str>> {
    let s = if blank_ok {
        string(field, value, required)?
    } else {
        non_blank(field, value, required)?
    };
    if let Some(s) = s {
        let n = crate::input::char_count(s);
        if n == 0 || n > MAX_PROMPT_CHARS {
            // MAX_PROMPT_CHARS written out: one argument less to format.
            let mut message = crate::input::cat(&[
                field,
                " must be 1 to 8192 characters (Unicode code points), got ",
            ]);
            crate::input::push_decimal(&mut message, n as u64);
            return Err(Error::invalid(field, message));
        }
    }
    Ok(s)
}

/// An optional boolean.
pub fn boolean(field: &str, value: &Input) -> Result<Option<bool>> {
    match value {
        Input::Bool(b) => Ok(Some(*b)),
        Input::Undefined => Ok(None),
        other => Err(other.refused(field, "a boolean")),
    }
}

/// An integer within `min..=max` given as a JS number (1.5, "1", NaN are refused; -0 is 0).
pub fn integer(
    field: &str,
    value: &Input,
    min: i64,
    max: i64,
    required: bool,
) -> Result<Option<i64>> {
    match value {
        Input::Undefined if !required => return Ok(None),
        Input::Number(n) if n.is_finite() && n.fract() == 0.0 => {
            let i = *n as i64;
            if (min..=max).contains(&i) && (i as f64) == *n {
                return Ok(Some(i));
            }
        }
        _ => {}
    }
    // One message site for every refusal: "<field> is required: <rule>" or "<rule>, got <value>".
    let mut rule = crate::input::cat(&[field, " must be an integer from "]);
    crate::input::push_signed_decimal(&mut rule, min);
    rule.push_str(" to ");
    crate::input::push_signed_decimal(&mut rule, max);
    let message = if value.is_undefined() {
        crate::input::cat(&[field, " is required: ", &rule])
    } else {
        crate::input::cat(&[&rule, ", got ", &value.describe()])
    };
    Err(Error::invalid(field, message))
}

/// A UUID in its canonical hyphenated form (8-4-4-4-12 hex digits).
pub fn uuid<'a>(field: &str, value: &'a Input, required: bool) -> Result<Option<&'a str>> {
    let s = string(field, value, required)?;
    if let Some(s) = s {
        // Hyphens at 8, 13, 18 and 23, hex digits elsewhere: the whole grammar of the form.
        let canonical = s.len() == 36
            && s.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 8 | 13 | 18 | 23) {
                    b == b'-'
                } else {
                    b.is_ascii_hexdigit()
                }
            });
        if !canonical {
            return Err(value.refused(field, "a UUID like b24ffa07-7b76-49a2-963e-f6c527f7cec7"));
        }
    }
    Ok(s)
}

/// An absolute `http:` or `https:` URL.
pub fn http_url<'a>(field: &str, value: &'a Input, required: bool) -> Result<Option<&'a str>> {
    let s = string(field, value, required)?;
    if let Some(s) = s {
        if let Err(why) = check_http_url(s) {
            return Err(value.refused(
                field,
                &crate::input::cat(&["an absolute http(s) URL (", why, ")"]),
            ));
        }
    }
    Ok(s)
}

// The rules most read from an object's keys, as methods: one call per key instead of a lookup
// and a rule call at every site.
impl<'a> Fields<'a> {
    /// [`integer`] on this object's `key`.
    #[inline(never)]
    pub fn integer(&self, key: &str, min: i64, max: i64, required: bool) -> Result<Option<i64>> {
        integer(key, self.get(key), min, max, required)
    }

    /// [`http_url`] on this object's optional `key`.
    #[inline(never)]
    pub fn http_url(&self, key: &str) -> Result<Option<&'a str>> {
        http_url(key, self.get(key), false)
    }
}

/// The parts of an absolute http(s) URL that the SDK needs to reason about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `http` or `https`, lowercase as written or not.
    pub scheme: &'a str,
    /// The host without brackets or port.
    pub host: &'a str,
}

/// Checks an absolute http(s) URL: scheme, `//`, a host of legal characters, an optional port
/// up to 65535, no white space or control characters. (A hand-written check rather than the `url`
/// crate, whose IDNA tables would cost more than the whole rest of the wasm module.)
pub fn check_http_url(s: &str) -> core::result::Result<UrlParts<'_>, &'static str> {
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains white space or control characters");
    }
    // Char and prefix patterns only: a `&str` search pattern would bring core's two-way searcher.
    let (scheme, rest) = s
        .split_once(':')
        .and_then(|(scheme, rest)| Some((scheme, rest.strip_prefix("//")?)))
        .ok_or("no scheme")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err("the scheme must be http or https");
    }
    // Byte searches for ASCII delimiters: no char searcher monomorphs of their own.
    // Plain loops over the bytes: no iterator adapter monomorphs of their own.
    let mut end = 0;
    for b in rest.bytes() {
        if matches!(b, b'/' | b'?' | b'#') {
            break;
        }
        end += 1;
    }
    let authority = rest.get(..end).unwrap_or("");
    let hostport = split_at_last(authority, b'@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(inner) = hostport.strip_prefix('[') {
        let (h, after) = inner.split_once(']').ok_or("an unclosed IPv6 bracket")?;
        let mut ok = !h.is_empty();
        for b in h.bytes() {
            ok &= b.is_ascii_hexdigit() || b == b':' || b == b'.';
        }
        if !ok {
            return Err("an invalid IPv6 host");
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or("junk after the IPv6 host")?),
        };
        (h, port)
    } else {
        match split_at_last(hostport, b':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err("no host");
    }
    // The first character is checked by its first byte: any non-ASCII one (>= 0x80) is allowed.
    let mut bad_host = !host
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80);
    for b in host.bytes() {
        bad_host |= matches!(
            b,
            b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`' | b'%'
        );
    }
    // Bracketed IPv6 hosts were checked above.
    if bad_host && !host.contains(':') {
        return Err("an invalid host");
    }
    if let Some(p) = port {
        if p.len() > 5 || digits(p).is_none_or(|n| n > 65535) {
            return Err("an invalid port");
        }
    }
    Ok(UrlParts { scheme, host })
}

/// `s` split around its last `byte` (an ASCII delimiter, so both sides are whole `str`s).
fn split_at_last(s: &str, byte: u8) -> Option<(&str, &str)> {
    let mut i = s.len();
    while i > 0 {
        i -= 1;
        if s.as_bytes().get(i) == Some(&byte) {
            return Some((s.get(..i)?, s.get(i + 1..)?));
        }
    }
    None
}

/// Whether a host names this machine (localhost, 127.0.0.0/8, ::1).
pub fn is_loopback_host(host: &str) -> bool {
    // Compared ignoring ASCII case in place: no lowercase copy.
    let h = crate::input::trim_end_byte(host, b'.');
    let tail = h.get(h.len().saturating_sub(10)..).unwrap_or("");
    if h.eq_ignore_ascii_case("localhost") || tail.eq_ignore_ascii_case(".localhost") || h == "::1"
    {
        return true;
    }
    // 127.x.y.z: four parts of at most three digits, each up to 255 (no Vec of the parts).
    let mut parts = 0;
    for (i, p) in h.split('.').enumerate() {
        if (i == 0 && p != "127") || p.len() > 3 || digits(p).is_none_or(|n| n > 255) {
            return false;
        }
        parts += 1;
    }
    parts == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_reject_everything_but_whole_numbers_in_range() {
        for ok in [0.0, 3.0, -0.0] {
            assert!(
                integer("videoNo", &Input::Number(ok), 0, 3, true).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            Input::Number(1.5),
            Input::Number(-1.0),
            Input::Number(4.0),
            Input::Number(f64::NAN),
            Input::Number(f64::INFINITY),
            Input::str("1"),
            Input::Null,
            Input::Bool(true),
            Input::Undefined,
        ] {
            let e = integer("videoNo", &bad, 0, 3, true).err();
            assert_eq!(
                e.as_ref().and_then(|e| e.field.as_deref()),
                Some("videoNo"),
                "{bad:?}"
            );
            assert!(e.map(|e| e.message.contains("0 to 3")).unwrap_or(false));
        }
        assert_eq!(
            integer("x", &Input::Undefined, 0, 3, false).ok(),
            Some(None)
        );
    }

    #[test]
    fn prompts_count_code_points() {
        let emoji_max = "😀".repeat(MAX_PROMPT_CHARS); // 16384 UTF-16 units, 32768 bytes
        assert!(prompt("prompt", &Input::String(emoji_max.clone()), false, true).is_ok());
        let over = format!("{emoji_max}a");
        assert!(prompt("prompt", &Input::String(over), false, true).is_err());
        assert!(prompt("prompt", &Input::str(""), false, true).is_err());
        assert!(prompt("prompt", &Input::str("   "), false, true).is_ok());
        assert!(prompt("prompt", &Input::str("   "), true, false).is_err());
        assert!(prompt("prompt", &Input::Undefined, true, false).is_err());
        assert!(prompt("prompt", &Input::Number(1.0), false, true).is_err());
    }

    #[test]
    fn uuids_must_be_canonical() {
        assert!(uuid(
            "jobId",
            &Input::str("b24ffa07-7b76-49a2-963e-f6c527f7cec7"),
            true
        )
        .is_ok());
        for bad in [
            "b24ffa077b7649a2963ef6c527f7cec7",
            "{b24ffa07-7b76-49a2-963e-f6c527f7cec7}",
            "b24ffa07-7b76-49a2-963e-f6c527f7cecz",
            "b24ffa07-7b76-49a2-963ef-6c527f7cec7",
            "",
        ] {
            assert!(uuid("jobId", &Input::str(bad), true).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_must_be_absolute_http() {
        for ok in [
            "https://example.com/cb",
            "http://127.0.0.1:8787/x?y=1#z",
            "https://[::1]:443/",
            "HTTPS://Example.com",
            "https://user:pw@host.example/p",
        ] {
            assert!(check_http_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "ftp://example.com",
            "example.com/cb",
            "https://",
            "https:///path",
            "https://exa mple.com",
            "https://host:99999/",
            "https://host:/",
            "https://host:+80/",
            "https://host:8a/",
            "https://[::1/",
            "javascript:alert(1)",
        ] {
            assert!(check_http_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "app.localhost",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "example.com",
            "128.0.0.1",
            "127.0.0",
            "localhost.example.com",
            "10.0.0.1",
            "127.+1.0.1",
            "127.0.0.256",
            "127.0.0.0001",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
