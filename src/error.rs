//! The one error type of the SDK: a stable code, the HTTP facts, and the retry / ambiguity flags.

#[cfg(target_arch = "wasm32")]
use crate::js::tsify;
use crate::prelude::*;
use crate::provider::Provider;
use core::fmt;
use serde::Serialize;

/// Stable, machine-readable failure classes. The string form (`as_str`) is the JS `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The input broke a rule; nothing was sent (or the provider rejected the request as invalid).
    InvalidRequest,
    /// The provider refused the API key (HTTP 401).
    Authentication,
    /// The key is valid but not allowed to do this (HTTP 403, or a Legnext envelope with code 403).
    Permission,
    /// The task or parent does not exist (HTTP 404).
    NotFound,
    /// Too many requests (HTTP 429).
    RateLimited,
    /// The provider failed (HTTP 5xx, 409, or another unexpected status).
    ProviderError,
    /// The provider answered, but not with a body this SDK can read.
    InvalidResponse,
    /// The request or the wait took longer than allowed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The connection failed.
    Network,
    /// The task finished with status `failed`.
    TaskFailed,
    /// A webhook could not be verified or read.
    InvalidWebhook,
}

impl ErrorCode {
    /// The stable string used as the JS `code` property.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::Authentication => "authentication",
            ErrorCode::Permission => "permission",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::ProviderError => "provider_error",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Network => "network",
            ErrorCode::TaskFailed => "task_failed",
            ErrorCode::InvalidWebhook => "invalid_webhook",
        }
    }
}

/// A failure ([`ErrorData`] in a box): one pointer wide, so `Result`s and the futures that hold them
/// stay small (boxing it took 3.8 KB gzip off the wasm). Reads and writes reach the fields of
/// [`ErrorData`] through `Deref`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Error(Box<ErrorData>);

impl core::ops::Deref for Error {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl core::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

/// Every failure the SDK reports. In JS it becomes a `VideoExtendError` with these properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[cfg_attr(target_arch = "wasm32", tsify(rename = "VideoExtendErrorData"))]
#[serde(rename_all = "camelCase")]
pub struct ErrorData {
    /// The stable failure class.
    pub code: ErrorCode,
    /// A lowercase-first sentence saying what went wrong and, where useful, what to do.
    pub message: String,
    /// The input field at fault, for `invalid_request` raised before sending (e.g. `"videoNo"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The HTTP status, when a response arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Whether sending the same call again may succeed and cannot create a second paid job.
    pub retryable: bool,
    /// True when a paid job may or may not have been created (e.g. a timeout after sending).
    pub ambiguous: bool,
    /// The provider's request id, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The provider's own error message, as sent (secrets removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_message: Option<String>,
    /// The provider that answered (or would have).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// The task concerned, when one is known, so a paid job is never lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// For `extendChain`: the step that failed, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<u32>,
    /// For `extendChain`: pass this as `resumeFrom` to continue without paying again for the
    /// finished steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resume_from: Option<crate::lifecycle::ChainProgress>,
}

impl Error {
    /// A bare error of the given class.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error(Box::new(ErrorData {
            code,
            message: message.into(),
            field: None,
            status: None,
            retryable: false,
            ambiguous: false,
            request_id: None,
            provider_message: None,
            provider: None,
            task_id: None,
            step: None,
            resume_from: None,
        }))
    }

    /// An `invalid_request` naming the field at fault.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Error::new(ErrorCode::InvalidRequest, message);
        e.field = Some(field.into());
        e
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the retryable flag.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// Sets the provider.
    pub fn with_provider(mut self, provider: Provider) -> Self {
        self.provider = Some(provider);
        self
    }

    /// Sets the task id.
    pub fn with_task_id(mut self, task_id: impl Into<String>) -> Self {
        self.task_id = Some(task_id.into());
        self
    }

    /// Replaces every occurrence of each secret in every text this error carries.
    pub fn redacted(mut self, secrets: &[&str]) -> Self {
        let scrub = |s: &mut String| crate::redact::scrub_in_place(s, secrets);
        scrub(&mut self.message);
        if let Some(f) = self.field.as_mut() {
            scrub(f);
        }
        if let Some(m) = self.provider_message.as_mut() {
            scrub(m);
        }
        if let Some(r) = self.request_id.as_mut() {
            scrub(r);
        }
        if let Some(t) = self.task_id.as_mut() {
            scrub(t);
        }
        self
    }
}

/// Appends `": {detail}"` to `message` when there is a detail (one builder for every message that
/// quotes the provider).
pub(crate) fn push_detail(message: &mut String, detail: Option<&str>) {
    if let Some(d) = detail {
        message.push_str(": ");
        message.push_str(d);
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl core::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_strings() {
        let all = [
            (ErrorCode::InvalidRequest, "invalid_request"),
            (ErrorCode::Authentication, "authentication"),
            (ErrorCode::Permission, "permission"),
            (ErrorCode::NotFound, "not_found"),
            (ErrorCode::RateLimited, "rate_limited"),
            (ErrorCode::ProviderError, "provider_error"),
            (ErrorCode::InvalidResponse, "invalid_response"),
            (ErrorCode::Timeout, "timeout"),
            (ErrorCode::Aborted, "aborted"),
            (ErrorCode::Network, "network"),
            (ErrorCode::TaskFailed, "task_failed"),
            (ErrorCode::InvalidWebhook, "invalid_webhook"),
        ];
        for (code, s) in all {
            assert_eq!(code.as_str(), s);
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::json!(s)));
        }
    }

    #[test]
    fn redaction_covers_every_text() {
        let mut e = Error::invalid("jobId", "jobId must be a UUID, got \"sk-secret\"");
        e.provider_message = Some("key sk-secret rejected".into());
        let e = e.redacted(&["sk-secret"]);
        assert!(!e.message.contains("sk-secret"));
        assert!(!e
            .provider_message
            .clone()
            .unwrap_or_default()
            .contains("sk-secret"));
        assert!(e.message.contains("[redacted]"));
    }
}
