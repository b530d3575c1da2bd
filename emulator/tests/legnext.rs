//! Legnext emulation: auth, ExtendVideoRequest validation, parents and chain limits, lifecycle, media.

mod common;
use common::*;
use serde_json::{json, Value};
use std::time::Duration;

fn assert_error_envelope(r: &Resp, status: u16) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["job_id"], "", "{v}");
    assert_eq!(v["status"], "failed", "{v}");
    assert_eq!(v["model"], "midjourney");
    assert_eq!(v["error"]["code"], status, "{v}");
    assert!(
        !v["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{v}"
    );
    assert!(v["meta"].is_object() && v["config"].is_object() && v["logs"].is_array());
    v
}

#[test]
fn missing_and_wrong_key_get_401_envelopes() {
    let emu = Emu::start(&[]);
    let body = json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0}).to_string();
    let none = emu.post_json("/api/v1/extend-video", &[], &body);
    let v = assert_error_envelope(&none, 401);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("x-api-key"));
    let wrong = emu.post_json("/api/v1/extend-video", &[("x-api-key", "nope")], &body);
    assert_error_envelope(&wrong, 401);
    // The APIFrame header does not authenticate Legnext calls.
    let other = emu.post_json("/api/v1/extend-video", &[("authorization", KEY)], &body);
    assert_error_envelope(&other, 401);
    let get = emu
        .req(
            "GET",
            &format!("/api/v1/job/{LEGNEXT_ORIGINAL}"),
            &[("x-api-key", "nope")],
            None,
        )
        .unwrap();
    assert_error_envelope(&get, 401);
    assert_eq!(
        emu.jobs().len(),
        4,
        "no job may be created without a valid key"
    );
}

#[test]
fn several_api_keys_are_accepted_and_listed() {
    let emu = Emu::start(&["--api-key", "alpha", "--api-key", "beta"]);
    let body = json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 1}).to_string();
    for key in ["alpha", "beta"] {
        let r = emu.post_json("/api/v1/extend-video", &[("x-api-key", key)], &body);
        assert_eq!(r.status, 200, "{}", r.text());
    }
    let r = emu.post_json("/api/v1/extend-video", &[("x-api-key", KEY)], &body);
    assert_error_envelope(&r, 401);
    let banner = eventually(5, "banner lines", || {
        let b = emu.banner.lock().unwrap().join("\n");
        (b.contains("alpha") && b.contains("beta")).then_some(b)
    });
    assert!(
        banner.contains(LEGNEXT_ORIGINAL) && banner.contains(APIFRAME_ORIGINAL),
        "{banner}"
    );
}

#[test]
fn validation_table() {
    let emu = Emu::start(&[]);
    let id = LEGNEXT_ORIGINAL;
    let long_ok = "é".repeat(8192);
    let long_bad = "é".repeat(8193);
    let bad: Vec<(String, &str)> = vec![
        (json!({"videoNo": 0}).to_string(), "jobId missing"),
        (
            json!({"jobId": null, "videoNo": 0}).to_string(),
            "jobId null",
        ),
        (
            json!({"jobId": "not-a-uuid", "videoNo": 0}).to_string(),
            "jobId not uuid",
        ),
        (
            json!({"jobId": 42, "videoNo": 0}).to_string(),
            "jobId number",
        ),
        (json!({"jobId": id}).to_string(), "videoNo missing"),
        (
            json!({"jobId": id, "videoNo": 1.5}).to_string(),
            "videoNo 1.5",
        ),
        (
            json!({"jobId": id, "videoNo": "1"}).to_string(),
            "videoNo \"1\"",
        ),
        (
            json!({"jobId": id, "videoNo": -1}).to_string(),
            "videoNo -1",
        ),
        (json!({"jobId": id, "videoNo": 4}).to_string(), "videoNo 4"),
        (
            json!({"jobId": id, "videoNo": true}).to_string(),
            "videoNo bool",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "prompt": ""}).to_string(),
            "prompt empty",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "prompt": long_bad}).to_string(),
            "prompt 8193",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "prompt": 7}).to_string(),
            "prompt number",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "callback": "not a url"}).to_string(),
            "callback text",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "callback": "/relative/hook"}).to_string(),
            "callback relative",
        ),
        (
            json!({"jobId": id, "videoNo": 0, "callback": "ftp://127.0.0.1/x"}).to_string(),
            "callback ftp",
        ),
        ("not json".to_string(), "not JSON"),
        ("[1,2]".to_string(), "array body"),
    ];
    for (body, what) in &bad {
        let r = emu.legnext_extend(body);
        assert_eq!(r.status, 400, "{what}: {}", r.text());
        assert_error_envelope(&r, 400);
    }
    assert_eq!(emu.jobs().len(), 4, "invalid requests must not create jobs");
    let good = [
        json!({"jobId": id, "videoNo": 0}),
        json!({"jobId": id, "videoNo": 3, "prompt": long_ok}),
        json!({"jobId": id, "videoNo": 2, "prompt": "x", "unknownKey": {"a": 1}}),
        json!({"jobId": id.to_uppercase(), "videoNo": 1, "callback": "https://example.com/hook"}),
    ];
    for body in good {
        let r = emu.legnext_extend(&body.to_string());
        assert_eq!(r.status, 200, "{body}: {}", r.text());
        let v = r.json();
        assert_eq!(v["task_type"], "extend_video");
        assert_eq!(v["status"], "pending");
        assert_eq!(v["error"]["code"], 0);
    }
}

#[test]
fn unknown_parent_and_unknown_job_are_404() {
    let emu = Emu::start(&[]);
    let missing = "00000000-0000-4000-8000-000000000000";
    let r = emu.legnext_extend(&json!({"jobId": missing, "videoNo": 0}).to_string());
    let v = assert_error_envelope(&r, 404);
    assert!(v["error"]["message"].as_str().unwrap().contains(missing));
    assert_error_envelope(&emu.legnext_job(missing), 404);
    // An APIFrame task is not a Legnext job.
    assert_error_envelope(&emu.legnext_job(APIFRAME_ORIGINAL), 404);
}

#[test]
fn seeded_jobs_read_back() {
    let emu = Emu::start(&[]);
    let v = emu.legnext_job(LEGNEXT_ORIGINAL).json();
    assert_eq!(v["status"], "completed");
    assert_eq!(v["task_type"], "video-diffusion");
    assert_eq!(v["output"]["video_urls"].as_array().unwrap().len(), 4);
    let f = emu.legnext_job(LEGNEXT_FAILED).json();
    assert_eq!(f["status"], "failed");
    assert_ne!(f["error"]["code"], 0);
    let r = emu.legnext_extend(&json!({"jobId": LEGNEXT_FAILED, "videoNo": 0}).to_string());
    assert_error_envelope(&r, 400);
}

#[test]
fn fifth_extension_is_refused() {
    let emu = Emu::start(&[]);
    let r = emu.legnext_extend(&json!({"jobId": LEGNEXT_DEPTH4, "videoNo": 0}).to_string());
    let v = assert_error_envelope(&r, 400);
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(msg.contains("at most 4"), "{msg}");

    // A real chain of 4 from the original video, each waiting for its parent to complete.
    let mut parent = LEGNEXT_ORIGINAL.to_string();
    for depth in 1..=4 {
        let id = emu.extend_ok(&parent, &format!("extension {depth}"));
        // Extending an unfinished job is refused.
        let early = emu.legnext_extend(&json!({"jobId": id, "videoNo": 0}).to_string());
        assert_error_envelope(&early, 400);
        assert_eq!(emu.wait_legnext(&id)["status"], "completed");
        let row = emu
            .jobs()
            .into_iter()
            .find(|j| j["id"] == id.as_str())
            .unwrap();
        assert_eq!(row["depth"], depth, "{row}");
        assert_eq!(row["parent"], parent.as_str());
        parent = id;
    }
    let r = emu.legnext_extend(&json!({"jobId": parent, "videoNo": 2}).to_string());
    let v = assert_error_envelope(&r, 400);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("at most 4"));
}

fn fetch_mp4(emu: &Emu, url: &str) -> Vec<u8> {
    let path = url
        .strip_prefix(&emu.base)
        .unwrap_or_else(|| panic!("{url} not on {}", emu.base));
    let r = emu.get(path);
    assert_eq!(r.status, 200, "{url}");
    assert_eq!(r.header("content-type"), Some("video/mp4"));
    assert_eq!(r.header("accept-ranges"), Some("bytes"));
    assert!(r.body.len() > 1000, "{url} is {} bytes", r.body.len());
    assert_eq!(&r.body[4..8], b"ftyp", "{url} is not an MP4");
    let part = emu
        .req("GET", path, &[("range", "bytes=0-99")], None)
        .unwrap();
    assert_eq!(part.status, 206);
    assert_eq!(part.body.len(), 100);
    assert_eq!(part.body, r.body[..100]);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 0-99/{}", r.body.len()).as_str())
    );
    let tail = emu
        .req("GET", path, &[("range", "bytes=-10")], None)
        .unwrap();
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, r.body[r.body.len() - 10..]);
    let beyond = emu
        .req("GET", path, &[("range", "bytes=99999999-")], None)
        .unwrap();
    assert_eq!(beyond.status, 416);
    r.body
}

#[test]
fn lifecycle_to_completed_with_playable_videos() {
    let emu = Emu::start(&["--job-seconds", "1.2"]);
    let r = emu.legnext_extend(
        &json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 1, "prompt": "more motion"}).to_string(),
    );
    assert_eq!(r.status, 200);
    assert!(r.header("x-request-id").unwrap().starts_with("req_"));
    let v = r.json();
    let id = v["job_id"].as_str().unwrap().to_string();
    assert_eq!(v["status"], "pending");
    assert_eq!(v["input"], Value::Null);
    assert_eq!(v["detail"], Value::Null);
    assert_eq!(v["output"]["video_urls"], json!([]));
    assert_eq!(v["output"]["seed"], "");
    assert_eq!(v["meta"]["started_at"], UNSET);
    assert_eq!(v["meta"]["ended_at"], UNSET);
    assert_eq!(
        v["meta"]["usage"],
        json!({"type": "point", "frozen": 480, "consume": 0})
    );
    assert_eq!(v["config"]["service_mode"], "public");
    assert_eq!(
        v["config"]["webhook_config"],
        json!({"endpoint": "", "secret": ""})
    );
    let created = v["meta"]["created_at"].as_str().unwrap();
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.starts_with("20"),
        "{created}"
    );

    let order = ["pending", "staged", "processing", "completed"];
    let mut seen = vec!["pending".to_string()];
    let done = loop {
        let v = emu.legnext_job(&id).json();
        let s = v["status"].as_str().unwrap().to_string();
        let rank = order
            .iter()
            .position(|o| *o == s)
            .unwrap_or_else(|| panic!("status {s}"));
        let last = order
            .iter()
            .position(|o| *o == seen.last().unwrap())
            .unwrap();
        assert!(
            rank >= last,
            "status went back from {:?} to {s}",
            seen.last()
        );
        if s == "processing" {
            assert_ne!(v["meta"]["started_at"], UNSET);
            assert_eq!(v["meta"]["ended_at"], UNSET);
            assert_eq!(v["output"]["video_urls"], json!([]));
        }
        if seen.last() != Some(&s) {
            seen.push(s.clone());
        }
        if s == "completed" {
            break v;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(seen.contains(&"processing".to_string()), "{seen:?}");
    assert_eq!(done["error"]["code"], 0);
    assert_eq!(done["meta"]["usage"]["consume"], 480);
    assert_ne!(done["meta"]["started_at"], UNSET);
    assert_ne!(done["meta"]["ended_at"], UNSET);
    let seed = done["output"]["seed"].as_str().unwrap();
    assert!(
        !seed.is_empty() && seed.chars().all(|c| c.is_ascii_digit()),
        "{seed}"
    );
    let urls: Vec<String> = done["output"]["video_urls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    assert_eq!(urls.len(), 4);
    let bodies: Vec<Vec<u8>> = urls.iter().map(|u| fetch_mp4(&emu, u)).collect();
    for i in 0..4 {
        for j in i + 1..4 {
            assert_ne!(bodies[i], bodies[j], "videos {i} and {j} are the same file");
        }
    }
    let row = emu
        .jobs()
        .into_iter()
        .find(|j| j["id"] == id.as_str())
        .unwrap();
    assert_eq!(row["status"], "completed");
    assert_eq!(row["prompt"], "more motion");
    assert_eq!(row["depth"], 1);
}

#[test]
fn fail_word_ends_failed() {
    let emu = Emu::start(&[]);
    let id = emu.extend_ok(LEGNEXT_ORIGINAL, "please [fail] here");
    let v = emu.wait_legnext(&id);
    assert_eq!(v["status"], "failed");
    assert_ne!(v["error"]["code"], 0);
    assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    assert_eq!(v["output"]["video_urls"], json!([]));
    assert_eq!(v["meta"]["usage"]["consume"], 0);

    let custom = Emu::start(&["--fail-word", "BOOM"]);
    let id = custom.extend_ok(LEGNEXT_ORIGINAL, "BOOM goes the video");
    assert_eq!(custom.wait_legnext(&id)["status"], "failed");
    let id = custom.extend_ok(LEGNEXT_ORIGINAL, "[fail] is not the word here");
    assert_eq!(custom.wait_legnext(&id)["status"], "completed");
}
