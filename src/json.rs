//! The JSON of request and response bodies: a small [`Value`] tree whose objects keep their
//! keys in order in a `Vec` (no map code in the module), and its text codec. On wasm32 the text
//! goes through the runtime's own `JSON.parse` / `JSON.stringify` (see `js::json`), so the module
//! carries no JSON parser or writer; on the host serde_json parses and a small writer writes the
//! bytes `JSON.stringify` would. Either way the protocol code sees the same values and sends the
//! same bytes.

use crate::prelude::*;
use core::fmt;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON value as JS sees it. Numbers are f64, never NaN or ±Infinity (see [`number`]); an
/// object's keys are unique (see [`insert`]) and in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A finite number (`-0` is kept as `0`, as `JSON.stringify` writes it).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object's key/value pairs, in order.
    Object(Object),
}

/// The key/value pairs of a JSON object, in order.
pub type Object = Vec<(String, Value)>;

/// The largest integer below which every integer is an exact f64 (2^53).
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

impl Value {
    /// The value under `key` when this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object()?
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, when this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number, when this is an integral one within i64's range (`1.0` counts, as in JS).
    pub fn as_i64(&self) -> Option<i64> {
        // -2^63 is an i64, 2^63 is not; both are exact f64s.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        let n = self.as_f64()?;
        (n.fract() == 0.0 && (-LIMIT..LIMIT).contains(&n)).then_some(n as i64)
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items, when this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The key/value pairs, when this is an object.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(pairs) => Some(pairs),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

/// A number as JSON can carry it: `None` for NaN and ±Infinity, and `-0` becomes `0` (what
/// `JSON.stringify` writes, so a value reads back as it was sent).
pub fn number(n: f64) -> Option<Value> {
    // `n + 0.0` is `0.0` for `-0.0` and `n` otherwise.
    // An `if`, not `then_some`: the value is only built when kept (nothing to drop).
    if n.is_finite() {
        Some(Value::Number(n + 0.0))
    } else {
        None
    }
}

/// Sets `key` in an object: a key it already has keeps its place and takes the new value (as
/// `JSON.parse` and `Object.fromEntries` do with a repeated key); a new key goes last.
pub fn insert(object: &mut Object, key: String, value: Value) {
    match object.iter_mut().find(|(k, _)| *k == key) {
        Some(slot) => slot.1 = value,
        None => object.push((key, value)),
    }
}

/// Why a body could not be read as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonError {
    /// It starts like a JSON object, array or string but ends before closing it.
    Truncated,
    /// Anything else that is not JSON.
    Invalid,
}

/// Parses one JSON text.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    #[cfg(not(target_arch = "wasm32"))]
    let parsed = serde_json::from_str(text).ok();
    #[cfg(target_arch = "wasm32")]
    let parsed = crate::js::json::parse(text);
    parsed.ok_or_else(|| {
        if ends_early(text) {
            JsonError::Truncated
        } else {
            JsonError::Invalid
        }
    })
}

/// Writes a value as compact JSON text, the bytes `JSON.stringify` gives.
pub fn stringify(value: &Value) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return host::stringify(value);
    #[cfg(target_arch = "wasm32")]
    return crate::js::json::stringify(value);
}

/// Whether `text` opens an object, array or string and ends while one is still open (no closing
/// bracket seen without its opener). The same answer on every runtime, whatever its parser says.
fn ends_early(text: &str) -> bool {
    // The first character after white space must open something. The white space itself holds
    // no bracket or quote byte, so the scan below may start from the very beginning.
    let mut opens = false;
    for c in text.chars() {
        if !c.is_whitespace() {
            opens = matches!(c, '{' | '[' | '"');
            break;
        }
    }
    if !opens {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    in_string || depth > 0
}

/// The JSON text, as [`stringify`] writes it.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&stringify(self))
    }
}

/// As serde data (for host tests and the TypeScript types of structs holding a value): objects
/// are maps in order, integral numbers within ±2^53 are integers.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) if n.fract() == 0.0 && n.abs() < EXACT_INT => {
                s.serialize_i64(*n as i64)
            }
            Value::Number(n) => s.serialize_f64(*n),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => s.collect_seq(items),
            Value::Object(pairs) => serialize_object(pairs, s),
        }
    }
}

fn serialize_object<S: Serializer>(pairs: &[(String, Value)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

/// `serialize_with` for an optional object field (`extraBody`): a map, not a list of pairs.
pub(crate) fn serialize_optional_object<S: Serializer>(
    object: &Option<Object>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match object {
        Some(pairs) => serialize_object(pairs, s),
        None => s.serialize_none(),
    }
}

/// The host side: reading with serde_json (keeping key order), and a writer that gives the bytes
/// `JSON.stringify` does on wasm32.
#[cfg(not(target_arch = "wasm32"))]
mod host {
    use super::order::{js_order, js_rank};
    use super::{insert, number, Object, Value};
    use crate::input::quote;
    use core::fmt;
    use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};

    pub(super) fn stringify(value: &Value) -> String {
        let mut out = String::new();
        write(&mut out, value);
        out
    }

    fn write(out: &mut String, value: &Value) {
        match value {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => write_number(out, *n),
            Value::String(s) => out.push_str(&quote(s)),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(out, item);
                }
                out.push(']');
            }
            Value::Object(pairs) => {
                // What `Object.fromEntries` makes of the pairs: a repeated key keeps its first
                // place and its last value; then JS's enumeration order.
                let mut keys: Vec<(&str, &Value)> = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    match keys.iter_mut().find(|(seen, _)| *seen == k) {
                        Some(slot) => slot.1 = v,
                        None => keys.push((k, v)),
                    }
                }
                keys.sort_by_key(|(k, _)| js_rank(k));
                out.push('{');
                for (i, (k, v)) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&quote(k));
                    out.push(':');
                    write(out, v);
                }
                out.push('}');
            }
        }
    }

    /// A number as JS's `Number.prototype.toString` writes it (ECMA-262 Number::toString): the
    /// shortest digits that read back as the same f64, in plain notation from 1e-7 up to 1e21
    /// and with an exponent (`1e+21`, `1.5e-7`) outside that. NaN and ±Infinity, which a
    /// [`Value`] never holds, come out as `null` as `JSON.stringify` writes them.
    fn write_number(out: &mut String, n: f64) {
        if !n.is_finite() {
            out.push_str("null");
            return;
        }
        if n == 0.0 {
            out.push('0');
            return;
        }
        if n < 0.0 {
            out.push('-');
        }
        // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-7", "5e0".
        let sci = format!("{:e}", n.abs());
        let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
        let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
        let k = digits.len() as i64;
        // The value is 0.<digits> x 10^point.
        let point = exp.parse::<i64>().unwrap_or(0) + 1;
        let (head, tail) = digits.split_at(point.clamp(0, k) as usize);
        if k <= point && point <= 21 {
            out.push_str(&digits);
            out.extend(std::iter::repeat_n('0', (point - k) as usize));
        } else if 0 < point && point <= 21 {
            out.push_str(head);
            out.push('.');
            out.push_str(tail);
        } else if -6 < point && point <= 0 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else {
            let (first, rest) = digits.split_at(1);
            out.push_str(first);
            if !rest.is_empty() {
                out.push('.');
                out.push_str(rest);
            }
            let e = point - 1;
            out.push_str(if e < 0 { "e-" } else { "e+" });
            out.push_str(&e.abs().to_string());
        }
    }

    /// Reads any self-describing serde data (serde_json's parser on the host): numbers become
    /// f64 as `JSON.parse` makes them, object keys keep their order as [`insert`] and JS's
    /// enumeration order leave it.
    impl<'de> Deserialize<'de> for Value {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(ValueVisitor)
        }
    }

    struct ValueVisitor;

    impl<'de> Visitor<'de> for ValueVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_unit<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E: Error>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_bool<E: Error>(self, b: bool) -> Result<Value, E> {
            Ok(Value::Bool(b))
        }
        fn visit_i64<E: Error>(self, n: i64) -> Result<Value, E> {
            self.visit_f64(n as f64)
        }
        fn visit_u64<E: Error>(self, n: u64) -> Result<Value, E> {
            self.visit_f64(n as f64)
        }
        fn visit_f64<E: Error>(self, n: f64) -> Result<Value, E> {
            number(n).ok_or_else(|| E::custom("a number JSON cannot carry"))
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<Value, E> {
            Ok(Value::String(s.to_string()))
        }
        fn visit_string<E: Error>(self, s: String) -> Result<Value, E> {
            Ok(Value::String(s))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut pairs = Object::new();
            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                insert(&mut pairs, k, v);
            }
            js_order(&mut pairs);
            Ok(Value::Object(pairs))
        }
    }
}

/// JS's order of an object's keys, and serde_json values (test fixtures written with `json!`)
/// read as [`Value`]s. On the host, and in the tests of every target.
#[cfg(any(test, not(target_arch = "wasm32")))]
mod order {
    use super::{number, Object, Value};

    /// Where JS puts a key when it enumerates an object: array indices (`"0"` to
    /// `"4294967294"`, no leading zeros) first in numeric order, every other key after them in
    /// insertion order.
    pub(super) fn js_rank(key: &str) -> u64 {
        const NOT_AN_INDEX: u64 = u32::MAX as u64;
        let canonical = !key.is_empty()
            && key.len() <= 10
            && key.bytes().all(|b| b.is_ascii_digit())
            && (key == "0" || !key.starts_with('0'));
        match key.parse::<u64>() {
            Ok(n) if canonical && n < NOT_AN_INDEX => n,
            _ => NOT_AN_INDEX,
        }
    }

    /// An object's pairs in the order JS would hold them (a stable sort: only indices move).
    pub(super) fn js_order(pairs: &mut Object) {
        pairs.sort_by_key(|(k, _)| js_rank(k));
    }

    /// A serde_json value (handy for fixtures written with `json!`). Its objects are sorted by
    /// key, so the pairs come in that order (array indices first, as JS would hold them).
    impl From<serde_json::Value> for Value {
        fn from(v: serde_json::Value) -> Self {
            match v {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(b),
                serde_json::Value::Number(n) => n.as_f64().and_then(number).unwrap_or(Value::Null),
                serde_json::Value::String(s) => Value::String(s),
                serde_json::Value::Array(items) => {
                    Value::Array(items.into_iter().map(Value::from).collect())
                }
                serde_json::Value::Object(map) => {
                    let mut pairs: Object = map.into_iter().map(|(k, v)| (k, v.into())).collect();
                    js_order(&mut pairs);
                    Value::Object(pairs)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(pairs: Vec<(&str, Value)>) -> Value {
        Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn s(text: &str) -> Value {
        Value::String(text.to_string())
    }

    #[test]
    fn accessors_read_only_their_own_kind() {
        let v = obj(vec![
            ("s", s("x")),
            ("n", Value::Number(2.0)),
            ("f", Value::Number(2.5)),
            ("b", Value::Bool(true)),
            ("a", Value::Array(vec![Value::Null])),
            ("z", Value::Null),
        ]);
        assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(v.get("n").and_then(Value::as_f64), Some(2.0));
        assert_eq!(v.get("n").and_then(Value::as_i64), Some(2));
        assert_eq!(v.get("f").and_then(Value::as_i64), None, "not integral");
        assert_eq!(v.get("b").and_then(Value::as_bool), Some(true));
        assert_eq!(v.get("a").and_then(Value::as_array).map(Vec::len), Some(1));
        assert!(v.get("z").is_some_and(Value::is_null));
        assert_eq!(v.get("missing"), None);
        assert!(v.is_object() && v.as_object().is_some_and(|o| o.len() == 6));
        for (key, wrong) in [("s", "n"), ("n", "s"), ("b", "s"), ("a", "z")] {
            let w = v.get(wrong);
            assert!(w.is_some(), "{wrong}");
            match key {
                "s" => assert_eq!(w.and_then(Value::as_str), None),
                "n" => assert_eq!(w.and_then(Value::as_f64), None),
                "b" => assert_eq!(w.and_then(Value::as_bool), None),
                _ => assert_eq!(w.and_then(Value::as_array), None),
            }
        }
        assert_eq!(s("x").get("s"), None, "only objects have keys");
        assert!(!Value::Array(vec![]).is_object());
        assert_eq!(Value::Number(-9.3e18).as_i64(), None, "out of i64's range");
        assert_eq!(
            Value::Number(-9_223_372_036_854_775_808.0).as_i64(),
            Some(i64::MIN)
        );
        assert_eq!(Value::Number(9_223_372_036_854_775_808.0).as_i64(), None);
        assert_eq!(Value::Number(-3.0).as_i64(), Some(-3));
    }

    #[test]
    fn numbers_refuse_what_json_cannot_hold() {
        assert_eq!(number(f64::NAN), None);
        assert_eq!(number(f64::INFINITY), None);
        assert_eq!(number(f64::NEG_INFINITY), None);
        assert_eq!(number(1.5), Some(Value::Number(1.5)));
        let zero = number(-0.0).and_then(|v| v.as_f64()).unwrap_or(f64::NAN);
        assert!(zero == 0.0 && zero.is_sign_positive(), "-0 is kept as 0");
    }

    #[test]
    fn insert_replaces_in_place_and_appends_new_keys() {
        let mut o = Object::new();
        insert(&mut o, "b".into(), Value::Number(1.0));
        insert(&mut o, "a".into(), Value::Number(2.0));
        insert(&mut o, "b".into(), Value::Number(3.0));
        insert(&mut o, "c".into(), Value::Null);
        assert_eq!(
            Value::Object(o),
            obj(vec![
                ("b", Value::Number(3.0)),
                ("a", Value::Number(2.0)),
                ("c", Value::Null)
            ])
        );
    }

    #[test]
    fn writes_the_bytes_json_stringify_does() {
        // Each right-hand side is what Node's JSON.stringify prints for the value.
        for (n, want) in [
            (1.0, "1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (-2.0, "-2"),
            (1e21, "1e+21"),
            (-1e21, "-1e+21"),
            (1e20, "100000000000000000000"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.5e-300, "-2.5e-300"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (9_007_199_254_740_992.0, "9007199254740992"),
            (9_007_199_254_740_994.0, "9007199254740994"),
            (0.1 + 0.2, "0.30000000000000004"),
            (123.456, "123.456"),
            (1e300, "1e+300"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            assert_eq!(stringify(&Value::Number(n)), want, "{n:e}");
        }
        // JSON.stringify("\u0000\u001f\u007f\u2028\"\\\b\f\n\r\t é😀")
        assert_eq!(
            stringify(&s("\u{0}\u{1f}\u{7f}\u{2028}\"\\\u{8}\u{c}\n\r\t é😀")),
            "\"\\u0000\\u001f\u{7f}\u{2028}\\\"\\\\\\b\\f\\n\\r\\t é😀\""
        );
        let v = obj(vec![
            ("z", Value::Array(vec![Value::Bool(false), Value::Null])),
            ("a\"b", obj(vec![])),
            ("n", Value::Number(7.0)),
        ]);
        assert_eq!(stringify(&v), r#"{"z":[false,null],"a\"b":{},"n":7}"#);
    }

    #[test]
    fn objects_are_written_as_js_holds_them() {
        // JSON.stringify(Object.fromEntries([["b",1],["4294967294",2],["4294967295",3],
        //   ["01",4],["1",5],["a",6],["b",7],["-1",8],["__proto__",9]]))
        let pairs = [
            ("b", 1.0),
            ("4294967294", 2.0),
            ("4294967295", 3.0),
            ("01", 4.0),
            ("1", 5.0),
            ("a", 6.0),
            ("b", 7.0),
            ("-1", 8.0),
            ("__proto__", 9.0),
        ];
        let v = obj(pairs.iter().map(|(k, n)| (*k, Value::Number(*n))).collect());
        let want =
            r#"{"1":5,"4294967294":2,"b":7,"4294967295":3,"01":4,"a":6,"-1":8,"__proto__":9}"#;
        assert_eq!(stringify(&v), want);
        // Parsing the same text gives the pairs in that order, once each.
        let parsed = parse(want).ok();
        assert_eq!(parsed.as_ref().map(stringify).as_deref(), Some(want));
        let keys: Vec<&str> = parsed
            .iter()
            .flat_map(|v| v.as_object().into_iter().flatten())
            .map(|(k, _)| k.as_str())
            .collect();
        let want_keys = [
            "1",
            "4294967294",
            "b",
            "4294967295",
            "01",
            "a",
            "-1",
            "__proto__",
        ];
        assert_eq!(keys, want_keys);
    }

    #[test]
    fn parsing_keeps_key_order_and_lets_the_last_repeat_win() {
        let v = parse(r#"{"zeta": 1, "alpha": {"y": 2, "x": 3}, "zeta": 4, "mid": [1.0, -0]}"#);
        let want = obj(vec![
            ("zeta", Value::Number(4.0)),
            (
                "alpha",
                obj(vec![("y", Value::Number(2.0)), ("x", Value::Number(3.0))]),
            ),
            (
                "mid",
                Value::Array(vec![Value::Number(1.0), Value::Number(0.0)]),
            ),
        ]);
        assert_eq!(v, Ok(want));
        assert_eq!(
            parse(r#"{"zeta":4,"alpha":{"y":2,"x":3},"mid":[1,0]}"#).map(|v| stringify(&v)),
            Ok(r#"{"zeta":4,"alpha":{"y":2,"x":3},"mid":[1,0]}"#.to_string())
        );
        assert_eq!(parse("0.1").map(|v| v.as_f64()), Ok(Some(0.1)));
        assert_eq!(
            parse("1e400"),
            Err(JsonError::Invalid),
            "Infinity is no JSON number"
        );
    }

    #[test]
    fn round_trips_and_classifies_failures() {
        let v = obj(vec![
            (
                "a",
                Value::Array(vec![Value::Number(1.0), Value::Number(2.5), s("x\"y")]),
            ),
            ("b", Value::Null),
        ]);
        assert_eq!(parse(&stringify(&v)), Ok(v));
        for (text, want) in [
            ("{\"job_id\":", JsonError::Truncated),
            ("[1, 2", JsonError::Truncated),
            ("\"abc", JsonError::Truncated),
            ("{\"a\": \"x\\\"}", JsonError::Truncated),
            ("not json", JsonError::Invalid),
            ("<html></html>", JsonError::Invalid),
            ("{\"a\": 1}}", JsonError::Invalid),
            ("]", JsonError::Invalid),
            ("{\"a\": 1} x", JsonError::Invalid),
            ("", JsonError::Invalid),
        ] {
            assert_eq!(parse(text), Err(want), "{text}");
        }
    }

    #[test]
    fn serialises_as_a_map_in_order() {
        let v = obj(vec![
            ("b", Value::Number(1.0)),
            ("a", Value::Number(0.5)),
            ("c", Value::Array(vec![Value::Bool(true), Value::Null])),
        ]);
        let text = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(text, r#"{"b":1,"a":0.5,"c":[true,null]}"#);
        assert_eq!(text, stringify(&v));
        let from: Value = serde_json::json!({"b": 1, "a": 0.5, "10": 1, "9": 2}).into();
        assert_eq!(stringify(&from), r#"{"9":2,"10":1,"a":0.5,"b":1}"#);
    }
}
