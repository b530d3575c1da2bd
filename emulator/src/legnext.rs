//! The Legnext (Midjourney video) API: `POST /api/v1/extend-video` and `GET /api/v1/job/{id}`.

use crate::ids;
use crate::jobs::{Job, Phase, Provider, MAX_DEPTH};
use crate::reply::Reply;
use crate::state::State;
use crate::timefmt;
use crate::urls;
use crate::webhooks;
use hyper::{HeaderMap, StatusCode};
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Instant, SystemTime};

/// Error code reported by jobs that fail (the `[fail]` trigger and the seeded failed job).
pub const FAILED_CODE: i64 = 10001;
const POINTS: u32 = 480;

#[derive(Debug, Serialize)]
pub struct Envelope {
    pub job_id: String,
    pub model: &'static str,
    pub task_type: &'static str,
    pub status: &'static str,
    pub config: TaskConfig,
    pub input: Option<Value>,
    pub output: Output,
    pub meta: Meta,
    pub detail: Option<Value>,
    pub logs: Vec<String>,
    pub error: ErrorObj,
}

#[derive(Debug, Serialize)]
pub struct TaskConfig {
    pub service_mode: &'static str,
    pub webhook_config: WebhookConfig,
}

#[derive(Debug, Serialize)]
pub struct WebhookConfig {
    pub endpoint: String,
    pub secret: String,
}

#[derive(Debug, Serialize)]
pub struct Output {
    pub image_urls: Option<Vec<String>>,
    pub video_urls: Vec<String>,
    pub seed: String,
}

#[derive(Debug, Serialize)]
pub struct Meta {
    pub created_at: String,
    pub started_at: String,
    pub ended_at: String,
    pub usage: Usage,
}

#[derive(Debug, Serialize)]
pub struct Usage {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub frozen: u32,
    pub consume: u32,
}

#[derive(Debug, Serialize)]
pub struct ErrorObj {
    pub code: i64,
    pub raw_message: String,
    pub message: String,
    pub detail: Option<Value>,
}

impl ErrorObj {
    fn none() -> ErrorObj {
        ErrorObj {
            code: 0,
            raw_message: String::new(),
            message: String::new(),
            detail: None,
        }
    }
}

/// The task envelope of `job` at `now`, with media URLs under `base`.
pub fn envelope(job: &Job, now: Instant, job_seconds: f64, base: &str) -> Envelope {
    let snap = job.snapshot(now, job_seconds);
    let (video_urls, seed) = if snap.phase == Phase::Completed {
        (
            (0..4).map(|n| job.video_url(base, n)).collect(),
            job.seed.clone(),
        )
    } else {
        (Vec::new(), String::new())
    };
    let error = if snap.phase == Phase::Failed {
        ErrorObj {
            code: FAILED_CODE,
            raw_message: "emulated failure".to_string(),
            message: if job.fixed.is_some() {
                "Video generation failed (seeded failed job)".to_string()
            } else {
                "Video extension failed: the prompt contained the emulator's fail word".to_string()
            },
            detail: None,
        }
    } else {
        ErrorObj::none()
    };
    Envelope {
        job_id: job.id.clone(),
        model: "midjourney",
        task_type: job.task_type,
        status: snap.phase.legnext_status(),
        config: TaskConfig {
            service_mode: "public",
            webhook_config: WebhookConfig {
                endpoint: job.callback.clone().unwrap_or_default(),
                secret: String::new(),
            },
        },
        input: None,
        output: Output {
            image_urls: None,
            video_urls,
            seed,
        },
        meta: Meta {
            created_at: timefmt::rfc3339(job.created_wall),
            started_at: timefmt::rfc3339_or_unset(snap.started),
            ended_at: timefmt::rfc3339_or_unset(snap.ended),
            usage: Usage {
                kind: "point",
                frozen: POINTS,
                consume: if snap.phase == Phase::Completed {
                    POINTS
                } else {
                    0
                },
            },
        },
        detail: None,
        logs: Vec::new(),
        error,
    }
}

/// A failed task envelope with `job_id: ""` and `error.code` = the HTTP status.
pub fn error_reply(status: StatusCode, message: &str) -> Reply {
    let env = Envelope {
        job_id: String::new(),
        model: "midjourney",
        task_type: "extend_video",
        status: "failed",
        config: TaskConfig {
            service_mode: "public",
            webhook_config: WebhookConfig {
                endpoint: String::new(),
                secret: String::new(),
            },
        },
        input: None,
        output: Output {
            image_urls: None,
            video_urls: Vec::new(),
            seed: String::new(),
        },
        meta: Meta {
            created_at: timefmt::UNSET.to_string(),
            started_at: timefmt::UNSET.to_string(),
            ended_at: timefmt::UNSET.to_string(),
            usage: Usage {
                kind: "point",
                frozen: 0,
                consume: 0,
            },
        },
        detail: None,
        logs: Vec::new(),
        error: ErrorObj {
            code: i64::from(status.as_u16()),
            raw_message: message.to_string(),
            message: message.to_string(),
            detail: None,
        },
    };
    Reply::json(status, &env)
}

/// The validated body of an extend request.
#[derive(Debug, PartialEq)]
pub struct ExtendInput {
    pub job_id: String,
    pub video_no: u8,
    pub prompt: Option<String>,
    pub callback: Option<String>,
}

/// Validates an `ExtendVideoRequest` body; the error lists every problem found.
pub fn validate(body: &[u8]) -> Result<ExtendInput, String> {
    let v: Value =
        serde_json::from_slice(body).map_err(|_| "request body must be a JSON object")?;
    let obj = v.as_object().ok_or("request body must be a JSON object")?;
    let mut errors: Vec<String> = Vec::new();
    let job_id = match obj.get("jobId") {
        None | Some(Value::Null) => {
            errors.push("jobId is required".to_string());
            None
        }
        Some(Value::String(s)) if ids::is_uuid(s) => Some(s.clone()),
        Some(_) => {
            errors.push("jobId must be a UUID string".to_string());
            None
        }
    };
    let video_no = match obj.get("videoNo") {
        None | Some(Value::Null) => {
            errors.push("videoNo is required".to_string());
            None
        }
        Some(n) => match n.as_i64().filter(|n| (0..=3).contains(n)) {
            Some(n) => u8::try_from(n).ok(),
            None => {
                errors.push("videoNo must be an integer from 0 to 3".to_string());
                None
            }
        },
    };
    let prompt = match obj.get("prompt") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if (1..=8192).contains(&s.chars().count()) => Some(s.clone()),
        Some(_) => {
            errors.push("prompt must be a string of 1 to 8192 characters".to_string());
            None
        }
    };
    let callback = match obj.get("callback") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if urls::parse_http_url(s).is_some() => Some(s.clone()),
        Some(_) => {
            errors.push("callback must be an absolute http(s) URL".to_string());
            None
        }
    };
    match (job_id, video_no) {
        (Some(job_id), Some(video_no)) if errors.is_empty() => Ok(ExtendInput {
            job_id,
            video_no,
            prompt,
            callback,
        }),
        _ => Err(errors.join("; ")),
    }
}

/// The 401 reply for a missing or wrong key, or `None` when the key is accepted.
fn key_error(state: &State, headers: &HeaderMap) -> Option<Reply> {
    match headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        None => Some(error_reply(
            StatusCode::UNAUTHORIZED,
            "missing API key: send it in the x-api-key header",
        )),
        Some(k) if state.accepts_key(k) => None,
        Some(_) => Some(error_reply(StatusCode::UNAUTHORIZED, "invalid API key")),
    }
}

/// `POST /api/v1/extend-video`.
pub fn extend(state: &Arc<State>, headers: &HeaderMap, body: &[u8], base: &str) -> Reply {
    if let Some(r) = key_error(state, headers) {
        return r;
    }
    let input = match validate(body) {
        Ok(i) => i,
        Err(msg) => return error_reply(StatusCode::BAD_REQUEST, &msg),
    };
    let now = Instant::now();
    let t = state.job_seconds();
    let job = {
        let mut g = state.lock();
        let parent = match g.jobs.get(Provider::Legnext, &input.job_id) {
            Some(p) => p,
            None => {
                return error_reply(
                    StatusCode::NOT_FOUND,
                    &format!("job {} not found", input.job_id),
                )
            }
        };
        let phase = parent.snapshot(now, t).phase;
        if phase != Phase::Completed {
            return error_reply(
                StatusCode::BAD_REQUEST,
                &format!(
                    "job {} is {}: only completed video jobs can be extended",
                    parent.id,
                    phase.legnext_status()
                ),
            );
        }
        if parent.depth >= MAX_DEPTH {
            return error_reply(
                StatusCode::BAD_REQUEST,
                &format!(
                    "job {} cannot be extended: a video can be extended at most {MAX_DEPTH} times \
                     and this one already has {} extensions",
                    parent.id, parent.depth
                ),
            );
        }
        let job = Job {
            provider: Provider::Legnext,
            id: ids::new_uuid(),
            task_type: "extend_video",
            parent: Some(parent.id.clone()),
            depth: parent.depth + 1,
            will_fail: input
                .prompt
                .as_deref()
                .is_some_and(|p| p.contains(&state.config.fail_word)),
            prompt: input.prompt,
            video_no: Some(input.video_no),
            callback: input.callback,
            webhook_secret: None,
            seed: ids::new_seed(),
            base_url: base.to_string(),
            created: now,
            created_wall: SystemTime::now(),
            fixed: None,
        };
        g.jobs.insert(job.clone());
        job
    };
    if job.callback.is_some() {
        webhooks::schedule_legnext(state.clone(), job.id.clone());
    }
    Reply::json(StatusCode::OK, &envelope(&job, now, t, base))
}

/// `GET /api/v1/job/{id}`.
pub fn get_job(state: &State, headers: &HeaderMap, id: &str, base: &str) -> Reply {
    if let Some(r) = key_error(state, headers) {
        return r;
    }
    let g = state.lock();
    match g.jobs.get(Provider::Legnext, id) {
        Some(job) => Reply::json(
            StatusCode::OK,
            &envelope(job, Instant::now(), state.job_seconds(), base),
        ),
        None => error_reply(StatusCode::NOT_FOUND, &format!("job {id} not found")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";

    #[test]
    fn validation_table() {
        let ok = validate(format!(r#"{{"jobId":"{ID}","videoNo":3,"extra":1}}"#).as_bytes())
            .expect("valid");
        assert_eq!(ok.video_no, 3);
        for bad in [
            r#"{"videoNo":0}"#.to_string(),
            format!(r#"{{"jobId":"{ID}"}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":1.5}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":"1"}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":-1}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":4}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":0,"prompt":""}}"#),
            format!(r#"{{"jobId":"{ID}","videoNo":0,"callback":"nope"}}"#),
            r#"{"jobId":"abc","videoNo":0}"#.to_string(),
            r#"[]"#.to_string(),
        ] {
            assert!(validate(bad.as_bytes()).is_err(), "{bad}");
        }
        let long = "é".repeat(8192);
        let body = serde_json::json!({"jobId": ID, "videoNo": 0, "prompt": long});
        assert!(validate(body.to_string().as_bytes()).is_ok());
        let body = serde_json::json!({"jobId": ID, "videoNo": 0, "prompt": "é".repeat(8193)});
        assert!(validate(body.to_string().as_bytes()).is_err());
    }
}
