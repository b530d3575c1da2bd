//! A small owned HTTP response type that handlers build and the router finishes (CORS, request id).

use bytes::Bytes;
use hyper::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use hyper::{HeaderMap, StatusCode};
use serde::Serialize;

pub const JSON: &str = "application/json";

/// A complete response before the router adds the common headers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    /// A body with the given content type.
    pub fn raw(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Reply {
        Reply::empty(status)
            .header(CONTENT_TYPE, content_type)
            .with_body(body)
    }

    /// No body.
    pub fn empty(status: StatusCode) -> Reply {
        Reply {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// `value` serialized as JSON; a serialization failure becomes `500 {}`.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::raw(status, JSON, body),
            Err(_) => Reply::raw(StatusCode::INTERNAL_SERVER_ERROR, JSON, "{}"),
        }
    }

    /// Sets (replaces) a header; invalid values are skipped.
    pub fn header(mut self, name: HeaderName, value: &str) -> Reply {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(name, v);
        }
        self
    }

    pub fn with_body(mut self, body: impl Into<Bytes>) -> Reply {
        self.body = body.into();
        self
    }
}

/// Builds a status from a number known to be valid, falling back to 500.
pub fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
