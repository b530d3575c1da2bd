//! The wasm32 side of `crate::json`: bodies go through the runtime's own `JSON.parse` and
//! `JSON.stringify`, and [`Value`]s are walked to and from JS values directly.

use crate::json::{number, Object, Value};
use crate::prelude::*;
use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/js/json.js")]
extern "C" {
    /// `JSON.parse`, or `undefined` when the text is not JSON (never throws).
    #[wasm_bindgen(js_name = parseOrUndefined)]
    fn json_parse(text: &str) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify)]
    fn json_stringify(value: &JsValue) -> Option<String>;
    #[wasm_bindgen(js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Array;
    #[wasm_bindgen(js_namespace = Object, js_name = fromEntries)]
    fn object_from_entries(pairs: &Array) -> JsValue;
}

// Declared token for token as in `convert.rs` (where it may throw): one import for both.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// How deep a parsed body may nest (serde_json's limit when the host parses).
const MAX_DEPTH: usize = 128;

/// Parses one JSON text; `None` when it is not JSON (or holds a number JSON cannot carry).
pub(crate) fn parse(text: &str) -> Option<Value> {
    let parsed = json_parse(text);
    if parsed.is_undefined() {
        return None;
    }
    from_js(&parsed, 0)
}

/// Writes a value as compact JSON text.
pub(crate) fn stringify(value: &Value) -> String {
    json_stringify(&to_js(value)).unwrap_or_default()
}

/// Reads a value produced by `JSON.parse` (only null, booleans, numbers, strings, arrays and
/// plain objects can occur).
fn from_js(value: &JsValue, depth: usize) -> Option<Value> {
    if value.is_null() {
        return Some(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return number(n);
    }
    if let Some(s) = value.as_string() {
        return Some(Value::String(s));
    }
    if depth >= MAX_DEPTH || !value.is_object() {
        return None;
    }
    // By index (`length`, `get`, linked anyway) rather than through `ArrayIter`.
    if is_array(value).unwrap_or(false) {
        let items: &Array = value.unchecked_ref();
        let mut out = Vec::new();
        for i in 0..items.length() {
            out.push(from_js(&items.get(i), depth + 1)?);
        }
        return Some(Value::Array(out));
    }
    // `Object.entries` lists each key once, in JS's own order: no merging needed.
    let mut pairs = Object::new();
    let entries = object_entries(value);
    for i in 0..entries.length() {
        let pair: Array = entries.get(i).unchecked_into();
        let key = pair.get(0).as_string()?;
        pairs.push((key, from_js(&pair.get(1), depth + 1)?));
    }
    Some(Value::Object(pairs))
}

/// The JS value of a JSON value. Objects are made with `Object.fromEntries`, so a `__proto__`
/// key stays an own property as `JSON.parse` would make it (and a repeated key keeps its first
/// place and its last value, as the host writer does).
pub(crate) fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => {
            let out = Array::new();
            for v in items {
                out.push(&to_js(v));
            }
            out.into()
        }
        Value::Object(pairs) => {
            let entries = Array::new();
            for (k, v) in pairs {
                // `[k, v]` with `push` (linked anyway) rather than one more import (`Array.of`).
                let pair = Array::new();
                pair.push(&JsValue::from_str(k));
                pair.push(&to_js(v));
                entries.push(&pair);
            }
            object_from_entries(&entries)
        }
    }
}
