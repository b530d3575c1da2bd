//! The HTTP requests both providers receive: method, URL, headers and the exact JSON body.

mod common;

use common::{options, JOB, KEY, WHSEC};
use serde_json::{json, Value};
use video_extend::error::ErrorCode;
use video_extend::http::{HttpRequest, Method, Operation};
use video_extend::input::Input;
use video_extend::options::ClientOptions;
use video_extend::provider::{build_extend, build_fetch, ExtendRequest, Provider};

fn extend(opts: &ClientOptions, input: Input) -> HttpRequest {
    match ExtendRequest::parse(opts.provider, &input) {
        Ok(req) => build_extend(opts, &req),
        Err(e) => panic!("valid request refused: {e:?}"),
    }
}

fn fetch(opts: &ClientOptions, id: &str) -> HttpRequest {
    match build_fetch(opts, &Input::str(id)) {
        Ok(r) => r,
        Err(e) => panic!("valid id refused: {e:?}"),
    }
}

fn body(r: &HttpRequest) -> Value {
    let text = r
        .body
        .as_deref()
        .unwrap_or_else(|| panic!("no body: {r:?}"));
    match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("body is not JSON ({e}): {text}"),
    }
}

/// Header names in order, all lowercase.
fn header_names(r: &HttpRequest) -> Vec<&str> {
    r.headers.iter().map(|(k, _)| k.as_str()).collect()
}

fn assert_common_headers(r: &HttpRequest, provider: Provider) {
    for (k, _) in &r.headers {
        assert_eq!(k, &k.to_ascii_lowercase(), "header names are lowercase");
    }
    match provider {
        Provider::Legnext => {
            assert_eq!(r.header("x-api-key"), Some(KEY));
            assert_eq!(r.header("authorization"), None);
        }
        Provider::Apiframe => {
            // The bare key, as APIFrame documents it: no "Bearer".
            assert_eq!(r.header("authorization"), Some(KEY));
            assert_eq!(r.header("Authorization"), Some(KEY));
            assert_eq!(r.header("x-api-key"), None);
        }
    }
    let client = r.header("x-video-extend-client").unwrap_or_default();
    assert!(client.starts_with("video-extend/"), "{client}");
    assert!(client.len() > "video-extend/".len(), "{client}");
    assert_eq!(r.header("accept"), Some("application/json"));
    let n_auth = r
        .headers
        .iter()
        .filter(|(k, _)| k == "x-api-key" || k == "authorization")
        .count();
    assert_eq!(n_auth, 1, "exactly one auth header: {:?}", header_names(r));
    match r.method {
        Method::Post => {
            assert_eq!(r.header("content-type"), Some("application/json"));
            assert!(r.body.is_some());
        }
        Method::Get => {
            assert_eq!(r.header("content-type"), None, "no content-type on GET");
            assert_eq!(r.body, None);
        }
    }
}

// ---------------------------------------------------------------- Legnext

#[test]
fn legnext_extend_minimal() {
    let o = options("legnext", vec![]);
    let r = extend(
        &o,
        Input::object(vec![
            ("jobId", Input::str(JOB)),
            ("videoNo", Input::Number(1.0)),
        ]),
    );
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.method.as_str(), "POST");
    assert_eq!(r.url, "https://api.legnext.ai/api/v1/extend-video");
    assert_eq!(r.operation, Operation::Create);
    assert_common_headers(&r, Provider::Legnext);
    assert_eq!(body(&r), json!({"jobId": JOB, "videoNo": 1}));
    // The exact bytes: the documented field order.
    let want = format!(r#"{{"jobId":"{JOB}","videoNo":1}}"#);
    assert_eq!(r.body.as_deref(), Some(want.as_str()));
}

#[test]
fn legnext_extend_full_with_extra_body_and_custom_base() {
    let o = options(
        "legnext",
        vec![("baseURL", Input::str("https://proxy.example.com/legnext/"))],
    );
    let r = extend(
        &o,
        Input::object(vec![
            ("jobId", Input::str(JOB)),
            ("videoNo", Input::Number(3.0)),
            ("prompt", Input::str("Continue with more dynamic movement")),
            (
                "callback",
                Input::str("https://webhook.site/c98cb890-fb92-439f-8d60-42c8a51eb52d"),
            ),
            (
                "extraBody",
                Input::object(vec![
                    ("mode", Input::str("fast")),
                    (
                        "weights",
                        Input::Array(vec![Input::Number(0.5), Input::Null]),
                    ),
                ]),
            ),
        ]),
    );
    assert_eq!(
        r.url,
        "https://proxy.example.com/legnext/api/v1/extend-video"
    );
    assert_common_headers(&r, Provider::Legnext);
    assert_eq!(
        body(&r),
        json!({
            "jobId": JOB,
            "videoNo": 3,
            "prompt": "Continue with more dynamic movement",
            "callback": "https://webhook.site/c98cb890-fb92-439f-8d60-42c8a51eb52d",
            "mode": "fast",
            "weights": [0.5, null]
        })
    );
    // The exact bytes: the SDK's fields in the documented order, then extraBody's in its order.
    let want = format!(
        r#"{{"jobId":"{JOB}","videoNo":3,"prompt":"Continue with more dynamic movement","callback":"https://webhook.site/c98cb890-fb92-439f-8d60-42c8a51eb52d","mode":"fast","weights":[0.5,null]}}"#
    );
    assert_eq!(r.body.as_deref(), Some(want.as_str()));
}

#[test]
fn legnext_extend_sends_video_no_as_an_integer_and_keeps_unicode() {
    let o = options("legnext", vec![]);
    let r = extend(
        &o,
        Input::object(vec![
            ("jobId", Input::str(JOB)),
            ("videoNo", Input::Number(-0.0)),
            ("prompt", Input::str("café 🎬 \"quoted\"\n")),
        ]),
    );
    let text = r.body.clone().unwrap_or_default();
    assert!(text.contains("\"videoNo\":0"), "{text}");
    assert!(!text.contains("0.0") && !text.contains("-0"), "{text}");
    assert_eq!(
        body(&r),
        json!({"jobId": JOB, "videoNo": 0, "prompt": "café 🎬 \"quoted\"\n"})
    );
    let want = format!(r#"{{"jobId":"{JOB}","videoNo":0,"prompt":"café 🎬 \"quoted\"\n"}}"#);
    assert_eq!(text, want);
}

#[test]
fn legnext_fetch_is_a_get_of_the_job() {
    for (base, want) in [
        (None, format!("https://api.legnext.ai/api/v1/job/{JOB}")),
        (
            Some("http://127.0.0.1:8787/"),
            format!("http://127.0.0.1:8787/api/v1/job/{JOB}"),
        ),
    ] {
        let extra = base
            .map(|b| vec![("baseURL", Input::str(b))])
            .unwrap_or_default();
        let o = options("legnext", extra);
        let r = fetch(&o, JOB);
        assert_eq!(r.method, Method::Get);
        assert_eq!(r.url, want);
        assert_eq!(r.operation, Operation::Read);
        assert_common_headers(&r, Provider::Legnext);
    }
}

#[test]
fn legnext_fetch_refuses_ids_that_are_not_uuids() {
    let o = options("legnext", vec![]);
    for bad in [
        Input::str("not-a-uuid"),
        Input::str("../../admin"),
        Input::str(&format!("{JOB}?x=1")),
        Input::str(""),
        Input::Null,
        Input::Undefined,
        Input::Number(1.0),
    ] {
        let label = format!("{bad:?}");
        match build_fetch(&o, &bad) {
            Ok(r) => panic!("{label}: built {r:?}"),
            Err(e) => {
                assert_eq!(e.code, ErrorCode::InvalidRequest, "{label}");
                assert_eq!(e.field.as_deref(), Some("taskId"), "{label}");
                assert!(e.message.starts_with("taskId "), "{label}: {}", e.message);
            }
        }
    }
}

// ---------------------------------------------------------------- APIFrame

#[test]
fn apiframe_extend_minimal_leaves_optional_fields_out() {
    let o = options("apiframe", vec![]);
    let r = extend(
        &o,
        Input::object(vec![
            (
                "parentTaskId",
                Input::str("29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a"),
            ),
            ("prompt", Input::str("A colossal mech suit")),
        ]),
    );
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "https://api.apiframe.pro/luma-extend");
    assert_eq!(r.operation, Operation::Create);
    assert_common_headers(&r, Provider::Apiframe);
    assert!(!r
        .header("authorization")
        .unwrap_or_default()
        .contains("Bearer"));
    let b = body(&r);
    assert_eq!(
        b,
        json!({
            "parent_task_id": "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a",
            "prompt": "A colossal mech suit"
        })
    );
    let text = r.body.unwrap_or_default();
    assert!(!text.contains("null"), "absent, not null: {text}");
}

#[test]
fn apiframe_extend_full_uses_snake_case_wire_names() {
    let o = options(
        "apiframe",
        vec![(
            "baseURL",
            Input::str("https://worker.example.com/apiframe/"),
        )],
    );
    let r = extend(
        &o,
        Input::object(vec![
            ("parentTaskId", Input::str("parent-1")),
            ("prompt", Input::str("go on")),
            ("imageUrl", Input::str("https://img.example/a.png")),
            ("endImageUrl", Input::str("https://img.example/b.png")),
            ("enhancePrompt", Input::Bool(false)),
            ("aspectRatio", Input::str("9:21")),
            ("webhookUrl", Input::str("https://hooks.example/luma")),
            ("webhookSecret", Input::str(WHSEC)),
            (
                "extraBody",
                Input::object(vec![("loop", Input::Bool(true))]),
            ),
        ]),
    );
    assert_eq!(r.url, "https://worker.example.com/apiframe/luma-extend");
    assert_common_headers(&r, Provider::Apiframe);
    assert_eq!(
        body(&r),
        json!({
            "parent_task_id": "parent-1",
            "prompt": "go on",
            "image_url": "https://img.example/a.png",
            "end_image_url": "https://img.example/b.png",
            "enhance_prompt": false,
            "aspect_ratio": "9:21",
            "webhook_url": "https://hooks.example/luma",
            "webhook_secret": WHSEC,
            "loop": true
        })
    );
    // The exact bytes: the wire fields in the builder's order, then extraBody's.
    let want = format!(
        r#"{{"parent_task_id":"parent-1","prompt":"go on","image_url":"https://img.example/a.png","end_image_url":"https://img.example/b.png","enhance_prompt":false,"aspect_ratio":"9:21","webhook_url":"https://hooks.example/luma","webhook_secret":"{WHSEC}","loop":true}}"#
    );
    assert_eq!(r.body.as_deref(), Some(want.as_str()));
}

#[test]
fn apiframe_extend_enhance_prompt_true_and_partial_options() {
    let o = options("apiframe", vec![]);
    let r = extend(
        &o,
        Input::object(vec![
            ("parentTaskId", Input::str("p")),
            ("prompt", Input::str("x")),
            ("enhancePrompt", Input::Bool(true)),
            ("webhookUrl", Input::str("http://localhost:3000/hook")),
        ]),
    );
    assert_eq!(
        body(&r),
        json!({
            "parent_task_id": "p",
            "prompt": "x",
            "enhance_prompt": true,
            "webhook_url": "http://localhost:3000/hook"
        })
    );
}

#[test]
fn apiframe_fetch_is_a_post_with_task_id() {
    for (base, want) in [
        (None, "https://api.apiframe.pro/fetch"),
        (
            Some("https://proxy.example.com/af/"),
            "https://proxy.example.com/af/fetch",
        ),
    ] {
        let extra = base
            .map(|b| vec![("baseURL", Input::str(b))])
            .unwrap_or_default();
        let o = options("apiframe", extra);
        let id = "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a";
        let r = fetch(&o, id);
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, want);
        assert_eq!(r.operation, Operation::Read);
        assert_common_headers(&r, Provider::Apiframe);
        assert_eq!(body(&r), json!({"task_id": id}));
    }
    // Ids are sent as JSON strings, so quotes cannot break the body.
    let o = options("apiframe", vec![]);
    let r = fetch(&o, "odd\"id");
    assert_eq!(body(&r), json!({"task_id": "odd\"id"}));
    assert_eq!(r.body.as_deref(), Some(r#"{"task_id":"odd\"id"}"#));
}

#[test]
fn apiframe_fetch_refuses_blank_ids() {
    let o = options("apiframe", vec![]);
    for bad in [
        Input::str(""),
        Input::str("   "),
        Input::str("a\nb"),
        Input::String("x".repeat(257)),
        Input::Null,
        Input::Undefined,
        Input::Number(5.0),
    ] {
        let label = format!("{:?}", bad.describe());
        match build_fetch(&o, &bad) {
            Ok(r) => panic!("{label}: built {r:?}"),
            Err(e) => {
                assert_eq!(e.code, ErrorCode::InvalidRequest, "{label}");
                assert_eq!(e.field.as_deref(), Some("taskId"), "{label}");
                assert!(e.message.starts_with("taskId "), "{label}: {}", e.message);
            }
        }
    }
    assert!(build_fetch(&o, &Input::String("x".repeat(256))).is_ok());
}
