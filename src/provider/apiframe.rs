//! APIFrame (Luma): request validation, the snake_case wire body, and the `/fetch` answers.

use super::legnext::{extra_body, merge_extra, put_texts};
use super::{map_status, not_a_task, request, str_field, Provider};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Method, Operation};
use crate::input::{Fields, Input};
#[cfg(all(target_arch = "wasm32", not(feature = "webhooks")))]
use crate::js::tsify;
use crate::json::{self, Object, Value};
use crate::options::ClientOptions;
use crate::prelude::*;
use crate::rules;
use crate::task::{Task, TaskError, TaskStatus};
use serde::Serialize;

/// The aspect ratios Luma supports.
pub const ASPECT_RATIOS: &[&str] = &["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"];

/// `extendVideo` input for APIFrame (Luma).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "webhooks")),
    derive(tsify::Tsify)
)]
#[serde(rename_all = "camelCase")]
pub struct ApiframeExtendRequest {
    /// The id of the Luma task to extend.
    pub parent_task_id: String,
    /// What happens next, 1 to 8192 characters, not blank.
    pub prompt: String,
    /// An http(s) URL of an image for the first frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub image_url: Option<String>,
    /// An http(s) URL of an image for the last frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub end_image_url: Option<String>,
    /// Let Luma rewrite the prompt (APIFrame's default: false).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub enhance_prompt: Option<bool>,
    /// The frame shape (APIFrame's default: `"1:1"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(
            optional,
            type = "\"1:1\" | \"16:9\" | \"9:16\" | \"4:3\" | \"3:4\" | \"21:9\" | \"9:21\""
        )
    )]
    pub aspect_ratio: Option<String>,
    /// An http(s) URL that receives updates and the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub webhook_url: Option<String>,
    /// Sent back in the `x-webhook-secret` header of each webhook call (needs `webhookUrl`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub webhook_secret: Option<String>,
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

pub(crate) const KEYS: &[&str] = &[
    "parentTaskId",
    "prompt",
    "imageUrl",
    "endImageUrl",
    "enhancePrompt",
    "aspectRatio",
    "webhookUrl",
    "webhookSecret",
    "extraBody",
];
pub(crate) const LEGNEXT_ONLY: &[(&str, &str)] = &[
    (
        "jobId",
        "it is a Legnext field; for APIFrame give parentTaskId",
    ),
    ("videoNo", "it is a Legnext field"),
    (
        "callback",
        "it is a Legnext field; APIFrame calls it webhookUrl",
    ),
];
const WIRE_KEYS: &[&str] = &[
    "parent_task_id",
    "prompt",
    "image_url",
    "end_image_url",
    "enhance_prompt",
    "aspect_ratio",
    "webhook_url",
    "webhook_secret",
];

impl ApiframeExtendRequest {
    /// Validates the fields of the JS request object, whose keys [`super::ExtendRequest::parse`]
    /// has checked.
    pub fn parse(f: &Fields) -> Result<Self> {
        let parent_task_id =
            rules::non_blank("parentTaskId", f.get("parentTaskId"), true)?.unwrap_or_default();
        let prompt = rules::prompt("prompt", f.get("prompt"), true, false)?.unwrap_or_default();
        let image_url = f.http_url("imageUrl")?;
        let end_image_url = f.http_url("endImageUrl")?;
        let enhance_prompt = rules::boolean("enhancePrompt", f.get("enhancePrompt"))?;
        let aspect_ratio = rules::string("aspectRatio", f.get("aspectRatio"), false)?;
        if let Some(r) = aspect_ratio {
            if !ASPECT_RATIOS.contains(&r) {
                return Err(f.get("aspectRatio").refused(
                    "aspectRatio",
                    "one of 1:1, 16:9, 9:16, 4:3, 3:4, 21:9, 9:21",
                ));
            }
        }
        let webhook_url = f.http_url("webhookUrl")?;
        // The secret's refusals from one site; its value is never shown, only its type.
        let (webhook_secret, why) = match f.get("webhookSecret") {
            Input::String(s) if s.is_empty() => (None, ["webhookSecret must not be empty", ""]),
            Input::String(_) if webhook_url.is_none() => (
                None,
                [
                    "webhookSecret is only sent with webhooks: give webhookUrl too",
                    "",
                ],
            ),
            Input::String(s) => (Some(s.as_str()), ["", ""]),
            Input::Undefined => (None, ["", ""]),
            other => (
                None,
                [
                    "webhookSecret must be a string, got ",
                    other.kind_only("an object"),
                ],
            ),
        };
        if !why[0].is_empty() {
            return Err(Error::invalid("webhookSecret", crate::input::cat(&why)));
        }
        let extra_body = extra_body(f.get("extraBody"), WIRE_KEYS)?;
        Ok(ApiframeExtendRequest {
            parent_task_id: parent_task_id.to_string(),
            prompt: prompt.to_string(),
            image_url: image_url.map(str::to_string),
            end_image_url: end_image_url.map(str::to_string),
            enhance_prompt,
            aspect_ratio: aspect_ratio.map(str::to_string),
            webhook_url: webhook_url.map(str::to_string),
            webhook_secret: webhook_secret.map(str::to_string),
            extra_body,
        })
    }
}

/// `POST {base}/luma-extend` with APIFrame's snake_case names in the order below, then the
/// extraBody keys; absent options stay absent.
pub fn build_extend(opts: &ClientOptions, r: &ApiframeExtendRequest) -> HttpRequest {
    let mut body = Object::new();
    put_texts(
        &mut body,
        &[
            ("parent_task_id", Some(&r.parent_task_id)),
            ("prompt", Some(&r.prompt)),
            ("image_url", r.image_url.as_ref()),
            ("end_image_url", r.end_image_url.as_ref()),
        ],
    );
    if let Some(b) = r.enhance_prompt {
        body.push(("enhance_prompt".into(), Value::Bool(b)));
    }
    put_texts(
        &mut body,
        &[
            ("aspect_ratio", r.aspect_ratio.as_ref()),
            ("webhook_url", r.webhook_url.as_ref()),
            ("webhook_secret", r.webhook_secret.as_ref()),
        ],
    );
    merge_extra(&mut body, &r.extra_body);
    request(
        opts,
        Method::Post,
        "/luma-extend",
        Some(Value::Object(body)),
        Operation::Create,
    )
}

/// Validates an APIFrame task id (non-blank, printable, at most 256 characters).
pub fn task_id(value: &Input) -> Result<String> {
    let id = rules::non_blank("taskId", value, true)?.unwrap_or_default();
    if crate::input::char_count(id) > 256 || id.chars().any(char::is_control) {
        return Err(value.refused("taskId", "at most 256 printable characters"));
    }
    Ok(id.to_string())
}

/// `POST {base}/fetch` with `{"task_id": id}`.
pub fn build_fetch(opts: &ClientOptions, id: &Input) -> Result<HttpRequest> {
    let id = task_id(id)?;
    let body = vec![("task_id".to_string(), Value::String(id))];
    Ok(request(
        opts,
        Method::Post,
        "/fetch",
        Some(Value::Object(body)),
        Operation::Read,
    ))
}

/// APIFrame's message: `errors[].msg` joined, or a `message` / `error` string.
fn error_message(v: &Value) -> Option<String> {
    // The messages joined with "; " (an empty string in the list counts as a message).
    let mut all = String::new();
    let mut any = false;
    let errors = match v.get("errors") {
        Some(Value::Array(errors)) => &errors[..],
        _ => &[],
    };
    for e in errors {
        let m = match e {
            Value::String(s) => Some(s.as_str()),
            _ => match str_field(e, "msg") {
                None => str_field(e, "message"),
                m => m,
            },
        };
        if let Some(m) = m {
            if any {
                all.push_str("; ");
            }
            all.push_str(m);
            any = true;
        }
    }
    if any {
        return Some(all);
    }
    let m = match str_field(v, "message") {
        None => str_field(v, "error")?,
        Some(m) => m,
    };
    Some(m.to_string())
}

/// The JSON of a 2xx answer, or the error a non-2xx answer stands for (with APIFrame's message).
fn success_json(op: Operation, resp: &HttpResponse) -> Result<Value> {
    super::success_json(Provider::Apiframe, op, resp, error_message, None)
}

/// Reads an answer of `/luma-extend` (`{task_id}`) or `/fetch` (a task).
pub fn parse_response(op: Operation, resp: &HttpResponse) -> Result<Task> {
    let v = success_json(op, resp)?;
    if !v.is_object() {
        return Err(not_a_task(resp, op, "expected an object"));
    }
    let Some(id) = str_field(&v, "task_id").map(str::to_string) else {
        if let Some(msg) = error_message(&v) {
            let mut message = "the provider reported an error".to_string();
            crate::error::push_detail(&mut message, Some(&msg));
            let mut e = crate::http::answer_error(
                ErrorCode::ProviderError,
                message,
                resp,
                op == Operation::Read,
            );
            e.provider_message = Some(msg);
            return Err(e);
        }
        return Err(not_a_task(resp, op, "no task_id"));
    };
    // The parsed body itself becomes `raw`: no copy.
    Ok(task_from_value(id, v))
}

/// Normalises one APIFrame task object (also used for `/fetch-many` items and webhooks).
pub fn task_from_value(id: String, raw: Value) -> Task {
    let video = str_field(&raw, "video_url");
    // The documented finished shape has video_url and no status at all.
    let (word, status) = match (raw.get("status"), video) {
        (Some(Value::String(w)), _) => (Some(w.clone()), map_status(w)),
        (_, Some(_)) => (None, TaskStatus::Completed),
        _ => (None, TaskStatus::Pending),
    };
    let mut t = Task::with_word(Provider::Apiframe, id, status, word);
    if let Some(v) = video {
        t.video_urls.push(v.to_string());
    }
    t.progress = match status {
        TaskStatus::Completed => Some(100.0),
        _ => percentage(raw.get("percentage")),
    };
    if status == TaskStatus::Failed {
        t.error = Some(TaskError {
            code: str_field(&raw, "code").unwrap_or("failed").to_string(),
            message: error_message(&raw).unwrap_or_default(),
        });
    }
    t.raw = raw;
    t
}

/// APIFrame's `percentage` is a string ("40"); numbers are accepted too. Clamped to 0..=100.
fn percentage(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::String(s) => {
            crate::input::parse_decimal(crate::input::trim_end_byte(s.trim(), b'%'))?
        }
        Value::Number(n) => *n,
        _ => return None,
    };
    n.is_finite().then(|| n.clamp(0.0, 100.0))
}

/// `POST {base}/fetch-many` with `{"task_ids": [...]}` (APIFrame accepts 2 to 20 ids).
pub fn build_fetch_many(opts: &ClientOptions, ids: &[String]) -> HttpRequest {
    let mut items = Vec::with_capacity(ids.len());
    for id in ids {
        items.push(Value::String(id.clone()));
    }
    let body = vec![("task_ids".to_string(), Value::Array(items))];
    request(
        opts,
        Method::Post,
        "/fetch-many",
        Some(Value::Object(body)),
        Operation::Read,
    )
}

/// Reads a `/fetch-many` answer (`{"tasks": [...]}`) into tasks; items without a `task_id` are
/// skipped. Secrets are not removed here (the caller redacts each task).
pub fn parse_fetch_many(resp: &HttpResponse) -> Result<Vec<Task>> {
    let op = Operation::Read;
    let v = success_json(op, resp)?;
    let Some(items) = v.get("tasks").and_then(Value::as_array) else {
        return Err(not_a_task(resp, op, "no tasks array").with_provider(Provider::Apiframe));
    };
    let mut tasks = Vec::new();
    for item in items {
        if let Some(id) = str_field(item, "task_id") {
            tasks.push(task_from_value(id.to_string(), item.clone()));
        }
    }
    Ok(tasks)
}
