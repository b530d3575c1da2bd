//! The wasm32 runtime: the global `fetch` called as `fetch(url, init)` (never through `window`,
//! never bound to another object), timeouts with `AbortController` + `setTimeout`, and the
//! caller's `AbortSignal`.

use super::{Runtime, TransportError};
use crate::prelude::*;
// Reads that never throw on non-objects (a caught exception leaks an externref slot).
use crate::http::{HttpRequest, HttpResponse};
use crate::js::executor::{race, Settled};
use crate::js::{function, get, message_or, set};
use crate::provider::MAX_BODY_BYTES;
use js_sys::{Function, Object, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &Object) -> Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Response headers the SDK reads.
const READ_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "retry-after",
    "retry-after-ms",
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "cf-ray",
];

/// Node's error codes that prove the request never left (connection not established).
const NOT_SENT_CODES: &[&str] = &[
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
    "ConnectionRefused",
];

/// The runtime of one JS call: an optional user `fetch` and an optional `AbortSignal`.
pub struct FetchRuntime {
    fetch: Option<Function>,
    signal: Option<AbortSignal>,
}

impl FetchRuntime {
    /// A runtime using `fetch` (or the global one) and honouring `signal`.
    pub fn new(fetch: Option<Function>, signal: Option<AbortSignal>) -> Self {
        FetchRuntime { fetch, signal }
    }

    fn aborted(&self) -> bool {
        aborted(self.signal.as_ref())
    }
}

/// Whether `signal` is aborted. Read with `get` (caught): a getter that throws must not
/// unwind through wasm.
fn aborted(signal: Option<&AbortSignal>) -> bool {
    signal.is_some_and(|s| get(s, "aborted").as_bool() == Some(true))
}

/// Cancels a timer and an abort listener when dropped, whatever path the call took.
struct Guard {
    timer: JsValue,
    signal: Option<AbortSignal>,
    on_abort: Function,
}

impl Drop for Guard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(signal) = &self.signal {
            let _ = signal.remove_event_listener_with_callback("abort", &self.on_abort);
        }
    }
}

/// Settles `stop` after `ms` (fulfilled) or when the caller aborts (rejected), whichever comes
/// first: the executor's shared callback, bound to `stop`, is the timer and the listener.
fn arm(ms: u32, signal: Option<&AbortSignal>, stop: &Settled) -> Guard {
    let timer = set_timeout(&stop.callback(false), f64::from(ms));
    let on_abort = stop.callback(true);
    if let Some(s) = signal {
        let _ = s.add_event_listener_with_callback("abort", &on_abort);
    }
    Guard {
        timer,
        signal: signal.cloned(),
        on_abort,
    }
}

fn error_text(e: &JsValue) -> (String, bool) {
    let message = message_or(e, "fetch failed");
    // undici puts the socket error in `cause` (sometimes nested once more).
    let mut code = None;
    let mut cur = e.clone();
    // No cause (or a primitive one) ends nothing early: `get` on a non-object is `undefined`.
    for _ in 0..3 {
        let cause = get(&cur, "cause");
        if let Some(c) = get(&cause, "code").as_string() {
            code = Some(c);
            break;
        }
        cur = cause;
    }
    // Fetch refuses some ports before connecting ("bad port"): nothing was sent either.
    let bad_port = message_or(&get(e, "cause"), "") == "bad port";
    let not_sent = bad_port
        || match &code {
            Some(c) => NOT_SENT_CODES.contains(&c.as_str()),
            None => false,
        };
    let text = match code {
        Some(c) => message + " (" + &c + ")",
        None => message,
    };
    (text.chars().take(200).collect(), !not_sent)
}

impl Runtime for FetchRuntime {
    async fn send(
        &self,
        req: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
        if self.aborted() {
            return Err(TransportError::Aborted { maybe_sent: false });
        }
        let controller = AbortController::new().map_err(|_| TransportError::Network {
            message: "AbortController is not available in this runtime".into(),
            maybe_sent: false,
        })?;
        // Fulfilled when the timer fires, rejected when the caller aborts (the first counts: a
        // later abort does not undo a timeout), and raced against every await below: a custom
        // `fetch` that ignores the abort signal still cannot hang the call.
        let stop = Settled::new();
        let _guard = arm(timeout_ms, self.signal.as_ref(), &stop);

        let fail = |e: JsValue, stage_sent: bool| {
            let timed_out = stop.fulfilled();
            if timed_out || self.aborted() {
                // What a `fetch` that honours it stops on: `controller.abort()` through
                // `Function.call` and `get` (linked anyway).
                let abort = get(&controller, "abort").unchecked_into::<Function>();
                let _ = abort.call0(&controller);
            }
            if timed_out {
                TransportError::Timeout
            } else if self.aborted() {
                TransportError::Aborted { maybe_sent: true }
            } else {
                let (message, maybe_sent) = error_text(&e);
                TransportError::Network {
                    message,
                    maybe_sent: maybe_sent || stage_sent,
                }
            }
        };
        // A plain object, as web-sys' `RequestInit` is, filled through the `set` linked anyway
        // (in a block: nothing of it is held across the awaits below).
        let promise = {
            let init = Object::new();
            set(&init, "method", &req.method.as_str().into());
            let headers = Object::new();
            for (k, v) in &req.headers {
                set(&headers, k, &v.into());
            }
            set(&init, "headers", &headers);
            if let Some(body) = &req.body {
                set(&init, "body", &body.into());
            }
            set(&init, "signal", &get(&controller, "signal"));
            // Any value will do: it is awaited as `Promise.resolve` takes it.
            match &self.fetch {
                Some(f) => f
                    .call2(&JsValue::UNDEFINED, &JsValue::from_str(&req.url), &init)
                    .map_err(|e| fail(e, false))?,
                None => global_fetch(&req.url, &init).into(),
            }
        };
        let not_a_response = || TransportError::Network {
            message: "fetch resolved to something that is not a Response".into(),
            maybe_sent: true,
        };
        let resp = race(&promise, &stop).await.map_err(|e| fail(e, false))?;
        if !resp.has_type::<Response>() {
            return Err(not_a_response());
        }
        // Read with `get` (caught): `Object.create(Response.prototype)` passes the `instanceof`
        // check, and a getter that throws must not unwind through wasm.
        let status = match get(&resp, "status").as_f64() {
            Some(s) if (0.0..=999.0).contains(&s) => s as u16,
            _ => return Err(not_a_response()),
        };
        let h = get(&resp, "headers");
        if !h.has_type::<web_sys::Headers>() {
            return Err(not_a_response());
        }

        // `h.get(name)` as `Function.prototype.call` (linked anyway) rather than one more import.
        let mut headers = Vec::new();
        if let Some(getter) = function(&h, "get") {
            for name in READ_HEADERS {
                if let Ok(v) = getter.call1(&h, &JsValue::from_str(name)) {
                    if let Some(v) = v.as_string() {
                        headers.push((name.to_string(), v));
                    }
                }
            }
        }
        let declared = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| crate::input::digits(v.trim()));
        let body = if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
            // `body.cancel()` through `Function.call` (linked anyway), only if it is a function.
            let stream = get(&resp, "body");
            if let Some(cancel) = function(&stream, "cancel") {
                let _ = cancel.call0(&stream);
            }
            Vec::new()
        } else {
            let buf = function(&resp, "arrayBuffer")
                .ok_or_else(not_a_response)?
                .call0(&resp)
                .map_err(|e| fail(e, true))?;
            let buf = race(&buf, &stop).await.map_err(|e| fail(e, true))?;
            let bytes = Uint8Array::new(&buf);
            let len = bytes.length() as usize;
            if len > MAX_BODY_BYTES {
                let size = crate::input::decimal(len as u64);
                match headers.iter_mut().find(|(k, _)| k == "content-length") {
                    Some((_, v)) => *v = size,
                    None => headers.push(("content-length".into(), size)),
                }
                Vec::new()
            } else {
                bytes.to_vec()
            }
        };
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        if self.aborted() {
            return Err(TransportError::Aborted { maybe_sent: false });
        }
        let mut stop = Settled::new();
        let guard = arm(ms, self.signal.as_ref(), &stop);
        let result = (&mut stop).await;
        drop(guard);
        result
            .map(|_| ())
            .map_err(|_| TransportError::Aborted { maybe_sent: false })
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}
