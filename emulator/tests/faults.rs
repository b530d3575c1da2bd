//! Every injectable fault, on both providers, and the fault control endpoints.

mod common;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn legnext_body() -> String {
    json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0, "prompt": "p"}).to_string()
}

fn apiframe_body() -> String {
    json!({"parent_task_id": APIFRAME_ORIGINAL, "prompt": "p"}).to_string()
}

fn arm(emu: &Emu, m: &str, fault: &str) {
    let list = emu.fault(json!({"match": m, "fault": fault}));
    assert!(
        list.as_array().unwrap().iter().any(|f| f["fault"] == fault),
        "{list}"
    );
}

fn raw_extend(emu: &Emu, timeout: Duration) -> std::io::Result<Resp> {
    let body = legnext_body();
    request(
        &emu.addr,
        "POST",
        "/api/v1/extend-video",
        &[("x-api-key", KEY), ("content-type", "application/json")],
        Some(&body),
        timeout,
    )
}

fn last_request(emu: &Emu) -> Value {
    emu.control("GET", "requests", None)
        .as_array()
        .unwrap()
        .last()
        .cloned()
        .unwrap()
}

#[test]
fn status_faults_in_each_provider_shape() {
    let emu = Emu::start(&[]);
    let cases = [
        ("rate_limited", 429, true),
        ("server_error", 500, false),
        ("bad_gateway", 502, false),
        ("unavailable", 503, true),
        ("forbidden", 403, false),
    ];
    for (fault, code, retry_after) in cases {
        arm(&emu, "POST /api/v1/extend-video", fault);
        let r = emu.legnext_extend(&legnext_body());
        assert_eq!(r.status, code, "{fault}");
        assert_eq!(r.header("retry-after").is_some(), retry_after, "{fault}");
        if retry_after {
            assert_eq!(r.header("retry-after"), Some("1"));
        }
        let v = r.json();
        assert_eq!(v["status"], "failed", "{fault}: {v}");
        assert_eq!(v["job_id"], "");
        assert_eq!(v["error"]["code"], code);
        assert_eq!(last_request(&emu)["fault"], fault);
        assert_eq!(last_request(&emu)["status"], code);

        arm(&emu, "POST /luma-extend", fault);
        let r = emu.apiframe("/luma-extend", &apiframe_body());
        assert_eq!(r.status, code, "{fault}");
        let v = r.json();
        if code == 500 {
            assert_eq!(v, json!({}));
        } else {
            assert!(v["errors"][0]["msg"].is_string(), "{fault}: {v}");
        }
    }
    assert_eq!(emu.jobs().len(), 4, "short-circuit faults create nothing");
    // Once consumed, requests are normal again.
    assert_eq!(emu.legnext_extend(&legnext_body()).status, 200);
}

#[test]
fn count_method_and_path_prefix_matching() {
    let emu = Emu::start(&[]);
    emu.fault(json!({"match": "* /fetch", "fault": "server_error", "count": 2}));
    let list = emu.control("GET", "faults", None);
    assert_eq!(list[0]["count"], 2);
    assert_eq!(list[0]["match"], "* /fetch");
    // Not matching: another path.
    assert_eq!(emu.apiframe("/luma-extend", &apiframe_body()).status, 200);
    // "/fetch" is a prefix of "/fetch-many" too.
    let ids = json!({"task_ids": [APIFRAME_ORIGINAL, APIFRAME_ORIGINAL]}).to_string();
    assert_eq!(emu.apiframe("/fetch-many", &ids).status, 500);
    let one = json!({"task_id": APIFRAME_ORIGINAL}).to_string();
    assert_eq!(emu.apiframe("/fetch", &one).status, 500);
    assert_eq!(emu.apiframe("/fetch", &one).status, 200);
    assert_eq!(emu.control("GET", "faults", None), json!([]));

    emu.fault(json!({"match": "GET /api/v1/job/", "fault": "bad_gateway", "count": 5}));
    assert_eq!(
        emu.legnext_extend(&legnext_body()).status,
        200,
        "POST is not GET"
    );
    assert_eq!(emu.legnext_job(LEGNEXT_ORIGINAL).status, 502);
    assert_eq!(emu.control("DELETE", "faults", None), json!([]));
    assert_eq!(emu.legnext_job(LEGNEXT_ORIGINAL).status, 200);

    let r = emu
        .req(
            "POST",
            "/__emulator/faults",
            &[],
            Some(r#"{"match":"* /","fault":"explode"}"#),
        )
        .unwrap();
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("explode"));
    let r = emu
        .req("POST", "/__emulator/faults", &[], Some("nope"))
        .unwrap();
    assert_eq!(r.status, 400);
}

#[test]
fn slow_answers_after_the_delay() {
    let emu = Emu::start(&[]);
    emu.fault(json!({"match": "POST /api/v1/extend-video", "fault": "slow", "delayMs": 700}));
    let t = Instant::now();
    let r = emu.legnext_extend(&legnext_body());
    assert!(
        t.elapsed() >= Duration::from_millis(650),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"], "pending");
    let t = Instant::now();
    emu.legnext_extend(&legnext_body());
    assert!(t.elapsed() < Duration::from_millis(600));
}

#[test]
fn hang_never_answers() {
    let emu = Emu::start(&[]);
    arm(&emu, "POST /api/v1/extend-video", "hang");
    let t = Instant::now();
    let err = raw_extend(&emu, Duration::from_millis(1200)).expect_err("no response");
    assert!(
        matches!(
            err.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
        "{err:?}"
    );
    assert!(t.elapsed() >= Duration::from_millis(1100));
    let rec = last_request(&emu);
    assert_eq!(rec["fault"], "hang");
    assert_eq!(rec["status"], Value::Null);
    assert_eq!(emu.jobs().len(), 4);
    // The server stays healthy.
    assert_eq!(emu.legnext_extend(&legnext_body()).status, 200);
}

#[test]
fn reset_before_creates_nothing() {
    let emu = Emu::start(&[]);
    arm(&emu, "POST /api/v1/extend-video", "reset_before");
    let err = raw_extend(&emu, Duration::from_secs(5)).expect_err("connection dropped");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset, "{err:?}");
    assert_eq!(emu.jobs().len(), 4, "nothing created");
    let rec = last_request(&emu);
    assert_eq!(rec["fault"], "reset_before");
    assert_eq!(rec["status"], Value::Null);
}

#[test]
fn reset_after_creates_the_job_but_drops_the_answer() {
    let emu = Emu::start(&[]);
    arm(&emu, "POST /api/v1/extend-video", "reset_after");
    let err = raw_extend(&emu, Duration::from_secs(5)).expect_err("connection dropped");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset, "{err:?}");
    let jobs = emu.jobs();
    assert_eq!(jobs.len(), 5, "the job exists: {jobs:?}");
    assert_eq!(jobs[4]["parent"], LEGNEXT_ORIGINAL);
    assert_eq!(last_request(&emu)["status"], Value::Null);

    arm(&emu, "POST /luma-extend", "reset_after");
    assert!(emu
        .req(
            "POST",
            "/luma-extend",
            &[("authorization", KEY)],
            Some(&apiframe_body())
        )
        .is_err());
    assert_eq!(emu.jobs().len(), 6);
}

#[test]
fn malformed_json_html_and_wrong_content_type() {
    let emu = Emu::start(&[]);
    arm(&emu, "POST /api/v1/extend-video", "malformed_json");
    let r = emu.legnext_extend(&legnext_body());
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert!(!r.body.is_empty());
    assert!(
        serde_json::from_slice::<Value>(&r.body).is_err(),
        "{}",
        r.text()
    );

    arm(&emu, "POST /fetch", "html_error");
    let r = emu.apiframe("/fetch", &json!({"task_id": APIFRAME_ORIGINAL}).to_string());
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().contains("<html"));

    arm(&emu, "GET /api/v1/job", "wrong_content_type");
    let r = emu.legnext_job(LEGNEXT_ORIGINAL);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(r.json()["job_id"], LEGNEXT_ORIGINAL);
}

#[test]
fn huge_body_is_twenty_megabytes() {
    let emu = Emu::start(&[]);
    arm(&emu, "POST /fetch", "huge_body");
    let r = emu.apiframe("/fetch", &json!({"task_id": APIFRAME_ORIGINAL}).to_string());
    assert_eq!(r.status, 200);
    assert!(r.body.len() >= 20 * 1024 * 1024, "{} bytes", r.body.len());
    let v = r.json();
    assert_eq!(v["task_id"], APIFRAME_ORIGINAL);
}

#[test]
fn preflight_does_not_consume_wildcard_faults() {
    let emu = Emu::start(&[]);
    emu.fault(json!({"match": "* /api/", "fault": "server_error"}));
    let r = emu
        .req(
            "OPTIONS",
            "/api/v1/extend-video",
            &[("origin", "http://x.test")],
            None,
        )
        .unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(emu.legnext_extend(&legnext_body()).status, 500);
}
