//! Unit tests of the wasm32 fetch transport (`src/transport/fetch.rs`) with stub `fetch`
//! functions, run by wasm-bindgen-test in Node (`wasm-pack test --node`) and in headless Chrome
//! (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`), see
//! scripts/test-steps/20-wasm-bindgen-test.sh. On the host this file compiles to nothing.
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Object, Reflect};
use video_extend::http::{HttpRequest, Method, Operation};
use video_extend::transport::fetch::FetchRuntime;
use video_extend::transport::{Runtime, TransportError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::{AbortController, AbortSignal};

/// A stub `fetch` and the array of `{ url, init }` it records, made by `respond`, the body of a
/// JS function `(url, init) => ...` whose value the stub returns.
fn stub(respond: &str) -> (Function, js_sys::Array) {
    let make = Function::new_with_args(
        "respond",
        "const calls = []; return { calls, fetch(url, init) { calls.push({ url, init }); return respond(url, init); } };",
    );
    let respond = Function::new_with_args("url, init", respond);
    let made = make.call1(&JsValue::UNDEFINED, &respond).unwrap();
    let fetch = Reflect::get(&made, &"fetch".into())
        .unwrap()
        .dyn_into::<Function>()
        .unwrap();
    let calls = Reflect::get(&made, &"calls".into())
        .unwrap()
        .dyn_into::<js_sys::Array>()
        .unwrap();
    (fetch, calls)
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn post() -> HttpRequest {
    HttpRequest {
        method: Method::Post,
        url: "https://api.example.test/api/v1/extend-video".into(),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("x-api-key".into(), "k-123".into()),
        ],
        body: Some(r#"{"jobId":"j","videoNo":0}"#.into()),
        operation: Operation::Create,
    }
}

fn get_request() -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: "https://api.example.test/api/v1/job/j".into(),
        headers: vec![("x-api-key".into(), "k-123".into())],
        body: None,
        operation: Operation::Read,
    }
}

/// Aborts `controller` after `ms` from a JS timer.
fn abort_later(controller: &AbortController, ms: u32) {
    let f = Function::new_with_args("c, ms", "setTimeout(() => c.abort(), ms);");
    f.call2(&JsValue::UNDEFINED, controller, &ms.into())
        .unwrap();
}

const NEVER: &str = "return new Promise(() => {});";

#[wasm_bindgen_test]
async fn the_stub_gets_the_url_and_an_init_with_method_headers_object_body_and_signal() {
    let (fetch, calls) = stub(
        "return Promise.resolve(new Response('{\"ok\":true}', { status: 201, headers: { 'content-type': 'application/json' } }));",
    );
    let rt = FetchRuntime::new(Some(fetch), None);
    let resp = rt.send(&post(), 5_000).await.unwrap();
    assert_eq!(resp.status, 201);
    assert_eq!(resp.body, br#"{"ok":true}"#.to_vec());

    assert_eq!(calls.length(), 1);
    let call = calls.get(0);
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        "https://api.example.test/api/v1/extend-video"
    );
    let init = get(&call, "init");
    assert_eq!(get(&init, "method").as_string().unwrap(), "POST");
    let headers = get(&init, "headers");
    assert_eq!(
        Object::get_prototype_of(&headers),
        Object::get_prototype_of(&Object::new()),
        "headers are a plain object"
    );
    assert_eq!(Object::keys(headers.unchecked_ref::<Object>()).length(), 2);
    assert_eq!(
        get(&headers, "content-type").as_string().unwrap(),
        "application/json"
    );
    assert_eq!(get(&headers, "x-api-key").as_string().unwrap(), "k-123");
    assert_eq!(
        get(&init, "body").as_string().unwrap(),
        r#"{"jobId":"j","videoNo":0}"#
    );
    let signal = get(&init, "signal").dyn_into::<AbortSignal>().unwrap();
    assert!(!signal.aborted());
}

#[wasm_bindgen_test]
async fn a_get_has_no_body_and_the_stub_is_called_unbound() {
    let (fetch, calls) = stub("return Promise.resolve(new Response('{}', { status: 200 }));");
    // Record `this` too: Workers throw "Illegal invocation" on a fetch bound to another object.
    let this_probe = Function::new_with_args(
        "f",
        "return function (url, init) { 'use strict'; globalThis.__veThis = this; return f(url, init); };",
    );
    let wrapped = this_probe
        .call1(&JsValue::UNDEFINED, &fetch)
        .unwrap()
        .dyn_into::<Function>()
        .unwrap();
    let rt = FetchRuntime::new(Some(wrapped), None);
    rt.send(&get_request(), 5_000).await.unwrap();
    let init = get(&calls.get(0), "init");
    assert_eq!(get(&init, "method").as_string().unwrap(), "GET");
    assert!(get(&init, "body").is_undefined());
    let this = get(&js_sys::global(), "__veThis");
    assert!(this.is_undefined(), "fetch is called with this = undefined");
}

#[wasm_bindgen_test]
async fn the_timeout_fires_even_when_the_stub_never_settles() {
    let (fetch, calls) = stub(NEVER);
    let rt = FetchRuntime::new(Some(fetch), None);
    let err = rt.send(&get_request(), 50).await.unwrap_err();
    assert_eq!(err, TransportError::Timeout);
    let signal = get(&get(&calls.get(0), "init"), "signal")
        .dyn_into::<AbortSignal>()
        .unwrap();
    assert!(
        signal.aborted(),
        "the stub's signal was aborted at the timeout"
    );
}

#[wasm_bindgen_test]
async fn the_timeout_also_covers_a_body_that_never_arrives() {
    let (fetch, _) = stub(
        "return Promise.resolve(new Response(new ReadableStream({ start() {} }), { status: 200 }));",
    );
    let rt = FetchRuntime::new(Some(fetch), None);
    assert_eq!(
        rt.send(&get_request(), 50).await.unwrap_err(),
        TransportError::Timeout
    );
}

#[wasm_bindgen_test]
async fn an_already_aborted_signal_sends_nothing() {
    let (fetch, calls) = stub("return Promise.resolve(new Response('{}'));");
    let controller = AbortController::new().unwrap();
    controller.abort();
    let rt = FetchRuntime::new(Some(fetch), Some(controller.signal()));
    let err = rt.send(&post(), 5_000).await.unwrap_err();
    assert_eq!(err, TransportError::Aborted { maybe_sent: false });
    assert_eq!(calls.length(), 0);
}

#[wasm_bindgen_test]
async fn an_abort_during_a_request_that_never_settles_rejects_as_maybe_sent() {
    let (fetch, calls) = stub(NEVER);
    let controller = AbortController::new().unwrap();
    let rt = FetchRuntime::new(Some(fetch), Some(controller.signal()));
    abort_later(&controller, 20);
    let err = rt.send(&post(), 10_000).await.unwrap_err();
    assert_eq!(err, TransportError::Aborted { maybe_sent: true });
    let signal = get(&get(&calls.get(0), "init"), "signal")
        .dyn_into::<AbortSignal>()
        .unwrap();
    assert!(
        signal.aborted(),
        "the caller's abort reached the stub's signal"
    );
}

#[wasm_bindgen_test]
async fn sleep_ends_early_on_abort() {
    let controller = AbortController::new().unwrap();
    let rt = FetchRuntime::new(None, Some(controller.signal()));
    abort_later(&controller, 20);
    let err = rt.sleep(60_000).await.unwrap_err();
    assert_eq!(err, TransportError::Aborted { maybe_sent: false });
}

#[wasm_bindgen_test]
async fn a_resolution_that_is_not_a_response_is_a_network_error() {
    for value in ["{ status: 200, headers: {} }", "undefined", "'200 OK'"] {
        let (fetch, _) = stub(&format!("return Promise.resolve({value});"));
        let rt = FetchRuntime::new(Some(fetch), None);
        match rt.send(&get_request(), 5_000).await.unwrap_err() {
            TransportError::Network {
                message,
                maybe_sent,
            } => {
                assert!(message.contains("not a Response"), "{value}: {message}");
                assert!(maybe_sent);
            }
            other => panic!("{value}: {other:?}"),
        }
    }
}

#[wasm_bindgen_test]
async fn a_non_promise_response_is_accepted() {
    let (fetch, _) = stub("return new Response('{}', { status: 202 });");
    let rt = FetchRuntime::new(Some(fetch), None);
    assert_eq!(rt.send(&get_request(), 5_000).await.unwrap().status, 202);
}

/// The error of a POST through a stub `fetch` whose body is `respond`, which must fail.
async fn post_failure(respond: &str) -> TransportError {
    let (fetch, _) = stub(respond);
    FetchRuntime::new(Some(fetch), None)
        .send(&post(), 5_000)
        .await
        .unwrap_err()
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_not_sent_and_other_failures_maybe_were() {
    let refused = "return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));";
    assert_eq!(
        post_failure(refused).await,
        TransportError::Network {
            message: "fetch failed (ECONNREFUSED)".into(),
            maybe_sent: false
        }
    );
    assert_eq!(
        post_failure("return Promise.reject(new TypeError('socket hang up'));").await,
        TransportError::Network {
            message: "socket hang up".into(),
            maybe_sent: true
        }
    );
    let err = post_failure("throw new TypeError('sync failure');").await;
    assert!(matches!(err, TransportError::Network { .. }), "{err:?}");
}

#[wasm_bindgen_test]
async fn the_headers_the_sdk_reads_and_only_those() {
    let (fetch, _) = stub(
        "return Promise.resolve(new Response('{}', { status: 429, headers: {
            'retry-after': '3', 'retry-after-ms': '1500', 'x-request-id': 'req_42', 'request-id': 'alt_1',
            'content-type': 'application/json', 'set-cookie-like': 'nope', 'x-other': 'nope' } }));",
    );
    let resp = FetchRuntime::new(Some(fetch), None)
        .send(&get_request(), 5_000)
        .await
        .unwrap();
    assert_eq!(resp.status, 429);
    let header = |name: &str| {
        resp.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(header("retry-after"), Some("3"));
    assert_eq!(header("retry-after-ms"), Some("1500"));
    assert_eq!(header("x-request-id"), Some("req_42"));
    assert_eq!(header("request-id"), Some("alt_1"));
    assert_eq!(header("content-type"), Some("application/json"));
    assert_eq!(header("x-other"), None);
    assert_eq!(header("set-cookie-like"), None);
}

#[wasm_bindgen_test]
async fn an_oversized_declared_body_is_not_read() {
    let (fetch, _) = stub(
        "return Promise.resolve(new Response('{}', { status: 200, headers: { 'content-length': '999999999' } }));",
    );
    let resp = FetchRuntime::new(Some(fetch), None)
        .send(&get_request(), 5_000)
        .await
        .unwrap();
    assert!(resp.body.is_empty());
}
