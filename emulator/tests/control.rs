//! Control endpoints (request log, reset, jobs), CORS, request ids, static files, and clean shutdown.

mod common;
use common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[test]
fn request_log_records_and_redacts() {
    let emu = Emu::start(&["--api-key", "sk-live-very-secret"]);
    let body = json!({"jobId": LEGNEXT_ORIGINAL, "videoNo": 0}).to_string();
    let r = emu.post_json(
        "/api/v1/extend-video?trace=1",
        &[
            ("x-api-key", "sk-live-very-secret"),
            ("x-video-extend-client", "test/1"),
        ],
        &body,
    );
    assert_eq!(r.status, 200);
    let rid = r.header("x-request-id").unwrap().to_string();
    let r2 = emu.post_json(
        "/fetch",
        &[("authorization", "sk-live-very-secret")],
        &json!({"task_id": APIFRAME_ORIGINAL}).to_string(),
    );
    assert_eq!(r2.status, 200);
    // Not logged: control, media and static requests.
    emu.get("/media/clip-0.mp4");
    emu.get("/");
    emu.control("GET", "jobs", None);
    let log = emu.control("GET", "requests", None);
    let text = log.to_string();
    assert!(
        !text.contains("sk-live-very-secret"),
        "keys must be redacted: {text}"
    );
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{log}");
    let e = &entries[0];
    assert_eq!(format!("req_{}", e["seq"]), rid);
    assert_eq!(e["method"], "POST");
    assert_eq!(e["path"], "/api/v1/extend-video");
    assert_eq!(e["query"], "trace=1");
    assert_eq!(e["headers"]["x-api-key"], "[redacted]");
    assert_eq!(e["headers"]["x-video-extend-client"], "test/1");
    assert_eq!(e["body"], body.as_str());
    assert_eq!(e["status"], 200);
    assert_eq!(e["fault"], Value::Null);
    assert_eq!(entries[1]["headers"]["authorization"], "[redacted]");
    assert!(entries[1]["seq"].as_u64() > e["seq"].as_u64());
}

#[test]
fn every_response_has_a_request_id_and_cors() {
    let emu = Emu::start(&[]);
    let mut ids = Vec::new();
    for path in [
        "/__emulator/jobs",
        "/media/clip-1.mp4",
        "/",
        "/nope.txt",
        "/api/v1/job/x",
    ] {
        let r = emu.get(path);
        let id = r
            .header("x-request-id")
            .unwrap_or_else(|| panic!("{path}"))
            .to_string();
        assert!(id.starts_with("req_"), "{id}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
        let expose = r.header("access-control-expose-headers").unwrap();
        for h in ["x-request-id", "retry-after", "retry-after-ms"] {
            assert!(expose.contains(h), "{expose}");
        }
        ids.push(id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 5, "ids are unique: {ids:?}");
}

#[test]
fn cors_preflight() {
    let emu = Emu::start(&[]);
    for path in [
        "/api/v1/extend-video",
        "/luma-extend",
        "/fetch-many",
        "/__emulator/faults",
    ] {
        let r = emu
            .req(
                "OPTIONS",
                path,
                &[
                    ("origin", "http://localhost:5173"),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type,x-api-key"),
                ],
                None,
            )
            .unwrap();
        assert_eq!(r.status, 204, "{path}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
        let methods = r.header("access-control-allow-methods").unwrap();
        for m in ["GET", "POST", "DELETE", "OPTIONS"] {
            assert!(methods.contains(m), "{methods}");
        }
        let headers = r.header("access-control-allow-headers").unwrap();
        for h in [
            "content-type",
            "x-api-key",
            "authorization",
            "x-video-extend-client",
        ] {
            assert!(headers.contains(h), "{headers}");
        }
    }
    assert_eq!(emu.jobs().len(), 4);
}

#[test]
fn reset_forgets_everything_but_seeds() {
    let emu = Emu::start(&[]);
    let id = emu.extend_ok(LEGNEXT_ORIGINAL, "to be forgotten");
    emu.fault(json!({"match": "GET /nothing", "fault": "hang"}));
    assert_eq!(emu.jobs().len(), 5);
    assert_eq!(emu.control("POST", "reset", None), json!({"ok": true}));
    assert_eq!(emu.control("GET", "requests", None), json!([]));
    assert_eq!(emu.control("GET", "webhooks", None), json!([]));
    assert_eq!(emu.control("GET", "faults", None), json!([]));
    let jobs = emu.jobs();
    let ids: Vec<&str> = jobs.iter().map(|j| j["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        vec![
            LEGNEXT_ORIGINAL,
            LEGNEXT_DEPTH4,
            LEGNEXT_FAILED,
            APIFRAME_ORIGINAL
        ]
    );
    assert_eq!(emu.legnext_job(&id).status, 404);
    assert_eq!(emu.legnext_job(LEGNEXT_ORIGINAL).status, 200);
    let j = &jobs[1];
    assert_eq!(
        (j["provider"].as_str(), j["depth"].as_u64()),
        (Some("legnext"), Some(4))
    );
    assert_eq!(jobs[3]["provider"], "apiframe");
    assert!(
        emu.req("GET", "/__emulator/unknown", &[], None)
            .unwrap()
            .status
            == 404
    );
}

#[test]
fn media_names_and_head() {
    let emu = Emu::start(&[]);
    let r = emu.req("HEAD", "/media/clip-2.mp4", &[], None).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("video/mp4"));
    assert!(
        r.header("content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            > 1000
    );
    assert_eq!(emu.get("/media/clip-9.mp4").status, 404);
    assert_eq!(emu.get("/media/../Cargo.toml").status, 404);
}

#[test]
fn static_files_with_types_and_traversal_guard() {
    let root = temp_dir("static");
    let www = root.join("www");
    let pkg = root.join("pkg");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(root.join("secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(www.join("index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(www.join("app.js"), "console.log(1)").unwrap();
    std::fs::write(www.join("style.css"), "body{}").unwrap();
    std::fs::write(www.join("data.json"), "{}").unwrap();
    std::fs::write(www.join("sub").join("page.html"), "sub").unwrap();
    std::fs::write(pkg.join("video_extend_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("video_extend.js"), "export {}").unwrap();
    std::fs::write(pkg.join("video_extend.mjs"), "export {}").unwrap();
    std::fs::write(pkg.join("video_extend.d.ts"), "export {};").unwrap();
    let emu = Emu::start(&[
        "--www",
        www.to_str().unwrap(),
        "--pkg",
        pkg.to_str().unwrap(),
    ]);
    let cases = [
        ("/", "text/html", "<h1>demo</h1>"),
        ("/app.js", "text/javascript", "console.log(1)"),
        ("/style.css", "text/css", "body{}"),
        ("/data.json", "application/json", "{}"),
        ("/sub/page.html", "text/html", "sub"),
        ("/pkg/video_extend.js", "text/javascript", "export {}"),
        ("/pkg/video_extend.mjs", "text/javascript", "export {}"),
        ("/pkg/video_extend.d.ts", "text/typescript", "export {};"),
    ];
    for (path, ct, body) in cases {
        let r = emu.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").unwrap().starts_with(ct),
            "{path}: {:?}",
            r.header("content-type")
        );
        assert_eq!(r.text(), body);
    }
    let wasm = emu.get("/pkg/video_extend_bg.wasm");
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));
    assert_eq!(&wasm.body[..4], b"\0asm");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/../../secret.txt",
        "/pkg/../../secret.txt",
        "/pkg/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/missing.html",
    ] {
        let r = emu.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("TOP-SECRET"), "{path}");
    }
    assert!(emu
        .control("GET", "requests", None)
        .as_array()
        .unwrap()
        .is_empty());
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn builtin_index_without_www() {
    let dir = temp_dir("cwd");
    let emu = Emu::start(&["--www", dir.join("absent").to_str().unwrap()]);
    assert_eq!(
        emu.get("/").status,
        404,
        "an explicit missing --www serves nothing"
    );
    drop(emu);
    let emu = Emu::start(&[]);
    let r = emu.get("/");
    // Default ./www does not exist in the test's working directory (the crate dir).
    assert_eq!(r.status, 200);
    assert!(r.text().contains("video-extend-emulator"));
}

#[test]
fn start_line_and_clean_exit_on_sigterm() {
    let mut emu = Emu::start(&[]);
    assert!(emu
        .first_line
        .starts_with("video-extend-emulator listening on http://127.0.0.1:"));
    assert!(emu.port() > 0);
    let banner = eventually(5, "banner", || {
        let b = emu.banner.lock().unwrap().join("\n");
        b.contains(APIFRAME_ORIGINAL).then_some(b)
    });
    assert!(banner.contains(KEY), "{banner}");
    for id in [LEGNEXT_ORIGINAL, LEGNEXT_DEPTH4, LEGNEXT_FAILED] {
        assert!(banner.contains(id));
    }
    // An open idle connection must not keep the process alive.
    let _idle = std::net::TcpStream::connect(&emu.addr).unwrap();
    let pid = emu.child.id().to_string();
    let st = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(st.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(s) = emu.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    assert!(
        std::net::TcpStream::connect(&emu.addr).is_err(),
        "port closed"
    );
}

#[test]
fn bad_flags_exit_with_usage_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_video-extend-emulator"))
        .args(["--port", "0", "--bogus"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--bogus"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_video-extend-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--job-seconds"));
}
