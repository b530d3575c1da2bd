//! Conversions at the JS boundary: any `JsValue` into an [`Input`] without coercion, and tasks
//! and errors back into JS values (`VideoExtendError` instances for errors).

use super::json;
use crate::error::Error;
use crate::input::{Input, MAX_DEPTH};
use crate::prelude::*;
use crate::task::Task;
use js_sys::{Array, Object, Reflect};
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
    let mut budget = MAX_VALUES;
    walk(value, path, 0, &mut budget)
}

/// The most values one argument may hold. The depth limit alone lets shared or cyclic
/// references (`o.a = o.b = o`) grow exponentially, and a sparse array may claim 2^32 - 1 items.
const MAX_VALUES: usize = 100_000;
const _: () = assert!(MAX_VALUES == 100_000, "walk's message says 100000");

fn walk(value: &JsValue, path: &str, depth: usize, budget: &mut usize) -> Result<Input, Error> {
    let Some(left) = budget.checked_sub(1) else {
        return Err(Error::invalid(
            path,
            path.to_string()
                + " holds more than 100000 values (is it cyclic, or a huge sparse array?)",
        ));
    };
    *budget = left;
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
    // A real signal: `Object.create(AbortSignal.prototype)` passes `instanceof` but its
    // `aborted` getter throws, and it never fires; it is read as the object it is.
    if value.has_type::<web_sys::AbortSignal>() && super::get(value, "aborted").as_bool().is_some()
    {
        return Ok(Input::Signal);
    }
    if depth >= MAX_DEPTH {
        return Ok(Input::Other("value nested too deeply (cyclic?)"));
    }
    let unreadable = |what: &str, e: JsValue| {
        let why = super::message_or(&e, "it threw");
        let shown: String = why.chars().take(120).collect();
        Error::invalid(
            path,
            crate::input::cat(&[path, " could not be read (", what, ": ", &shown, ")"]),
        )
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
            let v = Reflect::get(value, &JsValue::from(i)).map_err(|e| unreadable("an item", e))?;
            items.push(walk(
                &v,
                &crate::input::item_path(path, i as usize),
                depth + 1,
                budget,
            )?);
        }
        return Ok(Input::Array(items));
    }
    let keys = object_keys(value).map_err(|e| unreadable("its keys", e))?;
    let proto = prototype_of(value).map_err(|e| unreadable("its prototype", e))?;
    let object_proto = prototype_of(&Object::new().into()).unwrap_or(JsValue::NULL);
    let plain = proto.is_null() || proto == object_proto;
    let mut entries = Vec::with_capacity((keys.length() as usize).min(*budget));
    // By index (`length`, `get`): an array Object.keys made, whose items cannot throw.
    for i in 0..keys.length() {
        let key = keys.get(i);
        let k = key.as_string().unwrap_or_default();
        let v = Reflect::get(value, &key)
            .map_err(|e| unreadable(&("key ".to_string() + &crate::input::quote(&k)), e))?;
        let child = crate::input::key_path(path, &k);
        entries.push((k, walk(&v, &child, depth + 1, budget)?));
    }
    Ok(Input::Object { entries, plain })
}

/// A plain object with properties set in order; absent (`None`) values are left out, as the
/// `.d.ts` says (`field?: T`).
struct Props(Object);

impl Props {
    fn new() -> Self {
        Props(Object::new())
    }

    fn set(&self, key: &str, value: &JsValue) {
        super::set(&self.0, key, value);
    }

    fn text(&self, key: &str, value: Option<&String>) {
        if let Some(v) = value {
            self.set(key, &JsValue::from_str(v));
        }
    }

    fn number(&self, key: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.set(key, &JsValue::from_f64(v));
        }
    }
}

/// A JS array of strings (video URLs, task ids).
pub fn strings(items: &[String]) -> Array {
    let out = Array::new();
    for s in items {
        out.push(&JsValue::from_str(s));
    }
    out
}

/// The JS `Task` object (the same properties, in the same order, as the `Task` type).
pub fn task_to_js(task: &Task) -> JsValue {
    let o = Props::new();
    o.set("id", &JsValue::from_str(&task.id));
    o.set("provider", &JsValue::from_str(task.provider.as_str()));
    o.set("status", &JsValue::from_str(task.status.as_str()));
    o.text("providerStatus", task.provider_status.as_ref());
    o.number("progress", task.progress);
    o.set("videoUrls", &strings(&task.video_urls));
    o.text("seed", task.seed.as_ref());
    if let Some(u) = &task.usage {
        let usage = Props::new();
        usage.text("unit", u.unit.as_ref());
        usage.number("frozen", u.frozen);
        usage.number("consumed", u.consumed);
        o.set("usage", &usage.0);
    }
    o.text("createdAt", task.created_at.as_ref());
    o.text("startedAt", task.started_at.as_ref());
    o.text("endedAt", task.ended_at.as_ref());
    if let Some(e) = &task.error {
        let error = Props::new();
        error.text("code", Some(&e.code));
        error.text("message", Some(&e.message));
        o.set("error", &error.0);
    }
    o.set("raw", &json::to_js(&task.raw));
    o.0.into()
}

/// The `VideoExtendError` instance for an error (the properties of `VideoExtendErrorData`).
pub fn error_to_js(error: &Error) -> JsValue {
    let o = Props::new();
    o.set("code", &JsValue::from_str(error.code.as_str()));
    o.text("message", Some(&error.message));
    o.text("field", error.field.as_ref());
    o.number("status", error.status.map(f64::from));
    o.set("retryable", &JsValue::from_bool(error.retryable));
    o.set("ambiguous", &JsValue::from_bool(error.ambiguous));
    o.text("requestId", error.request_id.as_ref());
    o.text("providerMessage", error.provider_message.as_ref());
    if let Some(p) = error.provider {
        o.set("provider", &JsValue::from_str(p.as_str()));
    }
    o.text("taskId", error.task_id.as_ref());
    o.number("step", error.step.map(f64::from));
    if let Some(p) = &error.resume_from {
        let resume = Props::new();
        resume.set("finishedTaskIds", &strings(&p.finished_task_ids));
        resume.text("pendingTaskId", p.pending_task_id.as_ref());
        o.set("resumeFrom", &resume.0);
    }
    JsVideoExtendError::new(&o.0).into()
}
