//! Waiting on the scripted runtime: what is reported, when it polls, and how it ends.

use super::*;
use crate::lifecycle::testkit::*;
use crate::transport::scripted::{response, ScriptedRuntime};
use crate::transport::TransportError;
use core::cell::Cell;
use pollster::block_on;

fn wait(c: &Client, rt: &impl Runtime, id: &str, opts: &WaitOptions) -> (Result<Task>, Vec<Task>) {
    let mut reports = Vec::new();
    let r = block_on(wait_for_task(c, rt, id, opts, &mut |t| {
        reports.push(t.clone())
    }));
    (r, reports)
}

#[test]
fn reports_only_changes_and_resolves_with_the_completed_task() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(1e12);
    for (status, pct) in [
        ("processing", "10"),
        ("processing", "10"),
        ("processing", "40"),
        ("processing", "40"),
        ("done", ""),
    ] {
        rt.push_json(200, &apiframe("af-1", status, pct));
    }
    let (r, reports) = wait(&c, &rt, "af-1", &WaitOptions::default());
    let t = r.ok();
    assert_eq!(t.as_ref().map(|t| t.status), Some(TaskStatus::Completed));
    assert_eq!(t.map(|t| t.video_urls.len()), Some(1));
    assert_eq!(
        states(&reports),
        vec![
            (TaskStatus::Processing, Some(10.0)),
            (TaskStatus::Processing, Some(40.0)),
            (TaskStatus::Completed, Some(100.0)),
        ]
    );
    // The first read is immediate; four waits follow, none under the floor.
    assert_eq!(rt.sent().len(), 5);
    assert_eq!(rt.sleeps().len(), 4);
    assert!(rt.sleeps().iter().all(|s| *s >= 2_000), "{:?}", rt.sleeps());
    assert_eq!(body(&rt.sent()[0]), serde_json::json!({"task_id": "af-1"}));
}

#[test]
fn extend_and_wait_uses_the_creation_answer_and_the_start_time() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(1e12);
    let id = uuid(7);
    rt.push_json(200, &legnext(&id, "pending", ""));
    rt.push_json(200, &legnext(&id, "processing", ""));
    rt.push_json(200, &legnext(&id, "completed", ""));
    let req = Input::object(vec![
        ("jobId", Input::str(JOB)),
        ("videoNo", Input::Number(1.0)),
    ]);
    let mut reports = Vec::new();
    let r = block_on(extend_and_wait(
        &c,
        &rt,
        &req,
        &WaitOptions::default(),
        &mut |t| reports.push(t.clone()),
    ));
    assert_eq!(r.map(|t| t.id).ok(), Some(id));
    assert_eq!(
        states(&reports),
        vec![
            (TaskStatus::Pending, None),
            (TaskStatus::Processing, None),
            (TaskStatus::Completed, Some(100.0)),
        ]
    );
    // Pending: the floor. Processing, started 1 s after submit: 153 s to go, so the ceiling.
    assert_eq!(rt.sleeps(), vec![2_000, 30_000]);
}

#[test]
fn a_failed_task_rejects_with_its_id_and_message() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    let id = uuid(3);
    rt.push_json(200, &legnext(&id, "processing", ""));
    rt.push_json(
        200,
        &legnext(&id, "failed", "moderation blocked the prompt"),
    );
    let (r, reports) = wait(&c, &rt, &id, &WaitOptions::default());
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::TaskFailed));
    assert_eq!(e.as_ref().and_then(|e| e.task_id.clone()), Some(id));
    assert_eq!(
        e.as_ref().and_then(|e| e.provider_message.as_deref()),
        Some("moderation blocked the prompt")
    );
    assert!(e.is_some_and(|e| e.message.contains("moderation blocked")));
    assert_eq!(reports.len(), 2);
}

#[test]
fn the_overall_timeout_rejects_with_the_task_id_after_a_last_read() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.set_jitter(0.5);
    for _ in 0..20 {
        rt.push_json(200, &apiframe("af-2", "processing", "0"));
    }
    let opts = WaitOptions {
        timeout_ms: 10_000,
        ..WaitOptions::default()
    };
    let (r, reports) = wait(&c, &rt, "af-2", &opts);
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::Timeout));
    assert_eq!(e.as_ref().and_then(|e| e.task_id.as_deref()), Some("af-2"));
    assert!(e.as_ref().is_some_and(|e| e.retryable));
    assert!(e.is_some_and(|e| e.message.contains("last seen processing at 0%")));
    // Reads at 0, 2, 4, 6, 9 s and a last one at the 10 s deadline.
    assert_eq!(rt.sleeps(), vec![2_000, 2_000, 2_000, 3_000, 1_000]);
    assert_eq!(rt.sent().len(), 6);
    assert_eq!(reports.len(), 1);
}

#[test]
fn an_abort_while_sleeping_rejects_with_the_task_id() {
    let c = client("apiframe");
    let rt = AbortAfter {
        inner: ScriptedRuntime::new(0.0),
        allowed: Cell::new(1),
    };
    for _ in 0..3 {
        rt.inner
            .push_json(200, &apiframe("af-3", "processing", "5"));
    }
    let (r, _) = wait(&c, &rt, "af-3", &WaitOptions::default());
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::Aborted));
    assert_eq!(e.as_ref().and_then(|e| e.task_id.as_deref()), Some("af-3"));
    assert!(e.is_some_and(|e| e.message.contains("while waiting for task af-3")));
    assert_eq!(rt.inner.sent().len(), 2);
}

#[test]
fn an_abort_during_a_read_rejects_with_the_task_id() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Err(TransportError::Aborted { maybe_sent: true }));
    let (r, _) = wait(&c, &rt, "af-4", &WaitOptions::default());
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::Aborted));
    assert_eq!(e.and_then(|e| e.task_id.clone()).as_deref(), Some("af-4"));
}

#[test]
fn failed_reads_retry_with_retry_after_then_give_up_with_the_task_id() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Ok(response(503, &[("retry-after", "5")], "{}")));
    rt.push(Err(TransportError::Network {
        message: "reset".into(),
        maybe_sent: true,
    }));
    rt.push_json(200, &apiframe("af-5", "done", ""));
    let (r, _) = wait(&c, &rt, "af-5", &WaitOptions::default());
    assert!(r.is_ok());
    assert_eq!(rt.sleeps(), vec![5_000, 4_000]);

    // Three failures in a row is one more than maxRetries (2).
    let rt = ScriptedRuntime::new(0.0);
    for _ in 0..3 {
        rt.push(Ok(response(500, &[], "{}")));
    }
    let (r, _) = wait(&c, &rt, "af-5", &WaitOptions::default());
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::ProviderError));
    assert_eq!(e.and_then(|e| e.task_id.clone()).as_deref(), Some("af-5"));
    assert_eq!(rt.sent().len(), 3);

    // Not retryable: at once.
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(404, "{}");
    let (r, _) = wait(&c, &rt, "af-6", &WaitOptions::default());
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::NotFound));
    assert_eq!(e.and_then(|e| e.task_id.clone()).as_deref(), Some("af-6"));
}

#[test]
fn a_fixed_interval_replaces_the_schedule() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    for pct in ["1", "2", "3"] {
        rt.push_json(200, &apiframe("af-7", "processing", pct));
    }
    rt.push_json(200, &apiframe("af-7", "done", ""));
    let opts = WaitOptions {
        poll_interval_ms: Some(7_000),
        ..WaitOptions::default()
    };
    let (r, reports) = wait(&c, &rt, "af-7", &opts);
    assert!(r.is_ok());
    assert_eq!(rt.sleeps(), vec![7_000; 3]);
    assert_eq!(reports.len(), 4);
}

#[test]
fn an_invalid_id_is_refused_before_sending() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    let (r, _) = wait(&c, &rt, "not-a-uuid", &WaitOptions::default());
    assert_eq!(
        r.err().and_then(|e| e.field.clone()).as_deref(),
        Some("taskId")
    );
    assert!(rt.sent().is_empty());
}
