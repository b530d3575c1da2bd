//! The two providers: which one, how a request is validated and built, and how answers become
//! a [`Task`] or an [`Error`]. Each provider's wire format lives in its own file.

use crate::prelude::*;

pub mod apiframe;
pub mod legnext;
mod status;

pub use status::map_status;

use crate::error::{Error, ErrorCode, Result};
use crate::http::{answer_error, HttpRequest, HttpResponse, Method, Operation, AMBIGUOUS_HINT};
use crate::input::Input;
#[cfg(target_arch = "wasm32")]
use crate::js::tsify;
use crate::json::{self, JsonError, Value};
use crate::options::ClientOptions;
use crate::redact;
use crate::task::Task;
use serde::Serialize;

/// The API a client talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Legnext (Midjourney video): `x-api-key`, `/api/v1/extend-video`, `/api/v1/job/{id}`.
    Legnext,
    /// APIFrame (Luma): bare-key `Authorization`, `/luma-extend`, `/fetch`.
    Apiframe,
}

impl Provider {
    /// The JS name (`"legnext"`, `"apiframe"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Legnext => "legnext",
            Provider::Apiframe => "apiframe",
        }
    }

    /// The name people write (`Legnext`, `APIFrame`).
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Legnext => "Legnext",
            Provider::Apiframe => "APIFrame",
        }
    }

    /// The production base URL.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::Legnext => "https://api.legnext.ai",
            Provider::Apiframe => "https://api.apiframe.pro",
        }
    }

    /// Reads the `provider` option strictly (`"Legnext"` is refused with a hint).
    pub fn parse(value: &Input) -> Result<Provider> {
        let mut hint = ["", "", ""];
        if let Input::String(s) = value {
            match s.as_str() {
                "legnext" => return Ok(Provider::Legnext),
                "apiframe" => return Ok(Provider::Apiframe),
                _ => {}
            }
            // The names need no escaping: quoted by hand, one concatenation for the message.
            if let Some(k) = crate::input::suggest(s, &["legnext", "apiframe"]) {
                hint = [" (did you mean \"", k, "\"?)"];
            }
        }
        Err(Error::invalid(
            "provider",
            crate::input::cat(&[
                "provider must be \"legnext\" or \"apiframe\", got ",
                &value.describe(),
                hint[0],
                hint[1],
                hint[2],
            ]),
        ))
    }
}

/// A validated extension request for either provider.
#[derive(Debug, Clone, PartialEq)]
pub enum ExtendRequest {
    /// A Legnext request.
    Legnext(legnext::LegnextExtendRequest),
    /// An APIFrame request.
    Apiframe(apiframe::ApiframeExtendRequest),
}

impl ExtendRequest {
    /// Validates a JS request object for the client's provider.
    pub fn parse(provider: Provider, input: &Input) -> Result<Self> {
        // The object and its keys checked once for both providers (no coercion; unknown keys
        // refused with a hint), then each provider reads its fields.
        let f = crate::input::Fields::open("request", input)?;
        let (known, foreign) = match provider {
            Provider::Legnext => (legnext::KEYS, legnext::APIFRAME_ONLY),
            Provider::Apiframe => (apiframe::KEYS, apiframe::LEGNEXT_ONLY),
        };
        f.deny_unknown(known, foreign)?;
        match provider {
            Provider::Legnext => {
                legnext::LegnextExtendRequest::parse(&f).map(ExtendRequest::Legnext)
            }
            Provider::Apiframe => {
                apiframe::ApiframeExtendRequest::parse(&f).map(ExtendRequest::Apiframe)
            }
        }
    }

    /// Secrets carried by the request (the webhook secret), to keep out of errors and `raw`.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            ExtendRequest::Legnext(_) => vec![],
            ExtendRequest::Apiframe(r) => r.webhook_secret.iter().map(String::as_str).collect(),
        }
    }
}

/// The version sent in `x-video-extend-client`.
pub const CLIENT_VERSION: &str = concat!("video-extend/", env!("CARGO_PKG_VERSION"));

/// The headers every request carries, with the provider's auth header.
fn headers(opts: &ClientOptions, json_body: bool) -> Vec<(String, String)> {
    let mut h = Vec::with_capacity(4);
    // No key (a browser client behind a proxy that adds it): no auth header at all.
    if !opts.api_key.is_empty() {
        let name = match opts.provider {
            Provider::Legnext => "x-api-key",
            Provider::Apiframe => "authorization",
        };
        h.push((name.to_string(), opts.api_key.clone()));
    }
    h.push(("accept".to_string(), "application/json".to_string()));
    if json_body {
        h.push(("content-type".to_string(), "application/json".to_string()));
    }
    h.push((
        "x-video-extend-client".to_string(),
        CLIENT_VERSION.to_string(),
    ));
    h
}

/// Builds a request to `{base}{path}`.
pub(crate) fn request(
    opts: &ClientOptions,
    method: Method,
    path: &str,
    body: Option<Value>,
    operation: Operation,
) -> HttpRequest {
    HttpRequest {
        method,
        url: crate::input::cat(&[opts.base(), path]),
        headers: headers(opts, body.is_some()),
        body: body.as_ref().map(json::stringify),
        operation,
    }
}

/// The HTTP request that creates the extension job.
pub fn build_extend(opts: &ClientOptions, req: &ExtendRequest) -> HttpRequest {
    match req {
        ExtendRequest::Legnext(r) => legnext::build_extend(opts, r),
        ExtendRequest::Apiframe(r) => apiframe::build_extend(opts, r),
    }
}

/// Validates a task id and builds the request that reads the task.
pub fn build_fetch(opts: &ClientOptions, id: &Input) -> Result<HttpRequest> {
    match opts.provider {
        Provider::Legnext => legnext::build_fetch(opts, id),
        Provider::Apiframe => apiframe::build_fetch(opts, id),
    }
}

/// The largest response body read (a task is a few KB; anything near this is not a task).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Turns a response into a task, or into the error it stands for.
pub fn parse_response(
    provider: Provider,
    op: Operation,
    resp: &HttpResponse,
    secrets: &[&str],
) -> Result<Task> {
    let result = match provider {
        Provider::Legnext => legnext::parse_response(op, resp),
        Provider::Apiframe => apiframe::parse_response(op, resp),
    };
    match result {
        Ok(mut task) => {
            redact::redact_task(&mut task, secrets);
            Ok(task)
        }
        Err(e) => Err(e.with_provider(provider).redacted(secrets)),
    }
}

/// The JSON of a 2xx answer, or the error a non-2xx answer stands for, with the provider's
/// message that `message` reads from its body (an unreadable body is read as null: no message)
/// and the task id under `id_key`, when given and present. One copy for both providers.
pub(crate) fn success_json(
    provider: Provider,
    op: Operation,
    resp: &HttpResponse,
    message: fn(&Value) -> Option<String>,
    id_key: Option<&str>,
) -> Result<Value> {
    if !resp.is_success() {
        // A match, not unwrap_or: no default built (and dropped) when the body reads.
        let v = match body_json(op, resp) {
            Ok(v) => v,
            Err(_) => Value::Null,
        };
        let mut e = crate::http::status_error(provider, op, resp, message(&v));
        if let Some(id) = id_key.and_then(|k| str_field(&v, k)) {
            e.task_id = Some(id.to_string());
        }
        return Err(e);
    }
    body_json(op, resp)
}

/// Parses a response body as JSON, with the errors an unreadable body deserves.
/// After a create, an unreadable success body is ambiguous: the job may exist.
pub(crate) fn body_json(op: Operation, resp: &HttpResponse) -> Result<Value> {
    // A garbled read is worth one more try; a garbled create is not.
    let fail = |what: String| invalid_response(resp, op, "", &what, op == Operation::Read);
    let declared = match resp.header("content-length") {
        Some(v) => crate::input::digits(v.trim()).unwrap_or(0),
        None => 0,
    };
    let size = usize::try_from(declared)
        .unwrap_or(usize::MAX)
        .max(resp.body.len());
    if size > MAX_BODY_BYTES {
        // MAX_BODY_BYTES written out: one number less to write.
        const _: () = assert!(MAX_BODY_BYTES == 4194304);
        let mut message = String::from("a body of ");
        crate::input::push_decimal(&mut message, size as u64);
        message.push_str(" bytes, over the 4194304-byte limit");
        return Err(fail(message));
    }
    let text = lossy(&resp.body);
    if text.trim().is_empty() {
        return Err(fail("an empty body".into()));
    }
    json::parse(&text).map_err(|e| {
        // Described, not quoted: a quoted prefix could carry part of a secret past redaction.
        let kind = match e {
            JsonError::Truncated => "truncated JSON",
            JsonError::Invalid => "a body that is not JSON",
        };
        let ctype = resp.header("content-type").unwrap_or("no content-type");
        let ctype: String = ctype.chars().take(60).collect();
        let mut message = crate::input::cat(&[kind, " (", &ctype, ", "]);
        crate::input::push_decimal(&mut message, resp.body.len() as u64);
        message.push_str(" bytes)");
        fail(message)
    })
}

/// The bytes as UTF-8 text, each ill-formed sequence (its longest valid prefix, at least one
/// byte) replaced by U+FFFD: `String::from_utf8_lossy`'s result (and the WHATWG decoder's) from
/// one small loop, instead of std's chunk iterator and its copy-on-write (1 KB of wasm).
pub(crate) fn lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        // How many continuation bytes follow the lead byte, and the range of the first one.
        let mut more = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => 0,
        };
        let mut lo = match b {
            0xE0 => 0xA0,
            0xF0 => 0x90,
            _ => 0x80,
        };
        let mut hi = match b {
            0xED => 0x9F,
            0xF4 => 0x8F,
            _ => 0xBF,
        };
        // The lead byte's payload bits (an ASCII byte is its own code point).
        let mut c = u32::from(b) & (0x7F >> more);
        let mut ok = b < 0x80 || more > 0;
        while more > 0 {
            match bytes.get(i) {
                Some(&n) if (lo..=hi).contains(&n) => {
                    c = c << 6 | u32::from(n & 0x3F);
                    i += 1;
                    more -= 1;
                    (lo, hi) = (0x80, 0xBF);
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        out.push(if ok {
            char::from_u32(c).unwrap_or('\u{FFFD}')
        } else {
            '\u{FFFD}'
        });
    }
    out
}

/// A string field of a JSON object, if present and a non-empty string.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s),
        _ => None,
    }
}

/// The error for a success body that is JSON but not a task.
pub(crate) fn not_a_task(resp: &HttpResponse, op: Operation, what: &str) -> Error {
    invalid_response(resp, op, "JSON that is not a task: ", what, false)
}

/// An `invalid_response` error: the provider answered `resp` with `kind` then `what` (two pieces,
/// pushed in place). After a create, an unreadable success body is ambiguous: the job may exist.
fn invalid_response(
    resp: &HttpResponse,
    op: Operation,
    kind: &str,
    what: &str,
    retryable: bool,
) -> Error {
    let ambiguous = op == Operation::Create && resp.is_success();
    let mut message = String::from("the provider answered HTTP ");
    crate::input::push_decimal(&mut message, u64::from(resp.status));
    message.push_str(" with ");
    message.push_str(kind);
    message.push_str(what);
    if ambiguous {
        message.push_str(AMBIGUOUS_HINT);
    }
    let mut e = answer_error(ErrorCode::InvalidResponse, message, resp, retryable);
    e.ambiguous = ambiguous;
    e
}

#[cfg(test)]
mod tests {
    use super::lossy;

    #[test]
    fn lossy_decoding_is_std_s() {
        // Every sequence of up to four bytes from an alphabet of each class's edges, and longer
        // pseudo-random runs of the same bytes.
        let edges: &[u8] = &[
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
        ];
        let check = |bytes: &[u8]| {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:x?}");
        };
        check(b"");
        check("plain é 😀 \u{10FFFF}".as_bytes());
        for &a in edges {
            check(&[a]);
            for &b in edges {
                check(&[a, b]);
                for &c in edges {
                    check(&[a, b, c]);
                    for &d in edges {
                        check(&[a, b, c, d]);
                    }
                }
            }
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut bytes = Vec::new();
            for _ in 0..(seed % 9) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                bytes.push(edges[(seed % edges.len() as u64) as usize]);
            }
            check(&bytes);
        }
    }
}
