//! Test harness: spawns the real emulator binary on a free loopback port, a raw HTTP/1.1 client,
//! and a tiny webhook receiver.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

pub const KEY: &str = "ve-emulator-key";
pub const LEGNEXT_ORIGINAL: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
pub const LEGNEXT_DEPTH4: &str = "d4d4d4d4-0000-4000-8000-000000000004";
pub const LEGNEXT_FAILED: &str = "f0f0f0f0-0000-4000-8000-00000000000f";
pub const APIFRAME_ORIGINAL: &str = "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a";
pub const UNSET: &str = "0001-01-01T00:00:00Z";

/// A running emulator; killed on drop.
pub struct Emu {
    pub child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub first_line: String,
    pub banner: Arc<Mutex<Vec<String>>>,
}

impl Emu {
    /// Starts with `--port 0 --job-seconds 0.5 --quiet` plus `extra`.
    pub fn start(extra: &[&str]) -> Emu {
        Emu::start_raw(&[&["--port", "0", "--job-seconds", "0.5", "--quiet"], extra].concat())
    }

    pub fn start_raw(args: &[&str]) -> Emu {
        let mut child = Command::new(env!("CARGO_BIN_EXE_video-extend-emulator"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn emulator");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        reader.read_line(&mut first).expect("read first line");
        let first_line = first.trim_end().to_string();
        let base = first_line
            .strip_prefix("video-extend-emulator listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_string();
        let addr = base.trim_start_matches("http://").to_string();
        let banner = Arc::new(Mutex::new(Vec::new()));
        let sink = banner.clone();
        thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Emu {
            child,
            base,
            addr,
            first_line,
            banner,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// One request with `Connection: close`.
    pub fn req(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> io::Result<Resp> {
        request(
            &self.addr,
            method,
            path,
            headers,
            body,
            Duration::from_secs(30),
        )
    }

    pub fn get(&self, path: &str) -> Resp {
        self.req("GET", path, &[], None).expect("GET")
    }

    pub fn post_json(&self, path: &str, headers: &[(&str, &str)], body: &str) -> Resp {
        let mut h = vec![("content-type", "application/json")];
        h.extend_from_slice(headers);
        self.req("POST", path, &h, Some(body)).expect("POST")
    }

    pub fn legnext_extend(&self, body: &str) -> Resp {
        self.post_json("/api/v1/extend-video", &[("x-api-key", KEY)], body)
    }

    pub fn legnext_job(&self, id: &str) -> Resp {
        self.req(
            "GET",
            &format!("/api/v1/job/{id}"),
            &[("x-api-key", KEY)],
            None,
        )
        .expect("GET job")
    }

    pub fn apiframe(&self, path: &str, body: &str) -> Resp {
        self.post_json(path, &[("authorization", KEY)], body)
    }

    pub fn control(&self, method: &str, name: &str, body: Option<&str>) -> Value {
        let r = self
            .req(method, &format!("/__emulator/{name}"), &[], body)
            .expect("control request");
        assert!(r.status < 300, "control {name}: {} {}", r.status, r.text());
        r.json()
    }

    pub fn fault(&self, spec: Value) -> Value {
        self.control("POST", "faults", Some(&spec.to_string()))
    }

    pub fn jobs(&self) -> Vec<Value> {
        self.control("GET", "jobs", None)
            .as_array()
            .unwrap()
            .clone()
    }

    /// Polls the Legnext job until it is completed or failed.
    pub fn wait_legnext(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let v = self.legnext_job(id).json();
            let s = v["status"].as_str().unwrap_or("").to_string();
            if s == "completed" || s == "failed" {
                return v;
            }
            assert!(Instant::now() < deadline, "job {id} did not finish: {v}");
            thread::sleep(Duration::from_millis(25));
        }
    }

    /// Creates a Legnext extension of `parent` and returns its job id.
    pub fn extend_ok(&self, parent: &str, prompt: &str) -> String {
        let r = self.legnext_extend(
            &serde_json::json!({"jobId": parent, "videoNo": 0, "prompt": prompt}).to_string(),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["job_id"].as_str().unwrap().to_string()
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP response.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:.300}", self.text()))
    }
}

/// Sends one HTTP/1.1 request and reads the response until the server closes.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    read_timeout: Duration,
) -> io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(read_timeout))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    s.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse_response(&raw, method == "HEAD")
}

fn parse_response(raw: &[u8], head_only: bool) -> io::Result<Resp> {
    let bad = |m: &str| io::Error::new(io::ErrorKind::UnexpectedEof, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("connection closed without a complete response"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let body = if head_only {
        Vec::new()
    } else if get("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        dechunk(rest).ok_or_else(|| bad("bad chunked body"))?
    } else if let Some(len) = get("content-length").and_then(|v| v.parse::<usize>().ok()) {
        if rest.len() < len {
            return Err(bad("body shorter than content-length"));
        }
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&b[..eol]).ok()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// One request received by [`Hook`].
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// A tiny webhook receiver on 127.0.0.1 that answers with `statuses` in order, then 200.
pub struct Hook {
    pub base: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Hook {
    pub fn start(statuses: Vec<u16>) -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind hook");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let sink = received.clone();
        thread::spawn(move || {
            let mut statuses = statuses.into_iter();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(r) = read_request(&mut stream) else {
                    continue;
                };
                sink.lock().unwrap().push(r);
                let code = statuses.next().unwrap_or(200);
                let _ = stream.write_all(
                    format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                        .as_bytes(),
                );
            }
        });
        Hook { base, received }
    }

    pub fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `pred` holds for the received list.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let all = self.all();
            if pred(&all) {
                return all;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {all:?}"
            );
            thread::sleep(Duration::from_millis(25));
        }
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Received> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let split = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
    };
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let path = lines.next()?.split_whitespace().nth(1)?.to_string();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[split + 4..].to_vec();
    while body.len() < len {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Polls `f` until it returns `Some`, or panics after `secs`.
pub fn eventually<T>(secs: u64, what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out: {what}");
        thread::sleep(Duration::from_millis(25));
    }
}

/// A fresh empty directory under the system temp dir.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let d = std::env::temp_dir().join(format!("ve-emu-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
