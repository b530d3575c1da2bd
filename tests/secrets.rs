//! Neither the API key nor the webhook secret ever appears in a Task or an Error, whatever the
//! input and whatever the provider echoes back.

mod common;

use common::{fixture_json, resp, JOB, KEY, WHSEC};
use pollster::block_on;
use serde_json::{json, Value};
use video_extend::client::Client;
use video_extend::error::{Error, ErrorCode};
use video_extend::http::Operation;
use video_extend::input::Input;
use video_extend::options::{ClientOptions, RequestOptions};
use video_extend::provider::{apiframe, build_fetch, parse_response, ExtendRequest, Provider};
use video_extend::task::Task;
use video_extend::transport::scripted::ScriptedRuntime;
use video_extend::transport::TransportError;

const REDACTED: &str = "[redacted]";

/// Every rendering of a result a caller could log or send on.
fn renderings(r: &Result<Task, Error>) -> String {
    match r {
        Ok(t) => format!(
            "{}\n{t:?}\n{}",
            serde_json::to_string(t).unwrap_or_else(|e| format!("unserializable: {e}")),
            t.raw
        ),
        Err(e) => format!(
            "{}\n{e:?}\n{e}",
            serde_json::to_string(e).unwrap_or_else(|e| format!("unserializable: {e}"))
        ),
    }
}

fn assert_clean(r: &Result<Task, Error>, label: &str) -> String {
    let text = renderings(r);
    assert!(!text.contains(KEY), "{label}: API key leaked:\n{text}");
    assert!(
        !text.contains(WHSEC),
        "{label}: webhook secret leaked:\n{text}"
    );
    text
}

fn client(provider: &str) -> Client {
    let opts = common::options_input(
        provider,
        vec![
            ("baseURL", Input::str("http://127.0.0.1:8787")),
            ("maxRetries", Input::Number(0.0)),
        ],
    );
    match Client::new(&opts) {
        Ok(c) => c,
        Err(e) => panic!("valid options refused: {e:?}"),
    }
}

fn legnext_request() -> Input {
    Input::object(vec![
        ("jobId", Input::str(JOB)),
        ("videoNo", Input::Number(2.0)),
        ("callback", Input::str("https://hooks.example/legnext")),
    ])
}

fn apiframe_request() -> Input {
    Input::object(vec![
        ("parentTaskId", Input::str("parent-1")),
        ("prompt", Input::str("go on")),
        ("webhookUrl", Input::str("https://hooks.example/luma")),
        ("webhookSecret", Input::str(WHSEC)),
    ])
}

/// A body echoing the key in free text and under secret-named keys, and the webhook secret
/// under secret-named keys (and in free text too when `whsec_text`: only a call that was given
/// the webhook secret can know to remove it from free text).
fn echo(mut v: Value, whsec_text: bool) -> Value {
    let w = if whsec_text { WHSEC } else { "" };
    if let Some(map) = v.as_object_mut() {
        map.insert("echo".into(), json!(format!("auth={KEY} secret={w}")));
        map.insert("webhook_secret".into(), json!(WHSEC));
        map.insert("api_key".into(), json!(KEY));
        map.insert(
            "input".into(),
            json!({"headers": {"x-api-key": KEY, "authorization": KEY}, "list": [KEY, w]}),
        );
        if let Some(cfg) = map
            .get_mut("config")
            .and_then(|c| c.get_mut("webhook_config"))
        {
            cfg["secret"] = json!(WHSEC);
        }
        if let Some(err) = map.get_mut("error").and_then(Value::as_object_mut) {
            if err.get("code").and_then(Value::as_i64) != Some(0) {
                err.insert("message".into(), json!(format!("bad key {KEY} / {w}")));
                err.insert("raw_message".into(), json!(format!("raw {KEY}")));
            }
        }
        if map.get("status").and_then(Value::as_str) == Some("failed")
            && map.contains_key("task_id")
        {
            map.insert("message".into(), json!(format!("webhook {w} refused")));
        }
    }
    v
}

// ---------------------------------------------------------------- validation and options

#[test]
fn option_errors_never_show_the_key() {
    let bad_values = [
        Input::Number(123_456.0),
        Input::Array(vec![Input::str(KEY)]),
        Input::object(vec![("value", Input::str(KEY))]),
        Input::Bool(false),
        Input::Null,
        Input::str(" "),
    ];
    for v in bad_values {
        let label = format!("{v:?}");
        let o = Input::object(vec![("provider", Input::str("legnext")), ("apiKey", v)]);
        let r = ClientOptions::parse(&o).map(|_| ());
        let e = match r {
            Ok(()) => panic!("{label}: accepted"),
            Err(e) => e,
        };
        assert_eq!(e.field.as_deref(), Some("apiKey"));
        assert_clean(&Err(e), &label);
    }
    // Another option is wrong while the key is fine: the key is not in that error either.
    for (k, v) in [
        ("baseURL", Input::str("http://api.example.com")),
        ("timeout", Input::Number(0.0)),
        ("provider", Input::str("Legnext")),
        ("apiKeys", Input::str(KEY)),
    ] {
        let mut entries = vec![(k, v), ("apiKey", Input::str(KEY))];
        if k != "provider" {
            entries.push(("provider", Input::str("legnext")));
        }
        let o = Input::object(entries);
        let e = ClientOptions::parse(&o).err();
        assert!(e.is_some(), "{k}");
        if let Some(e) = e {
            assert_clean(&Err(e), k);
        }
    }
    // Valid options: Debug and Serialize leave the key out.
    let o = common::options("apiframe", vec![]);
    let text = format!("{o:?} {}", serde_json::to_string(&o).unwrap_or_default());
    assert!(!text.contains(KEY), "{text}");
    let c = client("legnext");
    assert!(!format!("{c:?}").contains(KEY));
}

#[test]
fn validation_errors_through_the_client_never_show_secrets() {
    let l = client("legnext");
    let a = client("apiframe");
    let cases: Vec<(&Client, Input)> = vec![
        // The key pasted where an id belongs.
        (
            &l,
            Input::object(vec![
                ("jobId", Input::str(KEY)),
                ("videoNo", Input::Number(0.0)),
            ]),
        ),
        (
            &l,
            Input::object(vec![
                ("jobId", Input::str(JOB)),
                ("videoNo", Input::Number(0.0)),
                ("callback", Input::str(KEY)),
            ]),
        ),
        (
            &l,
            Input::object(vec![
                ("jobId", Input::str(JOB)),
                ("videoNo", Input::str(KEY)),
            ]),
        ),
        (
            &l,
            Input::object(vec![
                ("jobId", Input::str(JOB)),
                ("videoNo", Input::Number(0.0)),
                ("webhookSecret", Input::str(WHSEC)),
            ]),
        ),
        (
            &a,
            Input::object(vec![
                ("parentTaskId", Input::str("p")),
                ("prompt", Input::str("x")),
                ("webhookSecret", Input::str(WHSEC)),
            ]),
        ),
        (
            &a,
            Input::object(vec![
                ("parentTaskId", Input::str("p")),
                ("prompt", Input::str("x")),
                ("webhookUrl", Input::str("https://hooks.example/x")),
                ("webhookSecret", Input::Array(vec![Input::str(WHSEC)])),
            ]),
        ),
        (
            &a,
            Input::object(vec![
                ("parentTaskId", Input::str("p")),
                ("prompt", Input::str("x")),
                ("webhookUrl", Input::str("ftp://hooks.example/x")),
                ("webhookSecret", Input::str(WHSEC)),
            ]),
        ),
        (
            &a,
            Input::object(vec![
                ("parentTaskId", Input::str("p")),
                ("prompt", Input::str("x")),
                ("aspectRatio", Input::str(KEY)),
            ]),
        ),
        (
            &a,
            Input::object(vec![
                ("parentTaskId", Input::str("p")),
                ("prompt", Input::str("x")),
                (
                    "extraBody",
                    Input::object(vec![("webhook_secret", Input::str(WHSEC))]),
                ),
            ]),
        ),
    ];
    for (c, req) in cases {
        let label = format!("{req:?}");
        let rt = ScriptedRuntime::new(0.0);
        let r = block_on(c.extend_video(&rt, &req, &RequestOptions::default()));
        assert_eq!(rt.sent().len(), 0, "{label}: nothing is sent");
        assert_eq!(
            r.as_ref().err().map(|e| e.code),
            Some(ErrorCode::InvalidRequest),
            "{label}"
        );
        assert_clean(&r, &label);
    }
    // A task id that is the key, refused by both fetchers.
    for c in [&l, &a] {
        let rt = ScriptedRuntime::new(0.0);
        let bad = Input::String(format!("{KEY}\n"));
        let r = block_on(c.fetch_task(&rt, &bad, &RequestOptions::default()));
        assert!(r.is_err());
        assert_clean(&r, "fetch id");
        // Directly, too: the pure builder shows the id, so only the client may be used with keys.
        let e = build_fetch(&c.options, &bad).err();
        assert_eq!(e.map(|e| e.code), Some(ErrorCode::InvalidRequest));
    }
}

// ---------------------------------------------------------------- hostile providers

#[test]
fn legnext_answers_echoing_secrets_are_redacted() {
    let c = client("legnext");
    let mut outcomes: Vec<(String, u16, String)> = Vec::new();
    for name in [
        "completed",
        "pending",
        "staged",
        "processing",
        "failed",
        "unknown_status",
        "forbidden_no_job",
        "forbidden_create",
        "http_404",
        "http_500",
    ] {
        let v = echo(fixture_json(&format!("legnext/{name}.json")), false);
        outcomes.push((name.to_string(), 200, v.to_string()));
        outcomes.push((format!("{name} as 403"), 403, v.to_string()));
    }
    outcomes.push((
        "401 message".into(),
        401,
        json!({"code": 401, "message": format!("Invalid API key {KEY}")}).to_string(),
    ));
    outcomes.push((
        "500 error string".into(),
        500,
        json!({"error": format!("upstream refused {KEY}")}).to_string(),
    ));
    outcomes.push(("200 plain text".into(), 200, KEY.to_string()));
    outcomes.push(("502 plain text".into(), 502, format!("{KEY} oops")));

    for (label, status, body) in outcomes {
        for create in [true, false] {
            let rt = ScriptedRuntime::new(0.0);
            rt.push(Ok(resp(status, &[("x-request-id", KEY)], &body)));
            let r = if create {
                block_on(c.extend_video(&rt, &legnext_request(), &RequestOptions::default()))
            } else {
                block_on(c.fetch_task(&rt, &Input::str(JOB), &RequestOptions::default()))
            };
            let sent = rt.sent();
            assert_eq!(sent.first().and_then(|s| s.header("x-api-key")), Some(KEY));
            let text = assert_clean(&r, &format!("{label} create={create}"));
            if body.contains(KEY) && status == 200 && r.is_ok() {
                assert!(text.contains(REDACTED), "{label}: {text}");
            }
        }
    }
}

#[test]
fn apiframe_answers_echoing_secrets_are_redacted() {
    let c = client("apiframe");
    let mut outcomes: Vec<(String, u16, String)> = Vec::new();
    for name in [
        "created",
        "processing",
        "processing_number",
        "processing_abc",
        "processing_150",
        "finished",
        "failed",
        "error_400",
        "error_401",
        "error_500",
    ] {
        let v = echo(fixture_json(&format!("apiframe/{name}.json")), true);
        outcomes.push((name.to_string(), 200, v.to_string()));
        outcomes.push((format!("{name} as 400"), 400, v.to_string()));
        outcomes.push((format!("{name} as 500"), 500, v.to_string()));
    }
    outcomes.push((
        "400 msg".into(),
        400,
        json!({"errors": [{"msg": format!("Invalid key {KEY}")}, {"msg": format!("bad secret {WHSEC}")}]})
            .to_string(),
    ));
    outcomes.push((
        "200 errors".into(),
        200,
        json!({"errors": [{"msg": format!("key {KEY} secret {WHSEC}")}]}).to_string(),
    ));
    outcomes.push((
        "200 failed task".into(),
        200,
        json!({"task_id": "t1", "status": "failed", "message": format!("secret {WHSEC} key {KEY}"),
               "webhook_secret": WHSEC})
        .to_string(),
    ));
    outcomes.push(("200 plain text".into(), 200, WHSEC.to_string()));

    for (label, status, body) in outcomes {
        // extendVideo knows both secrets.
        let rt = ScriptedRuntime::new(0.0);
        rt.push(Ok(resp(status, &[("x-request-id", KEY)], &body)));
        let r = block_on(c.extend_video(&rt, &apiframe_request(), &RequestOptions::default()));
        let sent = rt.sent();
        assert_eq!(
            sent.first().and_then(|s| s.header("authorization")),
            Some(KEY)
        );
        let sent_body = sent
            .first()
            .and_then(|s| s.body.clone())
            .unwrap_or_default();
        assert!(
            sent_body.contains(WHSEC),
            "the secret is sent to the provider"
        );
        let text = assert_clean(&r, &format!("{label} create"));
        if status == 200 && r.is_ok() {
            assert!(text.contains(REDACTED), "{label}: {text}");
        }
    }

    // fetchTask knows only the key; a webhook secret under a secret-named key is still removed.
    for name in ["created", "processing", "finished", "failed", "error_400"] {
        let mut v = fixture_json(&format!("apiframe/{name}.json"));
        if let Some(map) = v.as_object_mut() {
            map.insert("webhook_secret".into(), json!(WHSEC));
            map.insert("echo".into(), json!(format!("key {KEY}")));
            map.insert("config".into(), json!({"webhook": {"secret": WHSEC}}));
        }
        for status in [200, 400, 401, 500] {
            let rt = ScriptedRuntime::new(0.0);
            rt.push(Ok(resp(status, &[("x-request-id", KEY)], &v.to_string())));
            let r = block_on(c.fetch_task(&rt, &Input::str("t1"), &RequestOptions::default()));
            let text = assert_clean(&r, &format!("{name} {status} fetch"));
            if r.is_ok() {
                assert!(text.contains(REDACTED), "{name}: {text}");
            }
        }
    }
}

#[test]
fn parse_response_with_both_secrets_for_every_fixture() {
    let files = [
        (Provider::Legnext, "legnext/completed"),
        (Provider::Legnext, "legnext/pending"),
        (Provider::Legnext, "legnext/failed"),
        (Provider::Legnext, "legnext/forbidden_create"),
        (Provider::Legnext, "legnext/forbidden_no_job"),
        (Provider::Legnext, "legnext/http_401"),
        (Provider::Apiframe, "apiframe/created"),
        (Provider::Apiframe, "apiframe/finished"),
        (Provider::Apiframe, "apiframe/failed"),
        (Provider::Apiframe, "apiframe/error_400"),
    ];
    for (provider, name) in files {
        let v = echo(fixture_json(&format!("{name}.json")), true);
        for op in [Operation::Create, Operation::Read] {
            for status in [200, 401, 403, 429, 500] {
                let r = parse_response(
                    provider,
                    op,
                    &resp(status, &[("request-id", KEY)], &v.to_string()),
                    &[KEY, WHSEC],
                );
                let label = format!("{name} {op:?} {status}");
                let text = assert_clean(&r, &label);
                if let Ok(t) = &r {
                    let raw = |k: &str| t.raw.get(k).and_then(|v| v.as_str());
                    assert_eq!(raw("webhook_secret"), Some(REDACTED), "{label}");
                    assert_eq!(raw("api_key"), Some(REDACTED), "{label}");
                    assert_eq!(
                        raw("echo"),
                        Some("auth=[redacted] secret=[redacted]"),
                        "{label}"
                    );
                }
                assert!(text.contains(REDACTED), "{label}: {text}");
            }
        }
    }
    // Webhook / fetch-many items go through task_from_value: `raw` is the caller's to redact,
    // but the normalised fields hold no secret from secret-named keys.
    let t = apiframe::task_from_value(
        "t1".into(),
        common::value(json!({"task_id": "t1", "status": "processing", "webhook_secret": WHSEC})),
    );
    let fields = format!(
        "{} {:?} {:?} {:?}",
        t.id, t.provider_status, t.video_urls, t.error
    );
    assert!(!fields.contains(WHSEC), "{fields}");
}

#[test]
fn transport_failures_and_retries_never_show_secrets() {
    for provider in ["legnext", "apiframe"] {
        let c = client(provider);
        let req = if provider == "legnext" {
            legnext_request()
        } else {
            apiframe_request()
        };
        for outcome in [
            Err(TransportError::Timeout),
            Err(TransportError::Aborted { maybe_sent: true }),
            Err(TransportError::Network {
                message: "connection reset".into(),
                maybe_sent: true,
            }),
        ] {
            let rt = ScriptedRuntime::new(0.0);
            rt.push(outcome);
            let r = block_on(c.extend_video(&rt, &req, &RequestOptions::default()));
            assert!(r.is_err());
            assert_clean(&r, provider);
        }
        // ExtendRequest's own secrets list is what the client scrubs with.
        let parsed = ExtendRequest::parse(c.options.provider, &req).ok();
        let secrets = parsed
            .as_ref()
            .map(ExtendRequest::secrets)
            .unwrap_or_default();
        if provider == "apiframe" {
            assert_eq!(secrets, vec![WHSEC]);
        } else {
            assert!(secrets.is_empty());
        }
    }
}
