//! Injected faults: the rules set through `/__emulator/faults` and the responses they produce.

use crate::legnext;
use crate::reply::{Reply, JSON};
use bytes::{BufMut, Bytes, BytesMut};
use hyper::header::{CONTENT_TYPE, RETRY_AFTER};
use hyper::StatusCode;
use serde::Serialize;
use serde_json::Value;

/// Every fault the emulator can inject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    RateLimited,
    ServerError,
    BadGateway,
    Unavailable,
    Slow,
    Hang,
    ResetBefore,
    ResetAfter,
    MalformedJson,
    HtmlError,
    WrongContentType,
    HugeBody,
    Forbidden,
}

pub const ALL: [Fault; 13] = [
    Fault::RateLimited,
    Fault::ServerError,
    Fault::BadGateway,
    Fault::Unavailable,
    Fault::Slow,
    Fault::Hang,
    Fault::ResetBefore,
    Fault::ResetAfter,
    Fault::MalformedJson,
    Fault::HtmlError,
    Fault::WrongContentType,
    Fault::HugeBody,
    Fault::Forbidden,
];

/// Size of the `huge_body` padding.
pub const HUGE_BYTES: usize = 20 * 1024 * 1024;

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::RateLimited => "rate_limited",
            Fault::ServerError => "server_error",
            Fault::BadGateway => "bad_gateway",
            Fault::Unavailable => "unavailable",
            Fault::Slow => "slow",
            Fault::Hang => "hang",
            Fault::ResetBefore => "reset_before",
            Fault::ResetAfter => "reset_after",
            Fault::MalformedJson => "malformed_json",
            Fault::HtmlError => "html_error",
            Fault::WrongContentType => "wrong_content_type",
            Fault::HugeBody => "huge_body",
            Fault::Forbidden => "forbidden",
        }
    }

    pub fn parse(s: &str) -> Option<Fault> {
        ALL.into_iter().find(|f| f.name() == s)
    }
}

/// A pending fault: the next `remaining` matching requests get `fault`.
#[derive(Debug, Clone)]
pub struct FaultRule {
    pub method: String,
    pub path: String,
    pub fault: Fault,
    pub remaining: u32,
    pub delay_ms: u64,
}

/// How a rule is shown by the control API.
#[derive(Debug, Serialize)]
pub struct RuleView {
    #[serde(rename = "match")]
    pub matches: String,
    pub fault: &'static str,
    pub count: u32,
    #[serde(rename = "delayMs")]
    pub delay_ms: u64,
}

impl FaultRule {
    pub fn view(&self) -> RuleView {
        RuleView {
            matches: format!("{} {}", self.method, self.path),
            fault: self.fault.name(),
            count: self.remaining,
            delay_ms: self.delay_ms,
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = if self.method == "*" {
            // A browser preflight never consumes a wildcard fault.
            method != "OPTIONS"
        } else {
            self.method.eq_ignore_ascii_case(method)
        };
        method_ok && path.starts_with(&self.path)
    }
}

/// Parses the body of `POST /__emulator/faults`.
pub fn parse_rule(body: &[u8]) -> Result<FaultRule, String> {
    let v: Value = serde_json::from_slice(body).map_err(|_| "body must be a JSON object")?;
    let m = v
        .get("match")
        .and_then(Value::as_str)
        .ok_or("\"match\" must be a string like \"POST /api/v1/extend-video\"")?
        .trim();
    let (method, path) = match m.split_once(char::is_whitespace) {
        Some((meth, p)) => (meth.to_ascii_uppercase(), p.trim().to_string()),
        None if m.starts_with('/') => ("*".to_string(), m.to_string()),
        None => (m.to_ascii_uppercase(), "/".to_string()),
    };
    let path = if path == "*" { "/".to_string() } else { path };
    if !path.starts_with('/') {
        return Err("the path in \"match\" must start with /".to_string());
    }
    let name = v
        .get("fault")
        .and_then(Value::as_str)
        .ok_or("\"fault\" must be a string")?;
    let fault = Fault::parse(name).ok_or_else(|| {
        let names: Vec<&str> = ALL.iter().map(|f| f.name()).collect();
        format!("unknown fault {name:?}; known: {}", names.join(", "))
    })?;
    let count = match v.get("count") {
        None | Some(Value::Null) => 1,
        Some(c) => c
            .as_u64()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or("\"count\" must be an integer from 1")? as u32,
    };
    let delay_ms = match v.get("delayMs") {
        None | Some(Value::Null) => 2000,
        Some(d) => d
            .as_u64()
            .filter(|n| *n <= 600_000)
            .ok_or("\"delayMs\" must be an integer of milliseconds (at most 600000)")?,
    };
    Ok(FaultRule {
        method,
        path,
        fault,
        remaining: count,
        delay_ms,
    })
}

/// Consumes one use of the first rule matching the request.
pub fn take(rules: &mut Vec<FaultRule>, method: &str, path: &str) -> Option<(Fault, u64)> {
    let i = rules.iter().position(|r| r.matches(method, path))?;
    let r = &mut rules[i];
    let out = (r.fault, r.delay_ms);
    r.remaining = r.remaining.saturating_sub(1);
    if r.remaining == 0 {
        rules.remove(i);
    }
    Some(out)
}

/// Which error shape a path speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Legnext,
    Apiframe,
}

pub fn shape_of(path: &str) -> Shape {
    if path.starts_with("/api/") {
        Shape::Legnext
    } else {
        Shape::Apiframe
    }
}

fn provider_error(shape: Shape, code: u16, msg: &str) -> Reply {
    let status = crate::reply::status(code);
    match shape {
        Shape::Legnext => legnext::error_reply(status, msg),
        Shape::Apiframe if code == 500 => Reply::raw(status, JSON, "{}"),
        Shape::Apiframe => Reply::json(status, &serde_json::json!({"errors": [{"msg": msg}]})),
    }
}

/// The response of a fault that answers instead of the handler, if `f` is one.
pub fn replacement(f: Fault, shape: Shape) -> Option<Reply> {
    let retry = |r: Reply| r.header(RETRY_AFTER, "1");
    Some(match f {
        Fault::RateLimited => retry(provider_error(shape, 429, "rate limited (emulated)")),
        Fault::ServerError => provider_error(shape, 500, "internal server error (emulated)"),
        Fault::BadGateway => provider_error(shape, 502, "bad gateway (emulated)"),
        Fault::Unavailable => retry(provider_error(
            shape,
            503,
            "service unavailable (emulated)",
        )),
        Fault::Forbidden => provider_error(shape, 403, "forbidden (emulated)"),
        Fault::HtmlError => Reply::raw(
            StatusCode::BAD_GATEWAY,
            "text/html; charset=utf-8",
            "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
             <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>\n",
        ),
        _ => return None,
    })
}

/// Rewrites a normally produced reply for the faults that alter the body or headers.
pub fn transform(f: Fault, reply: Reply) -> Reply {
    match f {
        Fault::MalformedJson => {
            let cut = (reply.body.len() / 2).max(1).min(reply.body.len());
            let body = if reply.body.is_empty() {
                Bytes::from_static(b"{\"task")
            } else {
                reply.body.slice(..cut)
            };
            Reply::raw(StatusCode::OK, JSON, body)
        }
        Fault::WrongContentType => reply.header(CONTENT_TYPE, "text/plain"),
        Fault::HugeBody => {
            let mut b = BytesMut::with_capacity(HUGE_BYTES + reply.body.len() + 32);
            b.put_slice(b"{\"_padding\":\"");
            b.put_bytes(b'x', HUGE_BYTES);
            b.put_slice(b"\"");
            match reply.body.strip_prefix(b"{") {
                Some(rest) if rest.trim_ascii_start() != b"}" => {
                    b.put_slice(b",");
                    b.put_slice(rest);
                }
                Some(_) => b.put_slice(b"}"),
                None if reply.body.is_empty() => b.put_slice(b"}"),
                None => {
                    b.put_slice(b",\"body\":");
                    b.put_slice(&reply.body);
                    b.put_slice(b"}");
                }
            }
            let mut r = reply;
            r.status = StatusCode::OK;
            r.body = b.freeze();
            r.header(CONTENT_TYPE, JSON)
        }
        _ => reply,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_match_and_expire() {
        let mut rules = vec![parse_rule(
            br#"{"match":"POST /api/v1/extend-video","fault":"slow","count":2,"delayMs":5}"#,
        )
        .expect("rule")];
        assert!(take(&mut rules, "GET", "/api/v1/extend-video").is_none());
        assert_eq!(
            take(&mut rules, "POST", "/api/v1/extend-video"),
            Some((Fault::Slow, 5))
        );
        assert_eq!(rules[0].remaining, 1);
        assert!(take(&mut rules, "POST", "/api/v1/extend-video").is_some());
        assert!(rules.is_empty());
        assert!(parse_rule(br#"{"match":"* /","fault":"nope"}"#).is_err());
        let any = parse_rule(br#"{"match":"* /fetch","fault":"hang"}"#).expect("any");
        assert_eq!(any.method, "*");
    }

    #[test]
    fn huge_body_stays_valid_json() {
        let r = transform(
            Fault::HugeBody,
            Reply::raw(StatusCode::OK, JSON, r#"{"task_id":"x"}"#),
        );
        assert!(r.body.len() > HUGE_BYTES);
        let v: Value = serde_json::from_slice(&r.body).expect("json");
        assert_eq!(v["task_id"], "x");
        let m = transform(
            Fault::MalformedJson,
            Reply::raw(StatusCode::OK, JSON, r#"{"task_id":"x"}"#),
        );
        assert!(serde_json::from_slice::<Value>(&m.body).is_err());
    }
}
