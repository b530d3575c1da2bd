//! Reading a webhook from JS: a Web `Request` (Workers, Deno, Bun, service workers) or
//! `{ body, headers, url? }` from Node's http / Express, with a string or `Uint8Array` body and a
//! plain or `Headers` object. Verification and parsing are `crate::webhook`'s.

use super::{function, get};
use crate::error::{Error, ErrorCode};
use crate::prelude::*;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

/// How many values of a repeated header (an array in Node's `headers`) are read.
const MAX_HEADER_VALUES: u32 = 16;

// Reflection on a caller's object may run user code (proxy traps): caught, never thrown past wasm.
// Declared token for token as in `convert.rs`: wasm-bindgen then emits one import for both.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(value: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

pub(super) fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::InvalidWebhook, message)
}

/// Reads one header from a `Headers` (has `get`) or a plain object (any case, arrays joined).
pub(super) fn header(headers: &JsValue, name: &str) -> Option<String> {
    if let Some(f) = function(headers, "get") {
        return f
            .call1(headers, &JsValue::from_str(name))
            .unwrap_or(JsValue::UNDEFINED)
            .as_string();
    }
    let keys = object_keys(headers).ok()?;
    // By index: an array Object.keys made, whose items cannot throw.
    for i in 0..keys.length() {
        let k = keys.get(i);
        if !k
            .as_string()
            .is_some_and(|key| key.eq_ignore_ascii_case(name))
        {
            continue;
        }
        let v = Reflect::get(headers, &k).unwrap_or(JsValue::UNDEFINED);
        if let Some(s) = v.as_string() {
            return Some(s);
        }
        if !is_array(&v).unwrap_or(false) {
            return None;
        }
        // Bounded: a sparse array may claim 2^32 - 1 items.
        // Below 0, NaN or absent: none (the cast saturates and takes NaN to 0).
        let len = match get(&v, "length").as_f64() {
            Some(n) => (n as u32).min(MAX_HEADER_VALUES),
            None => 0,
        };
        // The string items, joined with ", ".
        let mut joined = String::new();
        let mut sep = "";
        for i in 0..len {
            if let Some(s) = Reflect::get(&v, &JsValue::from(i))
                .unwrap_or(JsValue::UNDEFINED)
                .as_string()
            {
                joined.push_str(sep);
                joined.push_str(&s);
                sep = ", ";
            }
        }
        return Some(joined);
    }
    None
}

/// What `crate::webhook` reads of a request.
pub struct Request {
    /// The `x-webhook-secret` header.
    pub secret: Option<String>,
    /// The URL the request arrived at.
    pub url: Option<String>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Reads the JS `$input` (a `&JsValue`) and a `Request`'s body (at most 1 MiB) into a
/// [`Request`], or returns `Err($fail(error))` from the enclosing async block. A macro rather than
/// an `async fn`: expanded in `parseWebhook`'s async block, the read is no future of its own
/// (a nested state machine with its own drop glue and resume panic: 151 B gzip).
macro_rules! read {
    ($input:expr, $fail:expr) => {{
        use $crate::error::Error;
        use $crate::js::get;
        use $crate::js::webhook::{header, invalid, Request};
        use $crate::webhook::{MAX_WEBHOOK_BYTES, SECRET_HEADER};
        use js_sys::{Promise, Uint8Array};
        use wasm_bindgen::{JsCast, JsValue};
        let input: &JsValue = $input;
        let fail = $fail;
        if !input.is_object() {
            return Err(fail(Error::invalid(
                "input",
                "input must be a Request or { body, headers, url? }",
            )));
        }
        let headers_js = get(input, "headers");
        if !headers_js.is_object() {
            return Err(fail(Error::invalid(
                "input.headers",
                "input.headers must be a Headers or a plain object",
            )));
        }
        let secret = header(&headers_js, SECRET_HEADER);
        if let Some(v) = header(&headers_js, "content-length") {
            if $crate::input::digits(v.trim()).is_some_and(|n| n > MAX_WEBHOOK_BYTES as u64) {
                return Err(fail(invalid("the body is over the 1 MiB limit")));
            }
        }
        let url = get(input, "url").as_string();
        let body_js = get(input, "body");
        let reader = $crate::js::function(input, "arrayBuffer");
        let body = if let Some(s) = body_js.as_string() {
            s.into_bytes()
        } else {
            let bytes = if let Some(f) = reader {
                // A Web Request: read the stream once.
                let promise = f
                    .call0(input)
                    .map_err(|_| fail(invalid("the request body could not be read")))?;
                if !promise.has_type::<Promise>() {
                    return Err(fail(invalid("the request body could not be read")));
                }
                let buf = $crate::js::executor::settled(&promise)
                    .await
                    .map_err(|_| fail(invalid("the request body could not be read (already used?)")))?;
                if !buf.has_type::<js_sys::ArrayBuffer>() {
                    return Err(fail(invalid(
                        "the request body could not be read (not an ArrayBuffer)",
                    )));
                }
                Uint8Array::new(&buf)
            } else {
                if !body_js.has_type::<Uint8Array>() {
                    return Err(fail(Error::invalid(
                        "input.body",
                        "input.body must be the raw body as a string or Uint8Array (not parsed JSON: the bytes are what is verified)",
                    )));
                }
                body_js.unchecked_into::<Uint8Array>()
            };
            if bytes.length() as usize > MAX_WEBHOOK_BYTES {
                return Err(fail(invalid("the body is over the 1 MiB limit")));
            }
            bytes.to_vec()
        };
        Request { secret, url, body }
    }};
}
pub(super) use read;
