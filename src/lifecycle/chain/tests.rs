//! Chains on the scripted runtime: success, refusal, failure at a step, and resuming.

use super::*;
use crate::lifecycle::testkit::*;
use crate::transport::scripted::ScriptedRuntime;
use pollster::block_on;
use serde_json::json;

/// Each report as (step, steps, task id).
type Reports = Vec<(usize, usize, String)>;
/// What a chain returned, and its reports.
type Ran = (core::result::Result<ChainOutcome, ChainError>, Reports);

fn run(c: &Client, rt: &ScriptedRuntime, req: &ChainRequest) -> Ran {
    let mut steps = Vec::new();
    let r = block_on(extend_chain(
        c,
        rt,
        req,
        &WaitOptions::default(),
        &mut |s| steps.push((s.step, s.steps, s.task.id.clone())),
    ));
    (r, steps)
}

fn posts(rt: &ScriptedRuntime) -> Vec<serde_json::Value> {
    rt.sent()
        .iter()
        .filter(|r| r.operation == crate::http::Operation::Create)
        .map(body)
        .collect()
}

#[test]
fn legnext_chain_extends_each_finished_output() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    let ids = [uuid(1), uuid(2), uuid(3)];
    for id in &ids {
        rt.push_json(200, &legnext(id, "pending", ""));
        rt.push_json(200, &legnext(id, "completed", ""));
    }
    let req = ChainRequest {
        chain: Chain {
            provider: Provider::Legnext,
            parent: JOB.into(),
            video_no: 2,
            prompts: vec![Some("a wave".into()), None, Some("sunset".into())],
            options: Input::Undefined,
        },
        resume_from: None,
    };
    let (r, steps) = run(&c, &rt, &req);
    let out = r.ok();
    assert_eq!(
        out.as_ref().map(|o| o.task_ids.to_vec()),
        Some(ids.to_vec())
    );
    assert_eq!(out.map(|o| o.task.id), Some(ids[2].clone()));
    assert_eq!(
        posts(&rt),
        vec![
            json!({"jobId": JOB, "videoNo": 2, "prompt": "a wave"}),
            json!({"jobId": ids[0], "videoNo": 0}),
            json!({"jobId": ids[1], "videoNo": 0, "prompt": "sunset"}),
        ]
    );
    // Each step reports its creation and its completion.
    let want: Vec<(usize, usize, String)> = (0..3)
        .flat_map(|i| [(i + 1, 3, ids[i].clone()), (i + 1, 3, ids[i].clone())])
        .collect();
    assert_eq!(steps, want);
}

#[test]
fn refused_before_anything_is_paid_for() {
    let c = client("legnext");
    let rt = ScriptedRuntime::new(0.0);
    let five = ChainRequest {
        chain: Chain {
            provider: Provider::Legnext,
            parent: JOB.into(),
            video_no: 0,
            prompts: vec![None; 5],
            options: Input::Undefined,
        },
        resume_from: None,
    };
    let e = run(&c, &rt, &five).0.err();
    assert_eq!(
        e.as_ref().map(|e| e.error.code),
        Some(ErrorCode::InvalidRequest)
    );
    assert_eq!(
        e.as_ref().and_then(|e| e.error.field.as_deref()),
        Some("prompts")
    );
    assert_eq!(e.map(|e| e.step), Some(0));

    let af = client("apiframe");
    let bad_third = ChainRequest {
        chain: Chain {
            provider: Provider::Apiframe,
            parent: "af-0".into(),
            video_no: 0,
            prompts: vec![Some("one".into()), Some("two".into()), Some("  ".into())],
            options: Input::object(vec![("aspectRatio", Input::str("16:9"))]),
        },
        resume_from: None,
    };
    let e = run(&af, &rt, &bad_third).0.err();
    assert_eq!(
        e.and_then(|e| e.error.field.clone()).as_deref(),
        Some("prompts[2]")
    );
    let sneaky = ChainRequest {
        chain: Chain {
            provider: Provider::Apiframe,
            parent: "af-0".into(),
            video_no: 0,
            prompts: vec![Some("one".into())],
            options: Input::object(vec![("prompt", Input::str("x"))]),
        },
        resume_from: None,
    };
    let e = run(&af, &rt, &sneaky).0.err();
    assert_eq!(
        e.and_then(|e| e.error.field.clone()).as_deref(),
        Some("options.prompt")
    );
    let e = run(&c, &rt, &bad_third).0.err();
    assert_eq!(
        e.and_then(|e| e.error.field.clone()).as_deref(),
        Some("chain")
    );
    assert!(rt.sent().is_empty());
}

fn apiframe_chain(resume_from: Option<ChainProgress>) -> ChainRequest {
    ChainRequest {
        chain: Chain {
            provider: Provider::Apiframe,
            parent: "af-0".into(),
            video_no: 0,
            prompts: vec![Some("one".into()), Some("two".into()), Some("three".into())],
            options: Input::object(vec![("aspectRatio", Input::str("16:9"))]),
        },
        resume_from,
    }
}

#[test]
fn a_failed_step_names_itself_and_resume_skips_the_finished_ones() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(200, r#"{"task_id":"af-1"}"#);
    rt.push_json(200, &apiframe("af-1", "done", ""));
    rt.push_json(200, r#"{"task_id":"af-2"}"#);
    rt.push_json(
        200,
        &apiframe("af-2", "failed", "parent could not be extended"),
    );
    let (r, _) = run(&c, &rt, &apiframe_chain(None));
    let Some(e) = r.err() else {
        unreachable!("the chain should fail at step 2")
    };
    assert_eq!(e.step, 2);
    assert_eq!(e.error.code, ErrorCode::TaskFailed);
    assert_eq!(e.error.task_id.as_deref(), Some("af-2"));
    assert!(e
        .error
        .message
        .starts_with("step 2 of 3 failed: task af-2 failed"));
    assert!(e.error.message.ends_with("finished steps: af-1"));
    assert_eq!(e.progress.finished_task_ids, vec!["af-1".to_string()]);
    assert_eq!(e.progress.pending_task_id, None);
    assert_eq!(
        serde_json::to_value(&e.progress).ok(),
        Some(json!({"finishedTaskIds": ["af-1"]}))
    );

    let rt = ScriptedRuntime::new(0.0);
    for id in ["af-2b", "af-3"] {
        rt.push_json(200, &format!(r#"{{"task_id":"{id}"}}"#));
        rt.push_json(200, &apiframe(id, "done", ""));
    }
    let (r, steps) = run(&c, &rt, &apiframe_chain(Some(e.progress)));
    assert_eq!(
        r.map(|o| o.task_ids).ok(),
        Some(vec!["af-1".to_string(), "af-2b".into(), "af-3".into()])
    );
    assert_eq!(
        posts(&rt),
        vec![
            json!({"parent_task_id": "af-1", "prompt": "two", "aspect_ratio": "16:9"}),
            json!({"parent_task_id": "af-2b", "prompt": "three", "aspect_ratio": "16:9"}),
        ]
    );
    assert_eq!(steps.first().map(|s| (s.0, s.1)), Some((2, 3)));
}

#[test]
fn resume_waits_for_a_pending_step_instead_of_paying_again() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(200, &apiframe("af-2", "processing", "90"));
    rt.push_json(200, &apiframe("af-2", "done", ""));
    rt.push_json(200, r#"{"task_id":"af-3"}"#);
    rt.push_json(200, &apiframe("af-3", "done", ""));
    let progress = ChainProgress {
        finished_task_ids: vec!["af-1".into()],
        pending_task_id: Some("af-2".into()),
    };
    let (r, _) = run(&c, &rt, &apiframe_chain(Some(progress)));
    assert_eq!(r.map(|o| o.task_ids.len()).ok(), Some(3));
    assert_eq!(
        posts(&rt),
        vec![json!({"parent_task_id": "af-2", "prompt": "three", "aspect_ratio": "16:9"})]
    );

    // All finished already: one read of the last task.
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(200, &apiframe("af-3", "done", ""));
    let done = ChainProgress {
        finished_task_ids: vec!["af-1".into(), "af-2".into(), "af-3".into()],
        pending_task_id: None,
    };
    let (r, _) = run(&c, &rt, &apiframe_chain(Some(done.clone())));
    assert_eq!(r.map(|o| o.task.id).ok().as_deref(), Some("af-3"));
    assert_eq!(rt.sent().len(), 1);

    // All finished, but the closing read fails: the last task's id, the last step, the
    // read's own message (no step named) and the progress as given.
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(404, r#"{"errors":[{"msg":"task not found"}]}"#);
    let (r, _) = run(&c, &rt, &apiframe_chain(Some(done.clone())));
    let Some(e) = r.err() else {
        unreachable!("the closing read should fail")
    };
    assert_eq!(e.error.code, ErrorCode::NotFound);
    assert_eq!(e.error.task_id.as_deref(), Some("af-3"));
    assert_eq!(e.step, 3);
    assert!(!e.error.message.starts_with("step "), "{}", e.error.message);
    assert_eq!(e.progress, done);
}

#[test]
fn a_timed_out_step_is_kept_as_pending() {
    let c = client("apiframe");
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(200, r#"{"task_id":"af-1"}"#);
    for _ in 0..10 {
        rt.push_json(200, &apiframe("af-1", "processing", "1"));
    }
    let wait = WaitOptions {
        timeout_ms: 5_000,
        ..WaitOptions::default()
    };
    let r = block_on(extend_chain(
        &c,
        &rt,
        &apiframe_chain(None),
        &wait,
        &mut |_| {},
    ));
    let e = r.err();
    assert_eq!(e.as_ref().map(|e| e.error.code), Some(ErrorCode::Timeout));
    assert_eq!(
        e.map(|e| e.progress),
        Some(ChainProgress {
            finished_task_ids: vec![],
            pending_task_id: Some("af-1".into()),
        })
    );
}
