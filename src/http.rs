//! HTTP requests and responses as plain values, and the mapping of HTTP failures to errors.

use crate::error::{Error, ErrorCode};
use crate::prelude::*;
use crate::provider::Provider;

/// The HTTP method of a request (the providers only use these two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Whether a call creates a paid job (never repeated after it may have reached the provider)
/// or only reads (safe to repeat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Creates a paid job (`extendVideo`).
    Create,
    /// Reads state (`fetchTask`, polls).
    Read,
}

/// A request ready for the transport.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// GET or POST.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Header names (lowercase) and values, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The JSON body, when there is one.
    pub body: Option<String>,
    /// Create or read: decides what may be retried.
    pub operation: Operation,
}

impl HttpRequest {
    /// The value of a header (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// A response as the transport received it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The value of a header (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The provider's request id, from the usual headers.
    pub fn request_id(&self) -> Option<String> {
        ["x-request-id", "request-id", "x-amzn-requestid", "cf-ray"]
            .iter()
            .find_map(|h| self.header(h))
            .map(str::to_string)
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The error for a non-2xx status. `provider_message` is what the provider's body said.
///
/// A read is retryable on 408, 409, 429 and 5xx. A create is retryable only on 429 (the provider
/// refused before creating anything); after a 5xx or 408 a paid job may exist, so it is
/// `ambiguous` and not retryable.
pub fn status_error(
    provider: Provider,
    op: Operation,
    resp: &HttpResponse,
    provider_message: Option<String>,
) -> Error {
    let status = resp.status;
    let (code, what) = status_kind(status);
    let transient = matches!(status, 408 | 409 | 429 | 500..=599);
    let (retryable, ambiguous) = match op {
        Operation::Read => (transient, false),
        Operation::Create => (status == 429, transient && status != 429),
    };
    let mut message = crate::input::cat(&[what, " (HTTP "]);
    crate::input::push_decimal(&mut message, u64::from(status));
    message.push(')');
    crate::error::push_detail(
        &mut message,
        provider_message.as_deref().filter(|m| !m.is_empty()),
    );
    if ambiguous {
        message.push_str(AMBIGUOUS_HINT);
    }
    let mut e = answer_error(code, message, resp, retryable).with_provider(provider);
    e.ambiguous = ambiguous;
    e.provider_message = provider_message;
    e
}

/// An error about the answer `resp`, with its status and request id.
pub(crate) fn answer_error(
    code: ErrorCode,
    message: String,
    resp: &HttpResponse,
    retryable: bool,
) -> Error {
    let mut e = Error::new(code, message)
        .with_status(resp.status)
        .with_retryable(retryable);
    e.request_id = resp.request_id();
    e
}

/// The error code an HTTP status stands for, and what it means in words (also used for the
/// codes of Legnext's error envelopes).
pub(crate) fn status_kind(status: u16) -> (ErrorCode, &'static str) {
    match status {
        400 | 422 => (
            ErrorCode::InvalidRequest,
            "the provider rejected the request",
        ),
        401 => (
            ErrorCode::Authentication,
            "the provider refused the API key",
        ),
        403 => (
            ErrorCode::Permission,
            "the API key is not allowed to do this",
        ),
        404 => (
            ErrorCode::NotFound,
            "the provider does not know this task or parent",
        ),
        408 => (
            ErrorCode::Timeout,
            "the provider timed out reading the request",
        ),
        429 => (
            ErrorCode::RateLimited,
            "the provider is rate limiting this key",
        ),
        500..=599 => (ErrorCode::ProviderError, "the provider failed"),
        _ => (
            ErrorCode::ProviderError,
            "the provider answered with an unexpected status",
        ),
    }
}

/// Appended to every ambiguous create failure.
pub const AMBIGUOUS_HINT: &str = "; a job may have been created and charged: it was not retried. \
Check your callback/webhook or the provider's job list before extending again";

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("X-Request-Id".into(), "req_9".into())],
            body: vec![],
        }
    }

    #[test]
    fn status_table() {
        use ErrorCode::*;
        use Operation::*;
        let table = [
            // status, op, code, retryable, ambiguous
            (400, Read, InvalidRequest, false, false),
            (401, Create, Authentication, false, false),
            (403, Read, Permission, false, false),
            (404, Read, NotFound, false, false),
            (408, Read, Timeout, true, false),
            (408, Create, Timeout, false, true),
            (409, Read, ProviderError, true, false),
            (429, Read, RateLimited, true, false),
            (429, Create, RateLimited, true, false),
            (500, Read, ProviderError, true, false),
            (500, Create, ProviderError, false, true),
            (502, Create, ProviderError, false, true),
            (503, Read, ProviderError, true, false),
            (418, Read, ProviderError, false, false),
        ];
        for (status, op, code, retryable, ambiguous) in table {
            let e = status_error(Provider::Legnext, op, &resp(status), Some("why".into()));
            assert_eq!(e.code, code, "{status} {op:?}");
            assert_eq!(e.retryable, retryable, "{status} {op:?}");
            assert_eq!(e.ambiguous, ambiguous, "{status} {op:?}");
            assert_eq!(e.status, Some(status));
            assert_eq!(e.request_id.as_deref(), Some("req_9"));
            assert!(e.message.contains("why"));
            assert_eq!(e.message.contains("not retried"), ambiguous);
        }
    }
}
