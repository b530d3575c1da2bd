//! Per-request flow: id, body, request log, faults, dispatch to the provider handlers, CORS.

use crate::faults::{self, Fault};
use crate::reply::Reply;
use crate::state::{RequestRecord, State};
use crate::{apiframe, control, legnext, media, statics};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue};
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use serde_json::json;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Largest request body read (bigger ones get 413).
const MAX_BODY: usize = 1024 * 1024;
pub const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
pub const ALLOW_HEADERS: &str = "content-type, x-api-key, authorization, x-video-extend-client";
pub const EXPOSE_HEADERS: &str = "x-request-id, retry-after, retry-after-ms";

/// Which kind of route a request is, for logging and faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Control,
    Media,
    Static,
    /// Provider endpoints and unknown non-GET paths: logged.
    Api,
}

fn route_of(method: &Method, path: &str) -> Route {
    let api =
        path.starts_with("/api/") || matches!(path, "/luma-extend" | "/fetch" | "/fetch-many");
    let read = method == Method::GET || method == Method::HEAD;
    if path.starts_with("/__emulator/") {
        Route::Control
    } else if api || !read {
        Route::Api
    } else if path.starts_with("/media/") {
        Route::Media
    } else {
        Route::Static
    }
}

/// `http://host:port` as the client addressed us (Host header), else the bound address.
fn base_url(headers: &HeaderMap, state: &State) -> String {
    let host = headers
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]_".contains(c))
        });
    match host {
        Some(h) => format!("http://{h}"),
        None => format!("http://{}", state.local_addr),
    }
}

fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let key = name.as_str().to_ascii_lowercase();
        let v = if key == "x-api-key" || key == "authorization" {
            "[redacted]".to_string()
        } else {
            String::from_utf8_lossy(value.as_bytes()).into_owned()
        };
        out.entry(key)
            .and_modify(|e| {
                e.push_str(", ");
                e.push_str(&v);
            })
            .or_insert(v);
    }
    out
}

fn dispatch(
    state: &Arc<State>,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
    base: &str,
) -> Reply {
    let post = method == Method::POST;
    let read = method == Method::GET || method == Method::HEAD;
    match path {
        "/api/v1/extend-video" if post => legnext::extend(state, headers, body, base),
        p if read && p.starts_with("/api/v1/job/") => {
            legnext::get_job(state, headers, &p["/api/v1/job/".len()..], base)
        }
        "/api/v1/extend-video" => {
            legnext::error_reply(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
        }
        p if p.starts_with("/api/") => {
            legnext::error_reply(StatusCode::NOT_FOUND, &format!("no such endpoint: {p}"))
        }
        "/luma-extend" if post => apiframe::extend(state, headers, body, base),
        "/fetch" if post => apiframe::fetch(state, headers, body, base),
        "/fetch-many" if post => apiframe::fetch_many(state, headers, body, base),
        "/luma-extend" | "/fetch" | "/fetch-many" => Reply::json(
            StatusCode::METHOD_NOT_ALLOWED,
            &json!({"errors": [{"msg": "method not allowed"}]}),
        ),
        p if read && p.starts_with("/media/") => media::serve(&p["/media/".len()..], headers),
        p if read => statics::serve(state.config.www.as_deref(), state.config.pkg.as_deref(), p),
        _ => Reply::json(
            StatusCode::NOT_FOUND,
            &json!({"errors": [{"msg": "not found"}]}),
        ),
    }
}

fn preflight() -> Reply {
    Reply::empty(StatusCode::NO_CONTENT)
        .header(
            HeaderName::from_static("access-control-allow-methods"),
            ALLOW_METHODS,
        )
        .header(
            HeaderName::from_static("access-control-allow-headers"),
            ALLOW_HEADERS,
        )
        .header(HeaderName::from_static("access-control-max-age"), "600")
}

/// Adds the request id and CORS headers and builds the hyper response.
fn finish(n: u64, reply: Reply) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(reply.body));
    *res.status_mut() = reply.status;
    let h = res.headers_mut();
    *h = reply.headers;
    let mut set = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    set("x-request-id", format!("req_{n}"));
    set("access-control-allow-origin", "*".to_string());
    set("access-control-expose-headers", EXPOSE_HEADERS.to_string());
    res
}

/// Never completes: the connection is dropped by its task or by the client.
async fn stall() -> Response<Full<Bytes>> {
    std::future::pending::<()>().await;
    Response::new(Full::new(Bytes::new()))
}

/// Handles one HTTP request. `drop_conn` asks the connection task to reset the TCP stream.
pub async fn handle(
    state: Arc<State>,
    drop_conn: Arc<Notify>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let n = state.next_request_id();
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => {
            let r = Reply::json(
                StatusCode::PAYLOAD_TOO_LARGE,
                &json!({"errors": [{"msg": "request body too large"}]}),
            );
            return Ok(finish(n, r));
        }
    };
    if method == Method::OPTIONS {
        return Ok(finish(n, preflight()));
    }
    let route = route_of(&method, &path);
    if route == Route::Control {
        return Ok(finish(n, control::handle(&state, &method, &path, &body)));
    }
    let logged = route == Route::Api;
    let fault = {
        let mut g = state.lock();
        let fault = faults::take(&mut g.faults, method.as_str(), &path);
        if logged {
            g.requests.push(RequestRecord {
                seq: n,
                method: method.to_string(),
                path: path.clone(),
                query: parts.uri.query().map(str::to_string),
                headers: header_map(&parts.headers),
                body: String::from_utf8_lossy(&body).into_owned(),
                status: None,
                fault: fault.map(|(f, _)| f.name()),
            });
        }
        fault
    };
    let fault_note = fault
        .map(|(f, _)| format!(" [fault {}]", f.name()))
        .unwrap_or_default();
    let reply = match fault {
        Some((Fault::ResetBefore, _)) => {
            state.log(&format!(
                "req_{n} {method} {path} -> connection reset{fault_note}"
            ));
            drop_conn.notify_one();
            return Ok(stall().await);
        }
        Some((Fault::Hang, _)) => {
            state.log(&format!("req_{n} {method} {path} -> hanging{fault_note}"));
            return Ok(stall().await);
        }
        Some((f, _)) => match faults::replacement(f, faults::shape_of(&path)) {
            Some(r) => r,
            None => dispatch(
                &state,
                &method,
                &path,
                &parts.headers,
                &body,
                &base_url(&parts.headers, &state),
            ),
        },
        None => dispatch(
            &state,
            &method,
            &path,
            &parts.headers,
            &body,
            &base_url(&parts.headers, &state),
        ),
    };
    let reply = match fault {
        Some((Fault::Slow, delay_ms)) => {
            tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            reply
        }
        Some((Fault::ResetAfter, _)) => {
            state.log(&format!(
                "req_{n} {method} {path} -> handled ({}), then connection reset{fault_note}",
                reply.status.as_u16()
            ));
            drop_conn.notify_one();
            return Ok(stall().await);
        }
        Some((f, _)) => faults::transform(f, reply),
        None => reply,
    };
    if logged {
        if let Some(r) = state.lock().request_mut(n) {
            r.status = Some(reply.status.as_u16());
        }
        state.log(&format!(
            "req_{n} {method} {path} -> {}{fault_note}",
            reply.status.as_u16()
        ));
    }
    Ok(finish(n, reply))
}
