//! Reading many tasks on the scripted runtime: batching, order, missing ids, failures.

use super::*;
use crate::lifecycle::testkit::*;
use crate::task::TaskStatus;
use crate::transport::scripted::ScriptedRuntime;
use pollster::block_on;
use serde_json::json;

fn ids(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}-{i}")).collect()
}

/// A `/fetch-many` answer for `ids`, listed in reverse order.
fn many(ids: &[String]) -> String {
    let tasks: Vec<String> = ids
        .iter()
        .rev()
        .map(|id| apiframe(id, "processing", "50"))
        .collect();
    format!(r#"{{"tasks":[{}]}}"#, tasks.join(","))
}

#[test]
fn apiframe_batches_45_ids_into_20_20_5_and_keeps_order() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    let all = ids("af", 45);
    rt.push_json(200, &many(&all[0..20]));
    rt.push_json(200, &many(&all[20..40]));
    // The last answer leaves out af-44.
    rt.push_json(200, &many(&all[40..44]));
    let out = block_on(fetch_tasks(&c, &rt, &all, &RequestOptions::default()));
    let sent = rt.sent();
    assert_eq!(sent.len(), 3);
    for (req, range) in sent.iter().zip([0..20, 20..40, 40..45]) {
        assert_eq!(req.url, "http://127.0.0.1:9/fetch-many");
        assert_eq!(body(req), json!({ "task_ids": all[range].to_vec() }));
    }
    assert_eq!(out.len(), 45);
    for (i, r) in out.iter().enumerate().take(44) {
        let t = r.as_ref().ok();
        assert_eq!(t.map(|t| t.id.as_str()), Some(all[i].as_str()), "{i}");
        assert_eq!(t.map(|t| t.status), Some(TaskStatus::Processing));
    }
    let missing = out.last().and_then(|r| r.as_ref().err());
    assert_eq!(missing.map(|e| e.code), Some(ErrorCode::NotFound));
    assert_eq!(missing.and_then(|e| e.task_id.as_deref()), Some("af-44"));
}

#[test]
fn apiframe_sends_a_lone_id_to_fetch_and_fails_only_the_batch_that_failed() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    let all = ids("af", 21);
    rt.push_json(400, r#"{"errors":[{"msg":"task_ids must be an array"}]}"#);
    rt.push_json(200, &apiframe("af-20", "done", ""));
    let out = block_on(fetch_tasks(&c, &rt, &all, &RequestOptions::default()));
    let sent = rt.sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].url, "http://127.0.0.1:9/fetch");
    assert_eq!(body(&sent[1]), json!({"task_id": "af-20"}));
    for (i, r) in out.iter().enumerate().take(20) {
        let e = r.as_ref().err();
        assert_eq!(e.map(|e| e.code), Some(ErrorCode::InvalidRequest));
        assert_eq!(e.and_then(|e| e.task_id.as_deref()), Some(all[i].as_str()));
    }
    let last = out.last().and_then(|r| r.as_ref().ok());
    assert_eq!(last.map(|t| t.status), Some(TaskStatus::Completed));
}

#[test]
fn legnext_reads_each_unique_id_once_in_order() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    let (a, b, d) = (uuid(1), uuid(2), uuid(3));
    for (id, status) in [(&a, "completed"), (&b, "processing"), (&d, "pending")] {
        rt.push_json(200, &legnext(id, status, ""));
    }
    let input = vec![
        a.clone(),
        b.clone(),
        "nope".to_string(),
        a.clone(),
        d.clone(),
    ];
    let out = block_on(fetch_tasks(&c, &rt, &input, &RequestOptions::default()));
    let urls: Vec<String> = rt.sent().iter().map(|r| r.url.clone()).collect();
    let want: Vec<String> = [&a, &b, &d]
        .iter()
        .map(|id| format!("http://127.0.0.1:9/api/v1/job/{id}"))
        .collect();
    assert_eq!(urls, want);
    let got: Vec<core::result::Result<(String, TaskStatus), ErrorCode>> = out
        .into_iter()
        .map(|r| r.map(|t| (t.id, t.status)).map_err(|e| e.code))
        .collect();
    assert_eq!(
        got,
        vec![
            Ok((a.clone(), TaskStatus::Completed)),
            Ok((b, TaskStatus::Processing)),
            Err(ErrorCode::InvalidRequest),
            Ok((a, TaskStatus::Completed)),
            Ok((d, TaskStatus::Pending)),
        ]
    );
}

#[test]
fn read_errors_carry_their_id() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(404, "{}");
    let out = block_on(fetch_tasks(&c, &rt, &[uuid(9)], &RequestOptions::default()));
    let e = out.first().and_then(|r| r.as_ref().err());
    assert_eq!(e.map(|e| e.code), Some(ErrorCode::NotFound));
    assert_eq!(e.and_then(|e| e.task_id.clone()), Some(uuid(9)));
}
