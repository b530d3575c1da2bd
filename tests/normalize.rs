//! Provider answers (fixtures in the recorded shapes) normalised into a `Task` or an `Error`.

mod common;

use common::{fixture, fixture_value, resp, value, KEY};
use serde_json::json;
use video_extend::error::{Error, ErrorCode};
use video_extend::http::{HttpResponse, Operation};
use video_extend::json::Value;
use video_extend::provider::{apiframe, parse_response, Provider};
use video_extend::task::{Task, TaskError, TaskStatus, Usage};

const REQ_ID: &str = "req_7f3a9c";

fn answer(status: u16, body: &str) -> HttpResponse {
    resp(status, &[("x-request-id", REQ_ID)], body)
}

fn task(provider: Provider, op: Operation, status: u16, body: &str) -> Task {
    match parse_response(provider, op, &answer(status, body), &[KEY]) {
        Ok(t) => t,
        Err(e) => panic!("{provider:?} {op:?} {status}: refused {body}: {e:?}"),
    }
}

fn error(provider: Provider, op: Operation, status: u16, body: &str) -> Error {
    match parse_response(provider, op, &answer(status, body), &[KEY]) {
        Ok(t) => panic!("{provider:?} {op:?} {status}: accepted {body}: {t:?}"),
        Err(e) => e,
    }
}

fn legnext(name: &str) -> (String, Value) {
    let path = format!("legnext/{name}.json");
    (fixture(&path), fixture_value(&path))
}

fn apiframe_fx(name: &str) -> (String, Value) {
    let path = format!("apiframe/{name}.json");
    (fixture(&path), fixture_value(&path))
}

/// A string field of a task's raw body.
fn raw_str<'a>(t: &'a Task, key: &str) -> Option<&'a str> {
    t.raw.get(key).and_then(Value::as_str)
}

const JOB_PENDING: &str = "5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f3a4b";

// ---------------------------------------------------------------- Legnext tasks

#[test]
fn legnext_docs_sample_is_a_completed_task() {
    let (text, json) = legnext("completed");
    for op in [Operation::Read, Operation::Create] {
        let t = task(Provider::Legnext, op, 200, &text);
        let mut want = Task::new(
            Provider::Legnext,
            "e41e5586-dcee-4659-ae56-dbf19d20051a".into(),
            TaskStatus::Completed,
            json.clone(),
        );
        want.provider_status = Some("completed".into());
        want.progress = Some(100.0);
        want.video_urls = vec![
            "https://cdn.legnext.ai/temp/1760423128794.mp4".into(),
            "https://cdn.legnext.ai/temp/1760423131363.mp4".into(),
            "https://cdn.legnext.ai/temp/1760423134585.mp4".into(),
            "https://cdn.legnext.ai/temp/1760423137040.mp4".into(),
        ];
        want.seed = Some("2053075314".into());
        want.usage = Some(Usage {
            unit: Some("point".into()),
            frozen: Some(480.0),
            consumed: Some(480.0),
        });
        want.created_at = Some("2025-10-14T06:23:05Z".into());
        want.started_at = Some("2025-10-14T06:23:06Z".into());
        want.ended_at = Some("2025-10-14T06:25:39Z".into());
        assert_eq!(t, want, "{op:?}");
        assert!(t.status.is_finished());
        assert_eq!(t.raw, json, "raw is the body as received");
        let out = serde_json::to_value(&t).unwrap_or_default();
        assert_eq!(out["status"], json!("completed"));
        assert_eq!(out["provider"], json!("legnext"));
        assert_eq!(out["videoUrls"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            out["usage"],
            json!({"unit": "point", "frozen": 480.0, "consumed": 480.0})
        );
        assert_eq!(out.get("error"), None);
    }
}

#[test]
fn legnext_pending_has_no_placeholder_values() {
    let (text, json) = legnext("pending");
    let t = task(Provider::Legnext, Operation::Create, 200, &text);
    assert_eq!(t.id, JOB_PENDING);
    assert_eq!(t.status, TaskStatus::Pending);
    assert_eq!(t.provider_status.as_deref(), Some("pending"));
    assert_eq!(t.created_at.as_deref(), Some("2025-10-14T06:23:05Z"));
    assert_eq!(t.started_at, None, "0001-01-01 means unset");
    assert_eq!(t.ended_at, None, "0001-01-01 means unset");
    assert_eq!(t.seed, None, "\"\" means unset");
    assert!(t.video_urls.is_empty());
    assert_eq!(t.progress, None);
    assert_eq!(t.error, None, "code 0 is no error");
    assert_eq!(
        t.usage,
        Some(Usage {
            unit: Some("point".into()),
            frozen: Some(480.0),
            consumed: Some(0.0)
        })
    );
    assert_eq!(t.raw, json);
    assert_eq!(raw_str(&t, "task_type"), Some("extend-video"));
    let out = serde_json::to_value(&t).unwrap_or_default();
    for absent in ["startedAt", "endedAt", "seed", "error", "progress"] {
        assert_eq!(out.get(absent), None, "{absent} absent, not null");
    }
}

#[test]
fn legnext_staged_and_processing() {
    let (text, json) = legnext("staged");
    let t = task(Provider::Legnext, Operation::Read, 200, &text);
    assert_eq!(t.status, TaskStatus::Pending);
    assert_eq!(t.provider_status.as_deref(), Some("staged"));
    assert_eq!((t.created_at, t.started_at, t.ended_at), (None, None, None));
    assert_eq!(t.raw, json);
    assert_eq!(
        t.raw.get("logs"),
        Some(&value(json!(["queued for a worker"])))
    );

    let (text, json) = legnext("processing");
    let t = task(Provider::Legnext, Operation::Read, 200, &text);
    assert_eq!(t.status, TaskStatus::Processing);
    assert!(!t.status.is_finished());
    assert_eq!(t.provider_status.as_deref(), Some("processing"));
    assert_eq!(t.started_at.as_deref(), Some("2025-10-14T06:23:06Z"));
    assert_eq!(t.ended_at, None);
    assert!(t.video_urls.is_empty());
    assert_eq!(t.error, None);
    assert_eq!(t.raw, json);
    assert_eq!(raw_str(&t, "task_type"), Some("extend-video"));
}

#[test]
fn legnext_failed_task_carries_code_and_message() {
    let (text, json) = legnext("failed");
    for op in [Operation::Read, Operation::Create] {
        let t = task(Provider::Legnext, op, 200, &text);
        assert_eq!(t.status, TaskStatus::Failed, "{op:?}");
        assert_eq!(t.id, "0b6b1e7e-6a53-4c1b-9a8e-2f1d7c3e4b5a");
        assert_eq!(
            t.error,
            Some(TaskError {
                code: "10001".into(),
                message: "The prompt was rejected by moderation".into()
            })
        );
        assert!(t.video_urls.is_empty());
        assert_eq!(t.ended_at.as_deref(), Some("2025-10-14T06:24:10Z"));
        assert_eq!(t.raw, json);
        let first_log = t
            .raw
            .get("logs")
            .and_then(Value::as_array)
            .and_then(|l| l.first());
        assert!(
            first_log.is_some_and(Value::is_object),
            "logs as objects are kept"
        );
    }
    // Failed without a code or message: a stable code, an empty message.
    let body = json!({"job_id": JOB_PENDING, "status": "failed",
        "error": {"code": 0, "message": "", "raw_message": ""}});
    let t = task(Provider::Legnext, Operation::Read, 200, &body.to_string());
    assert_eq!(
        t.error,
        Some(TaskError {
            code: "failed".into(),
            message: String::new()
        })
    );
    // raw_message is used when message is empty.
    let body = json!({"job_id": JOB_PENDING, "status": "failed",
        "error": {"code": 10002, "message": "", "raw_message": "worker crashed"}});
    let t = task(Provider::Legnext, Operation::Read, 200, &body.to_string());
    assert_eq!(
        t.error.map(|e| (e.code, e.message)),
        Some(("10002".into(), "worker crashed".into()))
    );
}

#[test]
fn legnext_task_type_spellings_and_log_shapes_do_not_matter() {
    for task_type in ["extend_video", "extend-video", "video-diffusion", ""] {
        for logs in [
            json!([]),
            json!(["a", "b"]),
            json!([{"message": "a"}]),
            json!(null),
        ] {
            let body = json!({"job_id": JOB_PENDING, "task_type": task_type,
                "status": "processing", "logs": logs, "error": {"code": 0}});
            let t = task(Provider::Legnext, Operation::Read, 200, &body.to_string());
            assert_eq!(t.status, TaskStatus::Processing);
            assert_eq!(t.raw, value(body));
        }
    }
}

#[test]
fn legnext_unknown_status_is_not_finished_and_kept() {
    let (text, json) = legnext("unknown_status");
    for op in [Operation::Read, Operation::Create] {
        let t = task(Provider::Legnext, op, 200, &text);
        assert_eq!(t.status, TaskStatus::Processing, "{op:?}");
        assert!(!t.status.is_finished());
        assert_ne!(t.status, TaskStatus::Completed);
        assert_eq!(t.provider_status.as_deref(), Some("upscaling"));
        assert_ne!(t.progress, Some(100.0));
        assert_eq!(t.error, None);
        assert_eq!(t.raw, json);
    }
    for word in ["", "COMPLETE-ISH", "done?", "succeeded_partially"] {
        let body = json!({"job_id": JOB_PENDING, "status": word});
        let t = task(Provider::Legnext, Operation::Read, 200, &body.to_string());
        assert!(!t.status.is_finished(), "{word:?}");
        assert_eq!(t.provider_status.as_deref(), Some(word));
    }
}

#[test]
fn legnext_403_envelope_without_job_is_a_permission_error() {
    let (text, _) = legnext("forbidden_no_job");
    for (status, op) in [
        (200, Operation::Read),
        (200, Operation::Create),
        (403, Operation::Read),
        (403, Operation::Create),
    ] {
        let label = format!("{status} {op:?}");
        let e = error(Provider::Legnext, op, status, &text);
        assert_eq!(e.code, ErrorCode::Permission, "{label}");
        assert_eq!(e.status, Some(status), "{label}");
        assert_eq!(
            e.provider_message.as_deref(),
            Some("Your plan does not allow this action"),
            "{label}"
        );
        assert!(e.message.contains("403"), "{label}: {}", e.message);
        assert!(e.message.contains("Your plan does not allow this action"));
        assert_eq!(e.task_id, None, "{label}: an empty job_id is no id");
        assert!(!e.retryable && !e.ambiguous, "{label}");
        assert_eq!(e.request_id.as_deref(), Some(REQ_ID), "{label}");
        assert_eq!(e.provider, Some(Provider::Legnext), "{label}");
    }
}

#[test]
fn legnext_403_envelope_from_a_create_keeps_the_job_id() {
    let (text, json) = legnext("forbidden_create");
    let e = error(Provider::Legnext, Operation::Create, 200, &text);
    assert_eq!(e.code, ErrorCode::Permission);
    assert_eq!(
        e.task_id.as_deref(),
        Some("7d1c2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f")
    );
    assert_eq!(
        e.provider_message.as_deref(),
        Some("Video extension is not available on this plan")
    );
    assert_eq!(e.status, Some(200));
    assert!(!e.retryable && !e.ambiguous);
    assert_eq!(e.request_id.as_deref(), Some(REQ_ID));
    let out = serde_json::to_value(&e).unwrap_or_default();
    assert_eq!(out["code"], json!("permission"));
    assert_eq!(out["taskId"], json!("7d1c2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"));

    // Read later, the same envelope is a failed task with the code.
    let t = task(Provider::Legnext, Operation::Read, 200, &text);
    assert_eq!(t.status, TaskStatus::Failed);
    assert_eq!(
        t.error,
        Some(TaskError {
            code: "403".into(),
            message: "Video extension is not available on this plan".into()
        })
    );
    assert_eq!(t.raw, json);
}

#[test]
fn legnext_http_error_envelopes() {
    let (t401, _) = legnext("http_401");
    let e = error(Provider::Legnext, Operation::Read, 401, &t401);
    assert_eq!(e.code, ErrorCode::Authentication);
    assert_eq!(e.status, Some(401));
    assert_eq!(e.provider_message.as_deref(), Some("Invalid API key"));
    assert!(e.message.contains("Invalid API key"), "{}", e.message);
    assert!(!e.retryable && !e.ambiguous);
    assert_eq!(e.request_id.as_deref(), Some(REQ_ID));

    let (t404, _) = legnext("http_404");
    let e = error(Provider::Legnext, Operation::Read, 404, &t404);
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(e.status, Some(404));
    assert_eq!(e.provider_message.as_deref(), Some("Job not found"));
    assert_eq!(
        e.task_id.as_deref(),
        Some("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    );
    assert!(!e.retryable);

    let (t500, _) = legnext("http_500");
    let e = error(Provider::Legnext, Operation::Read, 500, &t500);
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert_eq!(
        e.provider_message.as_deref(),
        Some("upstream midjourney worker unavailable")
    );
    assert!(e.retryable && !e.ambiguous, "a read may be retried");
    let e = error(Provider::Legnext, Operation::Create, 500, &t500);
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert!(!e.retryable && e.ambiguous, "a create may have made a job");
    assert!(e.message.contains("not retried"), "{}", e.message);
    assert_eq!(e.request_id.as_deref(), Some(REQ_ID));
}

// ---------------------------------------------------------------- APIFrame tasks

#[test]
fn apiframe_created_task_is_pending() {
    let (text, json) = apiframe_fx("created");
    let t = task(Provider::Apiframe, Operation::Create, 200, &text);
    let want = Task::new(
        Provider::Apiframe,
        "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a".into(),
        TaskStatus::Pending,
        json,
    );
    assert_eq!(t, want);
}

#[test]
fn apiframe_progress_from_percentage() {
    for (name, progress) in [
        ("processing", Some(40.0)),
        ("processing_number", Some(55.0)),
        ("processing_abc", None),
        ("processing_150", Some(100.0)),
    ] {
        let (text, json) = apiframe_fx(name);
        let t = task(Provider::Apiframe, Operation::Read, 200, &text);
        assert_eq!(t.status, TaskStatus::Processing, "{name}");
        assert_eq!(t.provider_status.as_deref(), Some("processing"), "{name}");
        assert_eq!(t.progress, progress, "{name}");
        assert!(t.video_urls.is_empty(), "{name}");
        assert_eq!(t.raw, json, "{name}");
    }
    for (pct, want) in [
        (json!("0"), Some(0.0)),
        (json!("-5"), Some(0.0)),
        (json!("40%"), Some(40.0)),
        (json!(" 12.5 "), Some(12.5)),
        (json!(""), None),
        (json!(null), None),
        (json!("NaN"), None),
        (json!([40]), None),
    ] {
        let body = json!({"task_id": "t", "status": "processing", "percentage": pct});
        let t = task(Provider::Apiframe, Operation::Read, 200, &body.to_string());
        assert_eq!(t.progress, want, "{pct}");
    }
}

#[test]
fn apiframe_finished_without_status_is_completed() {
    let (text, json) = apiframe_fx("finished");
    let t = task(Provider::Apiframe, Operation::Read, 200, &text);
    let mut want = Task::new(
        Provider::Apiframe,
        "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a".into(),
        TaskStatus::Completed,
        json,
    );
    want.video_urls = vec!["https://cdn.apiframe.pro/videos/29e983ca-extended.mp4".into()];
    want.progress = Some(100.0);
    assert_eq!(t, want);
    // The same through the webhook / fetch-many entry point.
    let again = apiframe::task_from_value(t.id.clone(), t.raw.clone());
    assert_eq!(again, t);
}

#[test]
fn raw_keeps_the_providers_key_order() {
    // Not sorted: the keys as the provider sent them, nested objects included.
    let body = r#"{"task_id":"t-9","status":"processing","percentage":"40","zeta":{"b":1,"a":[2,{"y":null,"x":0.5}]},"alpha":true}"#;
    let t = task(Provider::Apiframe, Operation::Read, 200, body);
    assert_eq!(video_extend::json::stringify(&t.raw), body);
    let keys: Vec<&str> = t
        .raw
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["task_id", "status", "percentage", "zeta", "alpha"]);
    let legnext =
        format!(r#"{{"status":"pending","job_id":"{JOB_PENDING}","output":{{"video_urls":[]}}}}"#);
    let t = task(Provider::Legnext, Operation::Read, 200, &legnext);
    assert_eq!(video_extend::json::stringify(&t.raw), legnext);
}

#[test]
fn apiframe_status_words() {
    use TaskStatus::*;
    for (word, want) in [
        ("pending", Pending),
        ("staged", Pending),
        ("starting", Processing),
        ("processing", Processing),
        ("finished", Completed),
        ("failed", Failed),
        ("retry", Processing),
        ("retrying", Processing),
        ("mystery", Processing),
    ] {
        let body = json!({"task_id": "t-1", "task_type": "luma-ext", "status": word});
        let t = task(Provider::Apiframe, Operation::Read, 200, &body.to_string());
        assert_eq!(t.status, want, "{word}");
        assert_eq!(t.provider_status.as_deref(), Some(word));
        assert_eq!(t.error.is_some(), want == Failed, "{word}");
        let via_value = apiframe::task_from_value("t-1".into(), value(body));
        assert_eq!(via_value.status, want, "{word}");
    }
    // An unknown word is never completed, even with a video_url.
    let body = json!({"task_id": "t-1", "status": "mystery", "video_url": "https://x/v.mp4"});
    let t = task(Provider::Apiframe, Operation::Read, 200, &body.to_string());
    assert!(!t.status.is_finished());
}

#[test]
fn apiframe_failed_task_carries_the_message() {
    let (text, json) = apiframe_fx("failed");
    let t = task(Provider::Apiframe, Operation::Read, 200, &text);
    assert_eq!(t.status, TaskStatus::Failed);
    assert_eq!(
        t.error,
        Some(TaskError {
            code: "failed".into(),
            message: "The parent task could not be extended".into()
        })
    );
    assert!(t.video_urls.is_empty());
    assert_eq!(t.raw, json);
}

#[test]
fn apiframe_http_errors() {
    let (t400, _) = apiframe_fx("error_400");
    for op in [Operation::Create, Operation::Read] {
        let e = error(Provider::Apiframe, op, 400, &t400);
        assert_eq!(e.code, ErrorCode::InvalidRequest, "{op:?}");
        assert_eq!(e.provider_message.as_deref(), Some("Invalid request"));
        assert!(e.message.contains("Invalid request"));
        assert_eq!(e.field, None, "the provider refused it, not a local rule");
        assert_eq!(e.status, Some(400));
        assert!(!e.retryable && !e.ambiguous);
        assert_eq!(e.request_id.as_deref(), Some(REQ_ID));
        assert_eq!(e.provider, Some(Provider::Apiframe));
    }
    let e = error(
        Provider::Apiframe,
        Operation::Read,
        400,
        &json!({"errors": [{"msg": "a"}, {"msg": "b"}]}).to_string(),
    );
    assert_eq!(e.provider_message.as_deref(), Some("a; b"));

    let (t401, _) = apiframe_fx("error_401");
    for op in [Operation::Create, Operation::Read] {
        let e = error(Provider::Apiframe, op, 401, &t401);
        assert_eq!(e.code, ErrorCode::Authentication);
        assert_eq!(e.status, Some(401));
        assert_eq!(e.provider_message, None);
        assert!(!e.retryable && !e.ambiguous);
    }

    let (t500, _) = apiframe_fx("error_500");
    let e = error(Provider::Apiframe, Operation::Read, 500, &t500);
    assert_eq!(
        (e.code, e.status, e.retryable, e.ambiguous),
        (ErrorCode::ProviderError, Some(500), true, false)
    );
    let e = error(Provider::Apiframe, Operation::Create, 500, &t500);
    assert_eq!(
        (e.code, e.status, e.retryable, e.ambiguous),
        (ErrorCode::ProviderError, Some(500), false, true)
    );
    assert!(e.message.contains("not retried"));
}

#[test]
fn apiframe_success_status_with_errors_and_no_task_is_an_error() {
    let body = json!({"errors": [{"msg": "parent task not found"}]}).to_string();
    let e = error(Provider::Apiframe, Operation::Read, 200, &body);
    assert_eq!(e.code, ErrorCode::ProviderError);
    assert_eq!(e.provider_message.as_deref(), Some("parent task not found"));
    assert_eq!(e.request_id.as_deref(), Some(REQ_ID));
    let e = error(Provider::Apiframe, Operation::Create, 200, "{}");
    assert_eq!(e.code, ErrorCode::InvalidResponse);
    assert!(
        e.ambiguous,
        "a create answered 200 without an id may have made a job"
    );
}

// ---------------------------------------------------------------- unreadable bodies

const UNREADABLE: &[(&str, &str)] = &[
    ("empty", ""),
    ("blank", "  \n "),
    ("not json", "not json"),
    ("truncated", "{\"job_id\": \"e41e5586-dcee-4659-ae56-dbf19d20051a\", \"status\": \"comp"),
    (
        "html",
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
    ),
];

#[test]
fn unreadable_success_bodies_are_invalid_responses() {
    for provider in [Provider::Legnext, Provider::Apiframe] {
        for op in [Operation::Read, Operation::Create] {
            for (name, body) in UNREADABLE {
                let label = format!("{provider:?} {op:?} {name}");
                let e = error(provider, op, 200, body);
                assert_eq!(e.code, ErrorCode::InvalidResponse, "{label}");
                assert_eq!(e.status, Some(200), "{label}");
                assert_eq!(e.ambiguous, op == Operation::Create, "{label}");
                assert_eq!(e.retryable, op == Operation::Read, "{label}");
                assert_eq!(e.request_id.as_deref(), Some(REQ_ID), "{label}");
                assert_eq!(e.provider, Some(provider), "{label}");
                assert_eq!(e.message.contains("not retried"), e.ambiguous, "{label}");
            }
            // JSON, but not a task.
            for body in ["[1, 2]", "[]", "null", "\"ok\"", "42", "true"] {
                let label = format!("{provider:?} {op:?} {body}");
                let e = error(provider, op, 200, body);
                assert_eq!(e.code, ErrorCode::InvalidResponse, "{label}");
                assert_eq!(e.status, Some(200), "{label}");
                assert_eq!(e.ambiguous, op == Operation::Create, "{label}");
            }
        }
    }
    let e = error(Provider::Legnext, Operation::Read, 200, "{\"job_id\":");
    assert!(e.message.contains("truncated JSON"), "{}", e.message);
    let e = error(Provider::Legnext, Operation::Read, 200, "");
    assert!(e.message.contains("empty body"), "{}", e.message);
}

#[test]
fn html_error_pages_keep_the_http_status() {
    let (_, html) = UNREADABLE[4];
    for provider in [Provider::Legnext, Provider::Apiframe] {
        let e = error(provider, Operation::Read, 502, html);
        assert_eq!(
            (e.code, e.status, e.retryable, e.ambiguous),
            (ErrorCode::ProviderError, Some(502), true, false)
        );
        assert_eq!(e.provider_message, None);
        let e = error(provider, Operation::Create, 502, html);
        assert_eq!(
            (e.code, e.status, e.retryable, e.ambiguous),
            (ErrorCode::ProviderError, Some(502), false, true)
        );
        for (status, code) in [
            (401, ErrorCode::Authentication),
            (404, ErrorCode::NotFound),
            (429, ErrorCode::RateLimited),
            (503, ErrorCode::ProviderError),
        ] {
            for (_, body) in UNREADABLE {
                let e = error(provider, Operation::Read, status, body);
                assert_eq!(
                    (e.code, e.status),
                    (code, Some(status)),
                    "{status} {body:?}"
                );
            }
        }
    }
}

#[test]
fn odd_json_never_panics() {
    let mut deep = String::new();
    for _ in 0..5000 {
        deep.push('[');
    }
    let bodies: Vec<Vec<u8>> = vec![
        b"{\"job_id\": 5, \"status\": 7}".to_vec(),
        b"{\"job_id\": \"x\", \"status\": null}".to_vec(),
        b"{\"job_id\": \"x\"}".to_vec(),
        b"{\"job_id\": \"x\", \"status\": \"completed\", \"output\": \"none\", \"meta\": 3}".to_vec(),
        b"{\"job_id\": \"x\", \"status\": \"failed\", \"error\": \"boom\"}".to_vec(),
        b"{\"job_id\": \"x\", \"status\": \"completed\", \"output\": {\"video_urls\": [1, null, \"\", \"u\"], \"seed\": 12}}".to_vec(),
        b"{\"job_id\": \"x\", \"status\": \"failed\", \"error\": {\"code\": 1e300}}".to_vec(),
        b"{\"task_id\": 1}".to_vec(),
        b"{\"task_id\": \"t\", \"status\": 3, \"percentage\": {}}".to_vec(),
        b"{\"task_id\": \"t\", \"video_url\": 7}".to_vec(),
        vec![0xff, 0xfe, b'{', 0x80],
        b"\xef\xbb\xbf{\"task_id\": \"t\"}".to_vec(),
        deep.into_bytes(),
        vec![b' '; 10_000],
    ];
    for provider in [Provider::Legnext, Provider::Apiframe] {
        for op in [Operation::Read, Operation::Create] {
            for status in [200, 201, 204, 400, 403, 500] {
                for body in &bodies {
                    let r = HttpResponse {
                        status,
                        headers: vec![],
                        body: body.clone(),
                    };
                    let label = format!(
                        "{provider:?} {op:?} {status} {:?}",
                        String::from_utf8_lossy(&body[..body.len().min(60)])
                    );
                    match parse_response(provider, op, &r, &[KEY]) {
                        Ok(t) => {
                            assert!((200..300).contains(&status), "{label}: {t:?}");
                            assert!(!t.id.is_empty(), "{label}");
                        }
                        Err(e) => assert_eq!(e.provider, Some(provider), "{label}"),
                    }
                }
            }
        }
    }
    // Specific shapes worth pinning down.
    let t = task(
        Provider::Legnext,
        Operation::Read,
        200,
        "{\"job_id\": \"x\", \"status\": \"completed\", \"output\": {\"video_urls\": [1, null, \"\", \"u\"], \"seed\": 12}}",
    );
    assert_eq!(t.video_urls, vec!["u".to_string()]);
    assert_eq!(t.seed.as_deref(), Some("12"));
    let e = error(
        Provider::Legnext,
        Operation::Read,
        200,
        "{\"job_id\": \"x\"}",
    );
    assert_eq!(e.code, ErrorCode::InvalidResponse);
    assert_eq!(
        e.task_id.as_deref(),
        Some("x"),
        "the id is kept even without a status"
    );
}

#[test]
fn request_id_comes_from_the_usual_headers() {
    for (header, value) in [
        ("x-request-id", "r1"),
        ("X-Request-Id", "r2"),
        ("request-id", "r3"),
        ("cf-ray", "8c1d-AMS"),
    ] {
        let r = resp(500, &[(header, value)], "{}");
        let e = match parse_response(Provider::Apiframe, Operation::Read, &r, &[KEY]) {
            Ok(t) => panic!("accepted: {t:?}"),
            Err(e) => e,
        };
        assert_eq!(e.request_id.as_deref(), Some(value), "{header}");
    }
    let r = resp(500, &[], "{}");
    let e = parse_response(Provider::Legnext, Operation::Read, &r, &[KEY]).err();
    assert_eq!(e.map(|e| e.request_id.clone()), Some(None));
}
