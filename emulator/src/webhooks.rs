//! Callback (Legnext) and webhook (APIFrame) delivery: per-job timers, loopback guard, retries, log.

use crate::apiframe;
use crate::jobs::Provider;
use crate::legnext;
use crate::reply::JSON;
use crate::state::{State, WebhookRecord};
use crate::urls::{self, Target};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{CONTENT_TYPE, HOST, USER_AGENT};
use hyper::Request;
use hyper_util::rt::TokioIo;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::time::{sleep, sleep_until, timeout};

/// Waits before the 2nd, 3rd and 4th attempts.
pub const BACKOFF_MS: [u64; 3] = [250, 500, 1000];
/// Points of the job time at which APIFrame progress updates are posted (the last one is the result).
const APIFRAME_POINTS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// Posts the Legnext task envelope to the job's `callback` once it has finished.
pub fn schedule_legnext(state: Arc<State>, job_id: String) {
    tokio::spawn(async move {
        let t = state.job_seconds();
        let (finish, url) = {
            let g = state.lock();
            match g.jobs.get(Provider::Legnext, &job_id) {
                Some(j) => (j.finishes_at(t), j.callback.clone()),
                None => return,
            }
        };
        let Some(url) = url else { return };
        sleep_until(finish.into()).await;
        let body = {
            let g = state.lock();
            let Some(job) = g.jobs.get(Provider::Legnext, &job_id) else {
                return;
            };
            serde_json::to_string(&legnext::envelope(job, Instant::now(), t, &job.base_url))
        };
        if let Ok(body) = body {
            deliver(&state, "legnext", &job_id, &url, None, body).await;
        }
    });
}

/// Posts APIFrame progress updates and the final result to the job's `webhook_url`.
pub fn schedule_apiframe(state: Arc<State>, job_id: String) {
    tokio::spawn(async move {
        let t = state.job_seconds();
        for point in APIFRAME_POINTS {
            let (at, url, secret) = {
                let g = state.lock();
                match g.jobs.get(Provider::Apiframe, &job_id) {
                    Some(j) => (
                        j.created + Duration::from_secs_f64(t * point),
                        j.callback.clone(),
                        j.webhook_secret.clone(),
                    ),
                    None => return,
                }
            };
            let Some(url) = url else { return };
            sleep_until(at.into()).await;
            let body = {
                let g = state.lock();
                let Some(job) = g.jobs.get(Provider::Apiframe, &job_id) else {
                    return;
                };
                serde_json::to_string(&apiframe::view(job, Instant::now(), t, &job.base_url))
            };
            if let Ok(body) = body {
                deliver(&state, "apiframe", &job_id, &url, secret.as_deref(), body).await;
            }
        }
    });
}

/// Delivers one POST with retries and records it in the webhook log.
async fn deliver(
    state: &State,
    provider: &'static str,
    job_id: &str,
    url: &str,
    secret: Option<&str>,
    body: String,
) {
    let mut headers = BTreeMap::new();
    headers.insert("content-type".to_string(), JSON.to_string());
    headers.insert(
        "user-agent".to_string(),
        "video-extend-emulator".to_string(),
    );
    if secret.is_some() {
        headers.insert("x-webhook-secret".to_string(), "[redacted]".to_string());
    }
    let mut rec = WebhookRecord {
        id: 0,
        provider,
        job_id: job_id.to_string(),
        url: url.to_string(),
        headers,
        body: body.clone(),
        attempts: 0,
        status: None,
        error: None,
        refused: false,
        delivered: false,
    };
    let target = match urls::parse_http_url(url) {
        Some(t) => t,
        None => {
            rec.error = Some("invalid URL".to_string());
            state.lock().push_webhook(rec);
            return;
        }
    };
    if !state.config.allow_remote_webhooks && !urls::is_loopback_host(&target.host) {
        rec.refused = true;
        rec.error = Some(format!(
            "refused: {} is not a loopback host (start the emulator with --allow-remote-webhooks)",
            target.host
        ));
        state.log(&format!(
            "{provider} delivery for job {job_id} refused (non-loopback host)"
        ));
        state.lock().push_webhook(rec);
        return;
    }
    if target.https {
        rec.error = Some("https delivery is not supported by the emulator".to_string());
        state.lock().push_webhook(rec);
        return;
    }
    let id = state.lock().push_webhook(rec);
    for attempt in 0..=BACKOFF_MS.len() {
        if attempt > 0 {
            sleep(Duration::from_millis(BACKOFF_MS[attempt - 1])).await;
        }
        let result = post_once(&target, secret, &body).await;
        let ok = matches!(result, Ok(code) if (200..300).contains(&code));
        {
            let mut g = state.lock();
            let Some(r) = g.webhook_mut(id) else {
                return; // the log was reset: stop delivering
            };
            r.attempts = attempt as u32 + 1;
            match &result {
                Ok(code) => {
                    r.status = Some(*code);
                    r.error = None;
                }
                Err(e) => {
                    r.status = None;
                    r.error = Some(e.clone());
                }
            }
            r.delivered = ok;
        }
        state.log(&format!(
            "{provider} delivery for job {job_id} attempt {}: {}",
            attempt + 1,
            match &result {
                Ok(c) => c.to_string(),
                Err(e) => e.clone(),
            }
        ));
        if ok {
            return;
        }
    }
}

/// One HTTP/1.1 POST over a fresh connection; returns the response status.
async fn post_once(t: &Target, secret: Option<&str>, body: &str) -> Result<u16, String> {
    let stream = timeout(
        Duration::from_secs(5),
        TcpStream::connect((t.host.as_str(), t.port)),
    )
    .await
    .map_err(|_| "connect timed out".to_string())?
    .map_err(|e| format!("connect failed: {e}"))?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("handshake failed: {e}"))?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let mut req = Request::post(t.path_and_query.as_str())
        .header(HOST, t.authority.as_str())
        .header(CONTENT_TYPE, JSON)
        .header(USER_AGENT, "video-extend-emulator");
    if let Some(s) = secret {
        req = req.header("x-webhook-secret", s);
    }
    let req = req
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| format!("bad request: {e}"))?;
    let result = match timeout(Duration::from_secs(10), sender.send_request(req)).await {
        Err(_) => Err("timed out waiting for the response".to_string()),
        Ok(Err(e)) => Err(format!("request failed: {e}")),
        Ok(Ok(res)) => {
            let code = res.status().as_u16();
            let _ = timeout(Duration::from_secs(2), res.into_body().collect()).await;
            Ok(code)
        }
    };
    driver.abort();
    result
}
