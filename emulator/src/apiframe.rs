//! The APIFrame (Luma) API: `POST /luma-extend`, `POST /fetch` and `POST /fetch-many`.

use crate::ids;
use crate::jobs::{Job, Phase, Provider};
use crate::reply::{Reply, JSON};
use crate::state::State;
use crate::urls;
use crate::webhooks;
use hyper::{HeaderMap, StatusCode};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

pub const ASPECT_RATIOS: [&str; 7] = ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];

/// What `/fetch` and the webhook return for one task.
#[derive(Debug, Serialize)]
pub struct TaskView {
    pub task_id: String,
    pub task_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// The view of `job` at `now`; a finished task carries `video_url` and no `status`.
pub fn view(job: &Job, now: Instant, job_seconds: f64, base: &str) -> TaskView {
    let mut v = TaskView {
        task_id: job.id.clone(),
        task_type: job.task_type,
        status: None,
        percentage: None,
        video_url: None,
        message: None,
    };
    match job.snapshot(now, job_seconds).phase {
        Phase::Pending | Phase::Staged => {
            v.status = Some("pending");
            v.percentage = Some("0".to_string());
        }
        Phase::Processing { fraction } => {
            v.status = Some("processing");
            let pct = (fraction * 100.0).floor().clamp(1.0, 99.0) as u32;
            v.percentage = Some(pct.to_string());
        }
        Phase::Completed => {
            let n = job.id.bytes().map(usize::from).sum::<usize>() % 4;
            v.video_url = Some(job.video_url(base, n));
        }
        Phase::Failed => {
            v.status = Some("failed");
            v.message = Some(
                "Luma extension failed: the prompt contained the emulator's fail word".to_string(),
            );
        }
    }
    v
}

fn errors(msgs: &[String]) -> Reply {
    let list: Vec<Value> = msgs.iter().map(|m| json!({ "msg": m })).collect();
    Reply::json(StatusCode::BAD_REQUEST, &json!({ "errors": list }))
}

fn not_found(msg: &str) -> Reply {
    Reply::json(StatusCode::NOT_FOUND, &json!({"errors": [{"msg": msg}]}))
}

fn unauthorized() -> Reply {
    Reply::raw(StatusCode::UNAUTHORIZED, JSON, "{}")
}

fn authorized(state: &State, headers: &HeaderMap) -> bool {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|k| state.accepts_key(k))
}

fn object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fn not_an_object() -> Reply {
    errors(&["request body must be a JSON object".to_string()])
}

/// The validated body of `/luma-extend`.
#[derive(Debug)]
pub struct ExtendInput {
    pub parent_task_id: String,
    pub prompt: String,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
}

/// Validates a `/luma-extend` body; every problem is listed.
pub fn validate(obj: &Map<String, Value>) -> Result<ExtendInput, Vec<String>> {
    let mut errs = Vec::new();
    let mut required = |name: &str| match obj.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_)) => {
            errs.push(format!("{name} must not be blank"));
            None
        }
        None | Some(Value::Null) => {
            errs.push(format!("{name} is required"));
            None
        }
        Some(_) => {
            errs.push(format!("{name} must be a string"));
            None
        }
    };
    let parent = required("parent_task_id");
    let prompt = required("prompt");
    for name in ["image_url", "end_image_url", "webhook_url"] {
        match obj.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if urls::parse_http_url(s).is_some() => {}
            Some(_) => errs.push(format!("{name} must be an absolute http(s) URL")),
        }
    }
    match obj.get("enhance_prompt") {
        None | Some(Value::Null) | Some(Value::Bool(_)) => {}
        Some(_) => errs.push("enhance_prompt must be a boolean".to_string()),
    }
    match obj.get("aspect_ratio") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if ASPECT_RATIOS.contains(&s.as_str()) => {}
        Some(_) => errs.push(format!(
            "aspect_ratio must be one of {}",
            ASPECT_RATIOS.join(", ")
        )),
    }
    let secret = match obj.get("webhook_secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            errs.push("webhook_secret must be a string".to_string());
            None
        }
    };
    match (parent, prompt) {
        (Some(parent_task_id), Some(prompt)) if errs.is_empty() => Ok(ExtendInput {
            parent_task_id,
            prompt,
            webhook_url: obj
                .get("webhook_url")
                .and_then(Value::as_str)
                .map(str::to_string),
            webhook_secret: secret,
        }),
        _ => Err(errs),
    }
}

/// `POST /luma-extend`.
pub fn extend(state: &Arc<State>, headers: &HeaderMap, body: &[u8], base: &str) -> Reply {
    if !authorized(state, headers) {
        return unauthorized();
    }
    let input = match object(body).map(|o| validate(&o)) {
        None => return not_an_object(),
        Some(Err(msgs)) => return errors(&msgs),
        Some(Ok(i)) => i,
    };
    let now = Instant::now();
    let job = {
        let mut g = state.lock();
        let parent = match g.jobs.get(Provider::Apiframe, &input.parent_task_id) {
            Some(p) => p,
            None => return not_found("parent task not found"),
        };
        if parent.snapshot(now, state.job_seconds()).phase != Phase::Completed {
            return errors(&["parent task is not finished".to_string()]);
        }
        let job = Job {
            provider: Provider::Apiframe,
            id: ids::new_uuid(),
            task_type: "luma-ext",
            parent: Some(parent.id.clone()),
            depth: parent.depth + 1,
            will_fail: input.prompt.contains(&state.config.fail_word),
            prompt: Some(input.prompt),
            video_no: None,
            callback: input.webhook_url,
            webhook_secret: input.webhook_secret,
            seed: String::new(),
            base_url: base.to_string(),
            created: now,
            created_wall: SystemTime::now(),
            fixed: None,
        };
        g.jobs.insert(job.clone());
        job
    };
    if job.callback.is_some() {
        webhooks::schedule_apiframe(state.clone(), job.id.clone());
    }
    Reply::json(StatusCode::OK, &json!({ "task_id": job.id }))
}

/// `POST /fetch`.
pub fn fetch(state: &State, headers: &HeaderMap, body: &[u8], base: &str) -> Reply {
    if !authorized(state, headers) {
        return unauthorized();
    }
    let Some(obj) = object(body) else {
        return not_an_object();
    };
    let id = match obj.get("task_id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        _ => return errors(&["task_id is required".to_string()]),
    };
    let g = state.lock();
    match g.jobs.get(Provider::Apiframe, id) {
        Some(job) => Reply::json(
            StatusCode::OK,
            &view(job, Instant::now(), state.job_seconds(), base),
        ),
        None => not_found("task not found"),
    }
}

/// `POST /fetch-many`.
pub fn fetch_many(state: &State, headers: &HeaderMap, body: &[u8], base: &str) -> Reply {
    if !authorized(state, headers) {
        return unauthorized();
    }
    let Some(obj) = object(body) else {
        return not_an_object();
    };
    let ids: Vec<&str> = match obj.get("task_ids") {
        Some(Value::Array(a)) if (2..=20).contains(&a.len()) => {
            match a.iter().map(Value::as_str).collect::<Option<Vec<_>>>() {
                Some(v) => v,
                None => return errors(&["task_ids must contain only strings".to_string()]),
            }
        }
        _ => {
            return errors(&["task_ids must be an array of 2 to 20 task ids".to_string()]);
        }
    };
    let now = Instant::now();
    let g = state.lock();
    let tasks: Vec<TaskView> = ids
        .iter()
        .filter_map(|id| g.jobs.get(Provider::Apiframe, id))
        .map(|job| view(job, now, state.job_seconds(), base))
        .collect();
    Reply::json(StatusCode::OK, &json!({ "tasks": tasks }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: Value) -> Result<ExtendInput, Vec<String>> {
        match v {
            Value::Object(m) => validate(&m),
            _ => Err(vec!["not an object".to_string()]),
        }
    }

    #[test]
    fn validation() {
        assert!(check(json!({"parent_task_id": "p", "prompt": "x"})).is_ok());
        assert!(check(json!({"parent_task_id": " ", "prompt": "x"})).is_err());
        assert!(check(json!({"prompt": "x"})).is_err());
        let e = check(
            json!({"parent_task_id": "p", "prompt": "x", "aspect_ratio": "3:2",
            "enhance_prompt": "yes", "webhook_url": "nope"}),
        )
        .err()
        .unwrap_or_default();
        assert_eq!(e.len(), 3, "{e:?}");
    }
}
