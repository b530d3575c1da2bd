//! Conversions at the JS boundary: any `JsValue` into an [`Input`] without coercion, and tasks
//! and errors back into JS values (`VideoExtendError` instances for errors).

use crate::error::{Error, ErrorCode};
use crate::input::{Input, MAX_DEPTH};
use js_sys::{Array, Object, Reflect, JSON};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// Reflection that may run user code (proxy traps): each call is caught, never thrown past wasm.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Object, js_name = getPrototypeOf)]
    fn prototype_of(value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = VideoExtendError)]
    type JsVideoExtendError;
    #[wasm_bindgen(constructor, js_class = "VideoExtendError")]
    fn new(data: &JsValue) -> JsVideoExtendError;
}

/// Reads a JS value as an [`Input`]. Getters and proxy traps run (that is what reading means);
/// if one throws, the error names the field.
pub fn to_input(value: &JsValue, path: &str) -> Result<Input, Error> {
    walk(value, path, 0)
}

fn walk(value: &JsValue, path: &str, depth: usize) -> Result<Input, Error> {
    if value.is_undefined() {
        return Ok(Input::Undefined);
    }
    if value.is_null() {
        return Ok(Input::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Input::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Input::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Input::String(s));
    }
    if value.is_function() {
        return Ok(Input::Function);
    }
    if value.is_symbol() {
        return Ok(Input::Other("symbol"));
    }
    if value.is_bigint() {
        return Ok(Input::Other("bigint"));
    }
    if !value.is_object() {
        return Ok(Input::Other("value of an unknown type"));
    }
    if value.has_type::<web_sys::AbortSignal>() {
        return Ok(Input::Signal);
    }
    if depth >= MAX_DEPTH {
        return Ok(Input::Other("value nested too deeply (cyclic?)"));
    }
    let unreadable = |what: &str, e: JsValue| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "it threw".into());
        let shown: String = why.chars().take(120).collect();
        Error::invalid(path, format!("{path} could not be read ({what}: {shown})"))
    };
    if is_array(value).map_err(|e| unreadable("its type", e))? {
        let len = Reflect::get(value, &JsValue::from_str("length"))
            .map_err(|e| unreadable("length", e))?
            .as_f64()
            .unwrap_or(0.0);
        let len = if len.is_finite() && len > 0.0 {
            len as u32
        } else {
            0
        };
        let mut items = Vec::new();
        for i in 0..len {
            let v = Reflect::get_u32(value, i).map_err(|e| unreadable("an item", e))?;
            items.push(walk(&v, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Input::Array(items));
    }
    let keys = object_keys(value).map_err(|e| unreadable("its keys", e))?;
    let proto = prototype_of(value).map_err(|e| unreadable("its prototype", e))?;
    let object_proto = prototype_of(&Object::new().into()).unwrap_or(JsValue::NULL);
    let plain = proto.is_null() || proto == object_proto;
    let mut entries = Vec::with_capacity(keys.length() as usize);
    for key in keys.iter() {
        let k = key.as_string().unwrap_or_default();
        let v = Reflect::get(value, &key)
            .map_err(|e| unreadable(&format!("key {}", crate::input::quote(&k)), e))?;
        let child = format!("{path}.{k}");
        entries.push((k, walk(&v, &child, depth + 1)?));
    }
    Ok(Input::Object { entries, plain })
}

/// Serialises a Rust value into a JS value through JSON (tasks are small; this keeps the module small).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorCode::InvalidResponse,
            format!("could not encode the result: {e}"),
        )
    })?;
    JSON::parse(&text)
        .map_err(|_| Error::new(ErrorCode::InvalidResponse, "could not decode the result"))
}

/// The `VideoExtendError` instance for an error.
pub fn error_to_js(error: &Error) -> JsValue {
    let data = to_js(error).unwrap_or_else(|_| {
        let o = Object::new();
        let _ = Reflect::set(&o, &"code".into(), &error.code.as_str().into());
        let _ = Reflect::set(&o, &"message".into(), &error.message.as_str().into());
        o.into()
    });
    JsVideoExtendError::new(&data).into()
}
