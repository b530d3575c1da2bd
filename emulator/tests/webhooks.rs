//! Callbacks (Legnext) and webhooks (APIFrame) delivered to a listener on 127.0.0.1, retries, refusal.

mod common;
use common::*;
use serde_json::{json, Value};

fn webhook_log(emu: &Emu) -> Vec<Value> {
    emu.control("GET", "webhooks", None)
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn legnext_callback_posts_the_finished_envelope() {
    let emu = Emu::start(&[]);
    let hook = Hook::start(vec![]);
    let cb = format!("{}/legnext/cb?x=1", hook.base);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 2, "prompt": "p", "callback": cb})
            .to_string(),
    );
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["config"]["webhook_config"]["endpoint"], cb.as_str());
    let id = v["job_id"].as_str().unwrap().to_string();
    let got = hook.wait_for("callback", |r| !r.is_empty());
    assert_eq!(got[0].path, "/legnext/cb?x=1");
    assert!(got[0].headers["content-type"].starts_with("application/json"));
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["job_id"], id.as_str());
    assert_eq!(body["status"], "completed");
    assert_eq!(body["output"]["video_urls"].as_array().unwrap().len(), 4);
    let log = eventually(5, "delivered log entry", || {
        let l = webhook_log(&emu);
        (l.len() == 1 && l[0]["delivered"] == true).then_some(l)
    });
    assert_eq!(log[0]["attempts"], 1);
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["refused"], false);
    assert_eq!(log[0]["url"], cb.as_str());
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(hook.all().len(), 1, "exactly one callback per Legnext job");
}

#[test]
fn legnext_callback_for_a_failed_job() {
    let emu = Emu::start(&[]);
    let hook = Hook::start(vec![]);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0, "prompt": "[fail]",
            "callback": format!("{}/cb", hook.base)})
        .to_string(),
    );
    assert_eq!(r.status, 200);
    let got = hook.wait_for("callback", |r| !r.is_empty());
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["status"], "failed");
    assert_ne!(body["error"]["code"], 0);
}

#[test]
fn apiframe_webhook_gets_updates_and_result_with_secret() {
    let emu = Emu::start(&["--job-seconds", "1"]);
    let hook = Hook::start(vec![]);
    let secret = "s3cr3t-abc123";
    let body = json!({"parent_task_id": APIFRAME_ORIGINAL, "prompt": "p",
        "webhook_url": format!("{}/af", hook.base), "webhook_secret": secret});
    let r = emu.apiframe("/luma-extend", &body.to_string());
    assert_eq!(r.status, 200);
    let id = r.json()["task_id"].as_str().unwrap().to_string();
    let got = hook.wait_for("final result", |r| {
        r.iter().any(|x| x.body.contains("video_url"))
    });
    assert!(got.len() >= 3, "progress updates and the result: {got:?}");
    let mut last_pct = 0u32;
    for (i, g) in got.iter().enumerate() {
        assert_eq!(g.path, "/af");
        assert_eq!(
            g.headers.get("x-webhook-secret").map(String::as_str),
            Some(secret)
        );
        let v: Value = serde_json::from_str(&g.body).unwrap();
        assert_eq!(v["task_id"], id.as_str());
        assert_eq!(v["task_type"], "luma-ext");
        if i + 1 < got.len() {
            let pct: u32 = v["percentage"].as_str().unwrap().parse().unwrap();
            assert!(pct >= last_pct);
            last_pct = pct;
            assert!(
                v["status"] == "pending" || v["status"] == "processing",
                "{v}"
            );
        } else {
            assert!(v.get("status").is_none(), "{v}");
            assert!(v["video_url"].as_str().unwrap().starts_with(&emu.base));
        }
    }
    assert!(last_pct > 0, "some update reports progress");
    let log = webhook_log(&emu);
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(secret), "secret must be redacted: {text}");
    assert!(log
        .iter()
        .all(|e| e["headers"]["x-webhook-secret"] == "[redacted]"));
}

#[test]
fn failed_deliveries_are_retried() {
    let emu = Emu::start(&[]);
    let hook = Hook::start(vec![500, 503]);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0, "callback": format!("{}/cb", hook.base)})
            .to_string(),
    );
    assert_eq!(r.status, 200);
    hook.wait_for("third attempt", |r| r.len() >= 3);
    let log = eventually(5, "delivered after retries", || {
        let l = webhook_log(&emu);
        (l.len() == 1 && l[0]["delivered"] == true).then_some(l)
    });
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["status"], 200);

    // A receiver that is not listening: 1 attempt + 3 retries, then given up.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    emu.control("POST", "reset", None);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0,
            "callback": format!("http://127.0.0.1:{closed}/cb")})
        .to_string(),
    );
    assert_eq!(r.status, 200);
    let log = eventually(10, "all attempts used", || {
        let l = webhook_log(&emu);
        (l.len() == 1 && l[0]["attempts"] == 4).then_some(l)
    });
    std::thread::sleep(std::time::Duration::from_millis(1300));
    let l = webhook_log(&emu);
    assert_eq!(l[0]["attempts"], 4, "no more than 3 retries: {l:?}");
    assert_eq!(log[0]["delivered"], false);
    assert!(log[0]["error"].as_str().unwrap().contains("connect"));
}

#[test]
fn non_loopback_receivers_are_refused() {
    let emu = Emu::start(&[]);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0, "callback": "http://192.0.2.10/cb"})
            .to_string(),
    );
    assert_eq!(r.status, 200);
    let r = emu.apiframe(
        "/luma-extend",
        &json!({"parent_task_id": APIFRAME_ORIGINAL, "prompt": "p",
            "webhook_url": "https://example.com/hook", "webhook_secret": "zz"})
        .to_string(),
    );
    assert_eq!(r.status, 200);
    let log = eventually(10, "refusals recorded", || {
        let l = webhook_log(&emu);
        let legnext = l.iter().any(|e| e["provider"] == "legnext");
        let apiframe = l.iter().filter(|e| e["provider"] == "apiframe").count() >= 5;
        (legnext && apiframe).then_some(l)
    });
    for e in &log {
        assert_eq!(e["refused"], true, "{e}");
        assert_eq!(e["attempts"], 0, "{e}");
        assert_eq!(e["delivered"], false);
    }
    // localhost is a loopback name and is delivered to.
    let hook = Hook::start(vec![]);
    let port = hook.base.rsplit(':').next().unwrap();
    emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0,
            "callback": format!("http://localhost:{port}/cb")})
        .to_string(),
    );
    hook.wait_for("delivery to localhost", |r| !r.is_empty());
}
