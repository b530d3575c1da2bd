//! Helpers for the lifecycle tests: clients, canned task bodies, an abortable runtime, and
//! a reader of request bodies that works whatever type carries them.

use crate::client::Client;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::Input;
use crate::task::Task;
use crate::transport::scripted::ScriptedRuntime;
use crate::transport::{Runtime, TransportError};
use core::cell::Cell;
use serde_json::Value;

pub const KEY: &str = "sk-lifecycle-test-key";
pub const JOB: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";

/// A Legnext-shaped id numbered `n`.
pub fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub fn client(provider: &str) -> Client {
    let opts = Input::object(vec![
        ("provider", Input::str(provider)),
        ("apiKey", Input::str(KEY)),
        ("baseURL", Input::str("http://127.0.0.1:9")),
    ]);
    match Client::new(&opts) {
        Ok(c) => c,
        Err(e) => unreachable!("valid options refused: {e}"),
    }
}

/// A Legnext envelope (`started_at` unset while pending); `extra` is the error message.
pub fn legnext(id: &str, status: &str, extra: &str) -> String {
    let started = if status == "pending" {
        "0001-01-01T00:00:00Z"
    } else {
        "2025-10-14T06:23:06Z"
    };
    format!(
        r#"{{"job_id":"{id}","status":"{status}","meta":{{"created_at":"2025-10-14T06:23:05Z","started_at":"{started}"}},"output":{{"video_urls":["https://cdn.example/{id}.mp4"]}},"error":{{"code":0,"message":"{extra}"}}}}"#
    )
}

/// An APIFrame task object.
pub fn apiframe(id: &str, status: &str, pct: &str) -> String {
    match status {
        "done" => format!(
            r#"{{"task_id":"{id}","task_type":"luma-ext","video_url":"https://cdn.example/{id}.mp4"}}"#
        ),
        _ => format!(
            r#"{{"task_id":"{id}","status":"{status}","percentage":"{pct}","message":"{pct}"}}"#
        ),
    }
}

/// The JSON body of a request, whether it is carried as text or as a value.
pub fn body(req: &HttpRequest) -> Value {
    match serde_json::to_value(&req.body).unwrap_or(Value::Null) {
        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::Null),
        other => other,
    }
}

/// A scripted runtime whose sleeps fail with `Aborted` after `allowed` of them.
pub struct AbortAfter {
    pub inner: ScriptedRuntime,
    pub allowed: Cell<u32>,
}

impl Runtime for AbortAfter {
    async fn send(&self, r: &HttpRequest, t: u32) -> Result<HttpResponse, TransportError> {
        self.inner.send(r, t).await
    }
    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        if self.allowed.get() == 0 {
            return Err(TransportError::Aborted { maybe_sent: false });
        }
        self.allowed.set(self.allowed.get() - 1);
        self.inner.sleep(ms).await
    }
    fn now_ms(&self) -> f64 {
        self.inner.now_ms()
    }
    fn random(&self) -> f64 {
        self.inner.random()
    }
}

/// (status, progress) of each reported task.
pub fn states(reports: &[Task]) -> Vec<(crate::task::TaskStatus, Option<f64>)> {
    reports.iter().map(|t| (t.status, t.progress)).collect()
}
