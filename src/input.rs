//! A pure-Rust picture of a JS value as the caller passed it, and strict typed reads from it.
//!
//! The bindings convert a `JsValue` into an [`Input`] without coercion (NaN stays NaN, `"1"` stays
//! a string, a function stays a function), so every validation rule runs and is tested on the host.

use crate::error::{Error, Result};
use crate::json::{self, Object, Value};
use crate::prelude::*;

/// A JS value, as far as validation needs to see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// `undefined` (or a missing key).
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number, including NaN, ±Infinity and -0.
    Number(f64),
    /// A string (lone surrogates already replaced by U+FFFD).
    String(String),
    /// An array; holes are `Undefined`.
    Array(Vec<Input>),
    /// An object: its own enumerable string keys in order; `plain` when its prototype is
    /// `Object.prototype` or `null`.
    Object {
        /// Key/value pairs in enumeration order.
        entries: Vec<(String, Input)>,
        /// Whether it is a plain object (not a Date, Map, class instance, ...).
        plain: bool,
    },
    /// A function.
    Function,
    /// An `AbortSignal` (recognised by the bindings).
    Signal,
    /// Something else: a symbol, a bigint, ... (the name says which).
    Other(&'static str),
}

impl Input {
    /// A plain object from pairs (handy in tests).
    pub fn object<K: Into<String>>(entries: Vec<(K, Input)>) -> Input {
        Input::Object {
            entries: entries.into_iter().map(|(k, v)| (k.into(), v)).collect(),
            plain: true,
        }
    }

    /// A string input.
    pub fn str(s: &str) -> Input {
        Input::String(s.to_string())
    }

    /// A short description of the value for error messages: `"abc"`, `1.5`, `NaN`, `null`, `an array`.
    pub fn describe(&self) -> String {
        // The fixed descriptions copied at one site.
        let fixed = match self {
            Input::Undefined => "undefined",
            Input::Null => "null",
            Input::Bool(b) => {
                if *b {
                    "true"
                } else {
                    "false"
                }
            }
            Input::Number(n) if n.is_nan() => "NaN",
            Input::Number(n) if *n == f64::INFINITY => "Infinity",
            Input::Number(n) if *n == f64::NEG_INFINITY => "-Infinity",
            // A finite number as the JSON codec writes it (the runtime's own JSON.stringify on
            // wasm32, `-0` as `0`); core's f64 Display would add ~14 KB of wasm.
            Input::Number(n) => return json::stringify(&Value::Number(*n)),
            Input::String(s) => {
                let mut shown: String = s.chars().take(40).collect();
                if char_count(s) > 40 {
                    shown.push('…');
                }
                return quote(&shown) + " (a string)";
            }
            Input::Array(_) => "an array",
            Input::Object { .. } => "an object",
            Input::Function => "a function",
            Input::Signal => "an AbortSignal",
            Input::Other(kind) => return cat(&["a ", kind]),
        };
        fixed.into()
    }

    /// The type of the value without the value (for secrets): `a number`, `null`, `a boolean`,
    /// `an array`, `object` for an object, `not a string` for anything else. One table for
    /// every secret's type error.
    pub fn kind_only(&self, object: &'static str) -> &'static str {
        match self {
            Input::Number(_) => "a number",
            Input::Null => "null",
            Input::Bool(_) => "a boolean",
            Input::Array(_) => "an array",
            Input::Object { .. } => object,
            _ => "not a string",
        }
    }

    /// The `invalid_request` for this value at `field`: "<field> must be <rule>, got <this>".
    /// One formatting site for the many type rules (each `format!` costs code in the wasm).
    pub fn refused(&self, field: &str, rule: &str) -> Error {
        Error::invalid(
            field,
            crate::input::cat(&[field, " must be ", rule, ", got ", &self.describe()]),
        )
    }

    /// True for `undefined` (absent) values.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Input::Undefined)
    }

    /// Converts to JSON, refusing what JSON cannot hold (NaN, functions, undefined, ...).
    /// `path` names the value in errors (e.g. `extraBody.seed`).
    pub fn to_json(&self, path: &str, depth: usize) -> Result<Value> {
        // MAX_DEPTH written out: concatenation instead of the formatter.
        const _: () = assert!(MAX_DEPTH == 32);
        // What is wrong, and whether the value is shown after it: one error site for all.
        let (why, shown) = if depth > MAX_DEPTH {
            (" nests deeper than 32 levels (is it cyclic?)", false)
        } else {
            match self {
                Input::Null => return Ok(Value::Null),
                Input::Bool(b) => return Ok(Value::Bool(*b)),
                Input::Number(n) => match json::number(*n) {
                    Some(v) => return Ok(v),
                    None => (" must be a finite number to be sent as JSON, got ", true),
                },
                Input::String(s) => return Ok(Value::String(s.clone())),
                Input::Array(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        out.push(item.to_json(&item_path(path, i), depth + 1)?);
                    }
                    return Ok(Value::Array(out));
                }
                Input::Object {
                    entries,
                    plain: true,
                } => {
                    let mut pairs = Object::new();
                    for (k, v) in entries {
                        let v = v.to_json(&key_path(path, k), depth + 1)?;
                        json::insert(&mut pairs, k.clone(), v);
                    }
                    return Ok(Value::Object(pairs));
                }
                Input::Object { .. } => (
                    " must be a plain object, array or JSON value, got a class instance",
                    false,
                ),
                _ => (" cannot be sent as JSON, got ", true),
            }
        };
        let shown = if shown {
            self.describe()
        } else {
            String::new()
        };
        Err(Error::invalid(path, cat(&[path, why, &shown])))
    }
}

/// The name of item `i` of the array named `path` (`prompts[2]`): one formatting site for all.
#[inline(never)]
pub fn item_path(path: &str, i: usize) -> String {
    let mut out = cat(&[path, "["]);
    push_decimal(&mut out, i as u64);
    out.push(']');
    out
}

/// The name of key `k` of the object named `path` (`extraBody.seed`).
#[inline(never)]
pub fn key_path(path: &str, k: &str) -> String {
    crate::input::cat(&[path, ".", k])
}

/// How many code points `s` holds: its bytes that are not UTF-8 continuation bytes. A plain
/// loop: `chars().count()` is 184 B of wasm here.
pub fn char_count(s: &str) -> usize {
    let mut n = 0;
    for b in s.bytes() {
        n += usize::from((b as i8) >= -0x40);
    }
    n
}

/// A string in double quotes with JSON escapes (`"a\"b"`), for messages. On wasm32 the runtime's
/// `JSON.stringify` writes it (the same bytes: a Rust string holds no lone surrogate); elsewhere
/// the hand-written escaper below, which the host's JSON writer shares. (`{:?}` would pull in
/// core's Unicode escape tables, several KB of wasm.)
#[cfg(target_arch = "wasm32")]
pub fn quote(s: &str) -> String {
    json::stringify(&Value::String(s.to_string()))
}

/// A string in double quotes with JSON escapes (`"a\"b"`), for messages and the host's JSON
/// writer. Hand-written: `{:?}` would pull in core's Unicode escape tables.
#[cfg(not(target_arch = "wasm32"))]
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let hex = |n: u32| char::from_digit(n, 16).unwrap_or('0');
                out.push_str("\\u00");
                out.push(hex(u32::from(c) >> 4));
                out.push(hex(u32::from(c) & 15));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` without the copies of the ASCII byte `b` at its end (`str::trim_end_matches` for one
/// ASCII char, without core's reverse char searcher).
pub fn trim_end_byte(s: &str, b: u8) -> &str {
    let mut end = s.len();
    while end > 0 && s.as_bytes().get(end - 1) == Some(&b) {
        end -= 1;
    }
    s.get(..end).unwrap_or(s)
}

/// A run of ASCII digits as a number: no sign, no spaces, at most 19 digits (so it always fits).
/// One small loop for every integer the SDK reads from text, instead of core's `from_str` for
/// each integer type (about 350-600 B of wasm each).
pub fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
    })
}

/// `n` in decimal (`4194304`): the one integer writer of the SDK. `format!` and `to_string()`
/// would pull in core's formatter and an integer `Display` impl per type (~4 KB of wasm).
pub fn decimal(n: u64) -> String {
    let mut out = String::new();
    push_decimal(&mut out, n);
    out
}

/// Appends `n`'s digits, the higher ones first by recursion (at most 20 levels): no digit
/// buffer, no index to check. Messages push numbers with it in place.
pub(crate) fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// The pieces joined into one string: `[a, b, c].concat()` without std's generic join (1.1 KB
/// of wasm, with a capacity-overflow panic path).
pub fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// `n` in decimal with a `-` when negative (`-12`), as [`decimal`].
pub fn signed_decimal(n: i64) -> String {
    let mut out = String::new();
    push_signed_decimal(&mut out, n);
    out
}

/// Appends `n` in decimal with a `-` when negative, as [`push_decimal`].
pub(crate) fn push_signed_decimal(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_decimal(out, n.unsigned_abs());
}

/// Parses a plain decimal number (`12`, `-0.5`, `40.25`; no exponent), as found in headers and
/// in APIFrame's `percentage`. Hand-written because core's `f64::from_str` costs ~14 KB of wasm.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if (int.is_empty() && frac.is_empty()) || int.len() > 15 || frac.len() > 15 {
        return None;
    }
    let whole = if int.is_empty() { 0 } else { digits(int)? };
    let mut value = whole as f64;
    if !frac.is_empty() {
        value += digits(frac)? as f64 / 10f64.powi(frac.len() as i32);
    }
    Some(if neg { -value } else { value })
}

/// How deep nested objects may go (guards against cycles and stack exhaustion).
pub const MAX_DEPTH: usize = 32;

/// Reads an object's keys against a known list, rejecting unknown keys with a hint.
pub struct Fields<'a> {
    what: &'a str,
    entries: &'a [(String, Input)],
}

impl<'a> Fields<'a> {
    /// Opens `value` as the object named `what` (e.g. `"request"`); anything but an object is refused.
    pub fn open(what: &'a str, value: &'a Input) -> Result<Self> {
        match value {
            Input::Object { entries, .. } => Ok(Fields { what, entries }),
            other => Err(other.refused(what, "an object")),
        }
    }

    /// The value of `key` (`Undefined` when absent).
    pub fn get(&self, key: &str) -> &'a Input {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or(&Input::Undefined)
    }

    /// Refuses any key not in `known`; `foreign` lists keys that belong elsewhere, with the reason
    /// (an empty reason: the key is read by someone else from the same object, and let through).
    pub fn deny_unknown(&self, known: &[&str], foreign: &[(&str, &str)]) -> Result<()> {
        for (key, _) in self.entries {
            if known.contains(&key.as_str()) {
                continue;
            }
            // "<what> has no key "k": <why>" or "<what> has an unknown key "k" (did you mean
            // <s>?); known keys: <known>", written piece by piece (no formatter).
            let why = foreign.iter().find(|(k, _)| *k == key).map(|(_, why)| *why);
            if why == Some("") {
                continue;
            }
            let mut message = self.what.to_string();
            message += if why.is_some() {
                " has no key "
            } else {
                " has an unknown key "
            };
            message += &quote(key);
            if let Some(why) = why {
                message += ": ";
                message += why;
            } else {
                if let Some(s) = suggest(key, known) {
                    message += " (did you mean ";
                    message += s;
                    message += "?)";
                }
                message += "; known keys: ";
                for (i, k) in known.iter().enumerate() {
                    if i > 0 {
                        message += ", ";
                    }
                    message += k;
                }
            }
            return Err(Error::invalid(key.as_str(), message));
        }
        Ok(())
    }
}

/// The known key closest to `key`: same letters ignoring case, `_` and `-` (distance 0), or
/// within two edits. Compared as bytes: every known key is ASCII, and a non-ASCII byte can only
/// add edits.
pub fn suggest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let nk = normalized(key);
    let mut best: Option<(usize, &'k str)> = None;
    for k in known {
        let d = edit_distance(&normalized(k), &nk);
        // The first of the closest within two edits.
        if d <= 2 && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// A key's bytes, lowercase, without `_` and `-`: the kept bytes moved down in a copy of the
/// key, then cut (no `retain` and no growing `push` of their own).
fn normalized(s: &str) -> Vec<u8> {
    let mut out = s.as_bytes().to_vec();
    let mut keep = 0;
    for b in s.bytes() {
        if b != b'_' && b != b'-' {
            if let Some(slot) = out.get_mut(keep) {
                *slot = b.to_ascii_lowercase();
            }
            keep += 1;
        }
    }
    out.truncate(keep);
    out
}

/// Levenshtein distance, one row at a time (index loops: no `zip` or `collect` of their own).
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    // The row without its first column, which is the row's index (`left` starts from it).
    let mut row: Vec<usize> = Vec::with_capacity(b.len());
    while row.len() < b.len() {
        row.push(row.len() + 1);
    }
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = i; // the previous row's value above-left of `cell`
        let mut left = i + 1; // this row's value left of `cell`
        let mut j = 0;
        while let (Some(cell), Some(cb)) = (row.get_mut(j), b.get(j)) {
            let best = (diagonal + usize::from(ca != cb))
                .min(*cell + 1)
                .min(left + 1);
            diagonal = *cell;
            *cell = best;
            left = best;
            j += 1;
        }
    }
    row.last().copied().unwrap_or(a.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_is_levenshtein() {
        // The full table, as the textbook writes it.
        #[allow(clippy::needless_range_loop)]
        fn full(a: &[u8], b: &[u8]) -> usize {
            let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=a.len() {
                for j in 1..=b.len() {
                    let sub = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
                    d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
                }
            }
            d[a.len()][b.len()]
        }
        let words = [
            "", "a", "ab", "ba", "abc", "kitten", "sitting", "prompt", "promt", "xyz",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    edit_distance(a.as_bytes(), b.as_bytes()),
                    full(a.as_bytes(), b.as_bytes()),
                    "{a} {b}"
                );
            }
        }
        assert_eq!(normalized("Parent-Task_ID"), b"parenttaskid");
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 4194304, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [0, -1, -10, 42, i64::MIN, i64::MAX] {
            assert_eq!(signed_decimal(n), n.to_string());
        }
    }

    #[test]
    fn trim_end_byte_is_trim_end_matches() {
        for s in ["", "/", "a", "a//", "//a/", "é/", "a/b/", "..", "x.y."] {
            for b in [b'/', b'.'] {
                assert_eq!(
                    trim_end_byte(s, b),
                    s.trim_end_matches(char::from(b)),
                    "{s}"
                );
            }
        }
    }

    #[test]
    fn decimals_and_quotes() {
        for (s, want) in [
            ("12", Some(12.0)),
            ("-0.5", Some(-0.5)),
            ("40.25", Some(40.25)),
            (".5", Some(0.5)),
            ("7.", Some(7.0)),
            ("+3", Some(3.0)),
        ] {
            assert_eq!(parse_decimal(s), want, "{s}");
        }
        for bad in [
            "",
            ".",
            "-",
            "1e3",
            "abc",
            "1.2.3",
            " 1",
            "0x10",
            "1234567890123456",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        for s in [
            "",
            "plain é 😀",
            "a\\b",
            "\n\r\t\u{8}\u{c}",
            "\u{1}\u{1f}\u{7f}",
        ] {
            let serde = serde_json::Value::String(s.into()).to_string();
            assert_eq!(quote(s), serde, "{s:?}");
        }
        // As JS writes them (the wasm build asks JSON.stringify): plain up to 1e21.
        assert_eq!(Input::Number(1e20).describe(), "100000000000000000000");
        assert_eq!(Input::Number(1e21).describe(), "1e+21");
        assert_eq!(Input::Number(0.1).describe(), "0.1");
    }

    #[test]
    fn cat_joins_as_concat_does() {
        for parts in [&[][..], &["a"], &["", "b", ""], &["x = ", "12", " ms", "é"]] {
            assert_eq!(cat(parts), parts.concat());
        }
    }

    #[test]
    fn decimal_writes_integers_as_display_does() {
        for n in [0, 7, 10, 99, 4_194_304, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [0, -1, 42, -1_000_000, i64::MIN, i64::MAX] {
            assert_eq!(signed_decimal(n), n.to_string());
        }
    }

    #[test]
    fn digits_reads_plain_runs_of_ascii_digits_only() {
        for (s, want) in [
            ("0", Some(0)),
            ("007", Some(7)),
            ("65535", Some(65_535)),
            ("9999999999999999999", Some(9_999_999_999_999_999_999)),
            ("18446744073709551615", None), // 20 digits: refused, never wrapped
            ("", None),
            ("+1", None),
            ("-1", None),
            (" 1", None),
            ("1 ", None),
            ("1.0", None),
            ("1e3", None),
            ("\u{661}", None), // ARABIC-INDIC DIGIT ONE
        ] {
            assert_eq!(digits(s), want, "{s:?}");
        }
    }

    #[test]
    fn char_count_counts_code_points() {
        for s in [
            "",
            "abc",
            "é",
            "😀x",
            "a\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}",
        ] {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        }
    }

    #[test]
    fn suggests_camel_case_for_snake_case() {
        let known = ["parentTaskId", "prompt", "webhookUrl"];
        assert_eq!(suggest("parent_task_id", &known), Some("parentTaskId"));
        assert_eq!(suggest("webhook_url", &known), Some("webhookUrl"));
        assert_eq!(suggest("promt", &known), Some("prompt"));
        assert_eq!(suggest("zzz", &known), None);
        assert_eq!(suggest("Parent-TaskID", &known), Some("parentTaskId"));
        assert_eq!(suggest("webhookUrll", &known), Some("webhookUrl"));
        for (a, b, d) in [
            ("kitten", "sitting", 3),
            ("", "abc", 3),
            ("abc", "", 3),
            ("flaw", "lawn", 2),
            ("same", "same", 0),
            ("ab", "ba", 2),
        ] {
            assert_eq!(edit_distance(a.as_bytes(), b.as_bytes()), d, "{a} -> {b}");
        }
    }

    #[test]
    fn describes_values_without_coercion() {
        assert_eq!(Input::Number(f64::NAN).describe(), "NaN");
        assert_eq!(Input::Number(1.5).describe(), "1.5");
        assert_eq!(Input::Number(f64::NEG_INFINITY).describe(), "-Infinity");
        assert_eq!(Input::str("1").describe(), "\"1\" (a string)");
        assert_eq!(Input::Null.describe(), "null");
        assert_eq!(Input::Array(vec![]).describe(), "an array");
        let long = "x".repeat(100);
        assert!(Input::String(long).describe().len() < 60);
    }

    #[test]
    fn json_conversion_refuses_what_json_cannot_hold() {
        let ok = Input::object(vec![
            ("a", Input::Number(-0.0)),
            ("b", Input::Array(vec![Input::Bool(true), Input::Null])),
            ("c", Input::Number(0.25)),
        ]);
        assert_eq!(
            ok.to_json("extraBody", 0).ok(),
            Some(serde_json::json!({"a": 0, "b": [true, null], "c": 0.25}).into())
        );
        for bad in [
            Input::Number(f64::NAN),
            Input::Number(f64::INFINITY),
            Input::Undefined,
            Input::Function,
            Input::Other("symbol"),
            Input::Object {
                entries: vec![],
                plain: false,
            },
        ] {
            let v = Input::object(vec![("x", bad)]);
            let err = v.to_json("extraBody", 0).err();
            assert_eq!(
                err.and_then(|e| e.field.clone()),
                Some("extraBody.x".to_string())
            );
        }
        let mut deep = Input::Null;
        for _ in 0..40 {
            deep = Input::Array(vec![deep]);
        }
        assert!(deep.to_json("extraBody", 0).is_err());
    }

    #[test]
    fn unknown_keys_are_refused_with_hints() {
        let v = Input::object(vec![("parent_task_id", Input::str("x"))]);
        let f = Fields::open("request", &v).ok();
        let err = f.and_then(|f| f.deny_unknown(&["parentTaskId"], &[]).err());
        let err = err.map(|e| (e.field.clone(), e.message.clone()));
        assert!(
            matches!(err, Some((Some(ref f), ref m)) if f == "parent_task_id" && m.contains("did you mean parentTaskId?"))
        );
        assert!(Fields::open("request", &Input::Null).is_err());
    }
}
