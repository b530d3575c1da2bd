//! Legnext (Midjourney video): request validation, the wire body, and the task envelope.

use super::{map_status, not_a_task, request, str_field, success_json, Provider};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{status_kind, HttpRequest, HttpResponse, Method, Operation};
use crate::input::{signed_decimal, Fields, Input};
#[cfg(all(target_arch = "wasm32", not(feature = "webhooks")))]
use crate::js::tsify;
use crate::json::{self, Object, Value};
use crate::options::ClientOptions;
use crate::prelude::*;
use crate::rules;
use crate::task::{Task, TaskError, TaskStatus, Usage};
use serde::Serialize;

/// `extendVideo` input for Legnext. Each extension adds 4 s; at most 4 per original video.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "webhooks")),
    derive(tsify::Tsify)
)]
#[serde(rename_all = "camelCase")]
pub struct LegnextExtendRequest {
    /// The id (UUID) of the video job to extend.
    pub job_id: String,
    /// Which of the job's four videos to extend: 0, 1, 2 or 3.
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(type = "0 | 1 | 2 | 3")
    )]
    pub video_no: u8,
    /// Text to guide the extension, 1 to 8192 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub prompt: Option<String>,
    /// An http(s) URL that receives the finished task (see `signCallbackUrl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub callback: Option<String>,
    /// Extra provider parameters, merged into the JSON body as they are.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "json::serialize_optional_object"
    )]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional, type = "Record<string, unknown>")
    )]
    pub extra_body: Option<Object>,
}

pub(crate) const KEYS: &[&str] = &["jobId", "videoNo", "prompt", "callback", "extraBody"];
pub(crate) const APIFRAME_ONLY: &[(&str, &str)] = &[
    (
        "parentTaskId",
        "it is an APIFrame field; for Legnext give jobId and videoNo",
    ),
    ("imageUrl", "it is an APIFrame field"),
    ("endImageUrl", "it is an APIFrame field"),
    ("enhancePrompt", "it is an APIFrame field"),
    ("aspectRatio", "it is an APIFrame field"),
    (
        "webhookUrl",
        "it is an APIFrame field; Legnext calls it callback",
    ),
    (
        "webhookSecret",
        "it is an APIFrame field; for Legnext sign the callback URL with signCallbackUrl",
    ),
];
/// Wire names the SDK writes itself; `extraBody` may not override them.
const WIRE_KEYS: &[&str] = &["jobId", "videoNo", "prompt", "callback"];

impl LegnextExtendRequest {
    /// Validates the fields of the JS request object, whose keys [`super::ExtendRequest::parse`]
    /// has checked.
    pub fn parse(f: &Fields) -> Result<Self> {
        let job_id = rules::uuid("jobId", f.get("jobId"), true)?.unwrap_or_default();
        let video_no = f.integer("videoNo", 0, 3, true)?.unwrap_or(0) as u8;
        let prompt = rules::prompt("prompt", f.get("prompt"), false, true)?;
        let callback = f.http_url("callback")?;
        let extra_body = extra_body(f.get("extraBody"), WIRE_KEYS)?;
        Ok(LegnextExtendRequest {
            job_id: job_id.to_string(),
            video_no,
            prompt: prompt.map(str::to_string),
            callback: callback.map(str::to_string),
            extra_body,
        })
    }
}

/// Validates `extraBody`: a plain object of JSON values not overriding the modelled fields.
pub(crate) fn extra_body(value: &Input, reserved: &[&str]) -> Result<Option<Object>> {
    match value {
        Input::Undefined => Ok(None),
        Input::Object { .. } => match value.to_json("extraBody", 0)? {
            Value::Object(pairs) => {
                if let Some((k, _)) = pairs.iter().find(|(k, _)| reserved.contains(&k.as_str())) {
                    let field = crate::input::key_path("extraBody", k);
                    let message = field.clone()
                        + " would override a field the SDK sends; set it through the request's own field instead";
                    return Err(Error::invalid(field, message));
                }
                Ok(Some(pairs))
            }
            // Never: a plain object converts to an object (anything else was refused).
            _ => Ok(None),
        },
        other => Err(other.refused("extraBody", "a plain object")),
    }
}

/// `POST {base}/api/v1/extend-video` with `{jobId, videoNo, prompt?, callback?}` in that order,
/// then the extraBody keys.
pub fn build_extend(opts: &ClientOptions, r: &LegnextExtendRequest) -> HttpRequest {
    let mut body = Object::new();
    put_texts(&mut body, &[("jobId", Some(&r.job_id))]);
    body.push(("videoNo".into(), Value::Number(f64::from(r.video_no))));
    put_texts(
        &mut body,
        &[
            ("prompt", r.prompt.as_ref()),
            ("callback", r.callback.as_ref()),
        ],
    );
    merge_extra(&mut body, &r.extra_body);
    request(
        opts,
        Method::Post,
        "/api/v1/extend-video",
        Some(Value::Object(body)),
        Operation::Create,
    )
}

/// Appends the given text fields in order; absent ones stay absent.
pub(crate) fn put_texts(body: &mut Object, fields: &[(&str, Option<&String>)]) {
    for (k, v) in fields {
        if let Some(v) = v {
            body.push((k.to_string(), Value::String(String::clone(v))));
        }
    }
}

/// Adds the extraBody pairs after the SDK's own (a key the body has already keeps its place and
/// takes the extra value; validation refuses extra keys that name a wire field, so that never
/// happens to them).
pub(crate) fn merge_extra(body: &mut Object, extra: &Option<Object>) {
    for (k, v) in extra.iter().flatten() {
        json::insert(body, k.clone(), v.clone());
    }
}

/// `GET {base}/api/v1/job/{id}`; Legnext ids are UUIDs, so nothing needs escaping.
pub fn build_fetch(opts: &ClientOptions, id: &Input) -> Result<HttpRequest> {
    let id = rules::uuid("taskId", id, true)?.unwrap_or_default();
    Ok(request(
        opts,
        Method::Get,
        &("/api/v1/job/".to_string() + id),
        None,
        Operation::Read,
    ))
}

/// Legnext's message from an envelope's `error` (or a plain `message`).
fn envelope_message(v: &Value) -> Option<String> {
    // Null stands in for an absent `error`: its fields are `None` like a missing key's.
    let err = v.get("error").unwrap_or(&Value::Null);
    let text = match err {
        Value::String(s) if !s.is_empty() => Some(s.as_str()),
        _ => None,
    };
    // Each candidate read eagerly (plain lookups), the first present one taken.
    let m = str_field(err, "message")
        .or(str_field(err, "raw_message"))
        .or(text)
        .or(str_field(v, "message"))?;
    Some(m.to_string())
}

fn envelope_code(v: &Value) -> i64 {
    match v.get("error").and_then(|e| e.get("code")) {
        Some(c) => c.as_i64().unwrap_or(0),
        None => 0,
    }
}

/// The error an envelope's `error.code` stands for (a 403 arrives as a failed task envelope).
fn envelope_error(code: i64, v: &Value, resp: &HttpResponse, op: Operation) -> Error {
    let (ecode, what) = match code {
        400 | 401 | 403 | 404 | 422 | 429 => status_kind(code as u16),
        _ => (ErrorCode::ProviderError, "the provider reported an error"),
    };
    let retryable = match code {
        429 => true,
        400 | 401 | 403 | 404 | 422 => false,
        _ => op == Operation::Read,
    };
    let msg = envelope_message(v);
    let mut message = crate::input::cat(&[what, " (error code "]);
    crate::input::push_signed_decimal(&mut message, code);
    message.push(')');
    crate::error::push_detail(&mut message, msg.as_deref());
    let mut e = crate::http::answer_error(ecode, message, resp, retryable);
    e.provider_message = msg;
    e
}

/// Reads an answer of either endpoint (both return the task envelope).
pub fn parse_response(op: Operation, resp: &HttpResponse) -> Result<Task> {
    // A failed status keeps the envelope's message and job id.
    let v = success_json(
        Provider::Legnext,
        op,
        resp,
        envelope_message,
        Some("job_id"),
    )?;
    if !v.is_object() {
        return Err(not_a_task(resp, op, "expected an object"));
    }
    let code = envelope_code(&v);
    let Some(id) = str_field(&v, "job_id") else {
        return Err(if code != 0 {
            envelope_error(code, &v, resp, op)
        } else {
            not_a_task(resp, op, "no job_id")
        });
    };
    let Some(word) = v.get("status").and_then(Value::as_str) else {
        return Err(not_a_task(resp, op, "no status").with_task_id(id));
    };
    let status = map_status(word);
    // A create that fails at once for a 4xx reason (permission, quota, bad parent) is an error,
    // not a task to wait for; the job id is kept.
    if op == Operation::Create && status == TaskStatus::Failed && (400..500).contains(&code) {
        return Err(envelope_error(code, &v, resp, op).with_task_id(id));
    }
    let mut t = Task::with_word(
        Provider::Legnext,
        id.to_string(),
        status,
        Some(word.to_string()),
    );
    fill(&mut t, code, &v);
    // The parsed body itself becomes `raw`: no copy.
    t.raw = v;
    Ok(t)
}

/// The task's fields read from the envelope `raw` (its id, status and status word are set).
fn fill(t: &mut Task, code: i64, raw: &Value) {
    let status = t.status;
    // Null stands in for an absent object: its `get` is `None` like a missing key's.
    let output = raw.get("output").unwrap_or(&Value::Null);
    if let Some(Value::Array(urls)) = output.get("video_urls") {
        for u in urls {
            if let Value::String(u) = u {
                if !u.is_empty() {
                    t.video_urls.push(u.clone());
                }
            }
        }
    }
    t.seed = match output.get("seed") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(s @ Value::Number(_)) => Some(json::stringify(s)),
        _ => None,
    };
    let meta = raw.get("meta").unwrap_or(&Value::Null);
    let time = |k: &str| match meta.get(k) {
        Some(Value::String(s)) if !s.is_empty() && !s.starts_with("0001-01-01") => Some(s.clone()),
        _ => None,
    };
    t.created_at = time("created_at");
    t.started_at = time("started_at");
    t.ended_at = time("ended_at");
    t.usage = match meta.get("usage") {
        Some(u @ Value::Object(_)) => Some(Usage {
            unit: str_field(u, "type").map(str::to_string),
            frozen: u.get("frozen").and_then(Value::as_f64),
            consumed: u.get("consume").and_then(Value::as_f64),
        }),
        _ => None,
    };
    t.progress = match (status, raw.get("progress")) {
        (TaskStatus::Completed, _) => Some(100.0),
        (_, Some(Value::Number(p))) => Some(p.clamp(0.0, 100.0)),
        _ => None,
    };
    if status == TaskStatus::Failed {
        t.error = Some(TaskError {
            code: if code != 0 {
                signed_decimal(code)
            } else {
                "failed".into()
            },
            message: envelope_message(raw).unwrap_or_default(),
        });
    }
}
