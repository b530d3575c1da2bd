//! The `/__emulator/*` control and introspection API (no API key needed).

use crate::faults::{self, RuleView};
use crate::jobs::JobSummary;
use crate::reply::Reply;
use crate::state::State;
use hyper::{Method, StatusCode};
use serde_json::json;
use std::time::Instant;

fn faults_list(state: &State) -> Reply {
    let list: Vec<RuleView> = state.lock().faults.iter().map(|r| r.view()).collect();
    Reply::json(StatusCode::OK, &list)
}

/// Handles one control request; `path` starts with `/__emulator/`.
pub fn handle(state: &State, method: &Method, path: &str, body: &[u8]) -> Reply {
    let name = path
        .trim_start_matches("/__emulator/")
        .trim_end_matches('/');
    match (method, name) {
        (&Method::GET, "requests") => Reply::json(StatusCode::OK, &state.lock().requests),
        (&Method::GET, "webhooks") => Reply::json(StatusCode::OK, &state.lock().webhooks),
        (&Method::GET, "jobs") => {
            let now = Instant::now();
            let t = state.job_seconds();
            let jobs: Vec<JobSummary> = state
                .lock()
                .jobs
                .all()
                .iter()
                .map(|j| j.summary(now, t))
                .collect();
            Reply::json(StatusCode::OK, &jobs)
        }
        (&Method::GET, "faults") => faults_list(state),
        (&Method::POST, "faults") => match faults::parse_rule(body) {
            Ok(rule) => {
                state.lock().faults.push(rule);
                faults_list(state)
            }
            Err(e) => Reply::json(StatusCode::BAD_REQUEST, &json!({ "error": e })),
        },
        (&Method::DELETE, "faults") => {
            state.lock().faults.clear();
            faults_list(state)
        }
        (&Method::POST, "reset") => {
            state.reset();
            Reply::json(StatusCode::OK, &json!({ "ok": true }))
        }
        (&Method::GET, "health") => Reply::json(StatusCode::OK, &json!({ "ok": true })),
        _ => Reply::json(
            StatusCode::NOT_FOUND,
            &json!({ "error": format!("unknown control endpoint {method} {path}") }),
        ),
    }
}
