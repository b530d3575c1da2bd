//! APIFrame emulation: auth, /luma-extend validation, /fetch progress and finished shapes, /fetch-many.

mod common;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

fn assert_errors(r: &Resp, status: u16) -> Vec<String> {
    assert_eq!(r.status, status, "{}", r.text());
    let v = r.json();
    let errs = v["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors array: {v}"));
    assert!(!errs.is_empty());
    errs.iter()
        .map(|e| e["msg"].as_str().expect("msg string").to_string())
        .collect()
}

fn extend_body(prompt: &str) -> String {
    json!({"parent_task_id": APIFRAME_ORIGINAL, "prompt": prompt}).to_string()
}

#[test]
fn missing_and_wrong_key_get_401_empty_object() {
    let emu = Emu::start(&[]);
    let body = extend_body("x");
    let cases: [&[(&str, &str)]; 4] = [
        &[],
        &[("authorization", "wrong")],
        &[("authorization", "Bearer ve-emulator-key")],
        &[("x-api-key", KEY)],
    ];
    for headers in cases {
        let r = emu.post_json("/luma-extend", headers, &body);
        assert_eq!(r.status, 401, "{headers:?}");
        assert_eq!(r.json(), json!({}));
    }
    let r = emu.post_json(
        "/fetch",
        &[],
        &json!({"task_id": APIFRAME_ORIGINAL}).to_string(),
    );
    assert_eq!((r.status, r.json()), (401, json!({})));
    let r = emu.post_json("/fetch-many", &[("authorization", "nope")], "{}");
    assert_eq!((r.status, r.json()), (401, json!({})));
    assert_eq!(emu.jobs().len(), 4);
}

#[test]
fn validation_errors_shape() {
    let emu = Emu::start(&[]);
    let p = APIFRAME_ORIGINAL;
    let bad = [
        json!({"prompt": "x"}),
        json!({"parent_task_id": p}),
        json!({"parent_task_id": "  ", "prompt": "x"}),
        json!({"parent_task_id": p, "prompt": ""}),
        json!({"parent_task_id": p, "prompt": 5}),
        json!({"parent_task_id": p, "prompt": "x", "image_url": "nope"}),
        json!({"parent_task_id": p, "prompt": "x", "end_image_url": "/rel.png"}),
        json!({"parent_task_id": p, "prompt": "x", "webhook_url": "ftp://127.0.0.1/h"}),
        json!({"parent_task_id": p, "prompt": "x", "enhance_prompt": "yes"}),
        json!({"parent_task_id": p, "prompt": "x", "aspect_ratio": "3:2"}),
        json!({"parent_task_id": p, "prompt": "x", "webhook_secret": 12}),
        json!([1]),
    ];
    for body in bad {
        assert_errors(&emu.apiframe("/luma-extend", &body.to_string()), 400);
    }
    assert_errors(&emu.apiframe("/luma-extend", "{not json"), 400);
    let several = assert_errors(
        &emu.apiframe(
            "/luma-extend",
            &json!({"prompt": "", "aspect_ratio": "2:1"}).to_string(),
        ),
        400,
    );
    assert!(several.len() >= 3, "every problem is listed: {several:?}");
    assert_eq!(emu.jobs().len(), 4);
    for ar in ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"] {
        let body = json!({"parent_task_id": p, "prompt": "x", "aspect_ratio": ar,
            "enhance_prompt": true, "image_url": "https://example.com/a.png", "extra": 1});
        let r = emu.apiframe("/luma-extend", &body.to_string());
        assert_eq!(r.status, 200, "{ar}: {}", r.text());
        let v = r.json();
        assert_eq!(v.as_object().unwrap().len(), 1, "only task_id: {v}");
        assert_eq!(v["task_id"].as_str().unwrap().len(), 36);
    }
}

#[test]
fn unknown_parent_and_task_are_404() {
    let emu = Emu::start(&[]);
    let r = emu.apiframe(
        "/luma-extend",
        &json!({"parent_task_id": "nope", "prompt": "x"}).to_string(),
    );
    assert_eq!(assert_errors(&r, 404), vec!["parent task not found"]);
    // A Legnext job is not an APIFrame task.
    let r = emu.apiframe(
        "/luma-extend",
        &json!({"parent_task_id": LEGNEXT_ORIGINAL, "prompt": "x"}).to_string(),
    );
    assert_eq!(r.status, 404);
    let r = emu.apiframe("/fetch", &json!({"task_id": "nope"}).to_string());
    assert_eq!(assert_errors(&r, 404), vec!["task not found"]);
    assert_errors(&emu.apiframe("/fetch", "{}"), 400);
}

#[test]
fn seeded_task_is_finished_without_status() {
    let emu = Emu::start(&[]);
    let v = emu
        .apiframe("/fetch", &json!({"task_id": APIFRAME_ORIGINAL}).to_string())
        .json();
    assert_eq!(v["task_id"], APIFRAME_ORIGINAL);
    assert!(v.get("status").is_none(), "{v}");
    assert!(v["video_url"].as_str().unwrap().ends_with(".mp4"));
}

#[test]
fn percentage_rises_as_string_then_finished_shape() {
    let emu = Emu::start(&["--job-seconds", "1.2"]);
    let r = emu.apiframe("/luma-extend", &extend_body("a slow pan"));
    assert_eq!(r.status, 200);
    let id = r.json()["task_id"].as_str().unwrap().to_string();
    let mut percentages: Vec<u32> = Vec::new();
    let finished = loop {
        let v = emu
            .apiframe("/fetch", &json!({"task_id": id}).to_string())
            .json();
        assert_eq!(v["task_id"], id.as_str());
        assert_eq!(v["task_type"], "luma-ext");
        if v.get("video_url").is_some() {
            break v;
        }
        let status = v["status"].as_str().unwrap();
        assert!(status == "pending" || status == "processing", "{v}");
        let pct = v["percentage"]
            .as_str()
            .unwrap_or_else(|| panic!("percentage must be a string: {v}"));
        let n: u32 = pct.parse().unwrap();
        assert!(n <= 100);
        if let Some(last) = percentages.last() {
            assert!(n >= *last, "percentage went down: {percentages:?} then {n}");
        }
        percentages.push(n);
        std::thread::sleep(Duration::from_millis(30));
    };
    percentages.dedup();
    assert!(
        percentages.len() >= 3,
        "percentage should rise: {percentages:?}"
    );
    assert!(
        finished.get("status").is_none(),
        "finished result has no status: {finished}"
    );
    assert!(finished.get("percentage").is_none());
    let url = finished["video_url"].as_str().unwrap();
    let path = url
        .strip_prefix(&emu.base)
        .expect("absolute URL on the emulator");
    let media = emu.get(path);
    assert_eq!(media.status, 200);
    assert_eq!(media.header("content-type"), Some("video/mp4"));
    assert_eq!(&media.body[4..8], b"ftyp");
    // A finished extension can itself be extended.
    let r = emu.apiframe(
        "/luma-extend",
        &json!({"parent_task_id": id, "prompt": "again"}).to_string(),
    );
    assert_eq!(r.status, 200);
    let child = r.json()["task_id"].as_str().unwrap().to_string();
    let r = emu.apiframe(
        "/luma-extend",
        &json!({"parent_task_id": child, "prompt": "too early"}).to_string(),
    );
    assert_errors(&r, 400);
}

#[test]
fn fail_word_ends_failed() {
    let emu = Emu::start(&[]);
    let id = emu
        .apiframe("/luma-extend", &extend_body("this will [fail]"))
        .json()["task_id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = eventually(10, "failed task", || {
        let v = emu
            .apiframe("/fetch", &json!({"task_id": id}).to_string())
            .json();
        (v["status"] == "failed").then_some(v)
    });
    assert!(!v["message"].as_str().unwrap().is_empty());
    assert!(v.get("video_url").is_none());
}

#[test]
fn fetch_many_keeps_input_order_and_checks_count() {
    let emu = Emu::start(&[]);
    let a = emu.apiframe("/luma-extend", &extend_body("a")).json()["task_id"].clone();
    let b = emu.apiframe("/luma-extend", &extend_body("b")).json()["task_id"].clone();
    let body = json!({"task_ids": [b, "unknown-id", APIFRAME_ORIGINAL, a]});
    let r = emu.apiframe("/fetch-many", &body.to_string());
    assert_eq!(r.status, 200, "{}", r.text());
    let tasks = r.json()["tasks"].as_array().unwrap().clone();
    let ids: Vec<Value> = tasks.iter().map(|t| t["task_id"].clone()).collect();
    assert_eq!(ids, vec![b.clone(), json!(APIFRAME_ORIGINAL), a.clone()]);
    assert!(tasks[0]["percentage"].is_string());
    assert!(tasks[1]["video_url"].is_string() && tasks[1].get("status").is_none());
    let ids21: Vec<String> = (0..21).map(|i| format!("id-{i}")).collect();
    for bad in [
        json!({"task_ids": [a]}),
        json!({"task_ids": []}),
        json!({"task_ids": ids21}),
        json!({"task_ids": "a,b"}),
        json!({"task_ids": [1, 2]}),
        json!({}),
    ] {
        assert_errors(&emu.apiframe("/fetch-many", &bad.to_string()), 400);
    }
    let ids20: Vec<String> = (0..20).map(|i| format!("id-{i}")).collect();
    let r = emu.apiframe("/fetch-many", &json!({"task_ids": ids20}).to_string());
    assert_eq!((r.status, r.json()), (200, json!({"tasks": []})));
}
