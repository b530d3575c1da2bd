//! Waiting for a task: poll on the adaptive schedule, report changes, and end with the
//! completed task or an error that names the task.
//!
//! The poll loop is also the retry loop of its reads: a read that fails with a retryable error
//! is tried again after the schedule's failure backoff (honouring `Retry-After`, which the
//! schedule sees because the loop reads the response itself), up to the client's `maxRetries`
//! failures in a row.

use super::options::WaitOptions;
use crate::client::{transport_error, Client};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Operation};
use crate::input::Input;
use crate::policy::poll::{next_poll_delay_ms, Observation, PollInput};
use crate::policy::retry;
use crate::provider;
use crate::task::{Task, TaskStatus};
use crate::transport::Runtime;

/// Polls task `task_id` until it finishes. `on_progress` is called with the first answer and
/// then only when the status or the progress changes (so also with the finished task).
///
/// Resolves with the completed task. Rejects with `task_failed` (the provider's message in
/// `providerMessage`), `timeout` when `opts.timeout_ms` passes, `aborted` when the signal
/// fires, or the read's own error; every one of them carries `taskId`.
pub async fn wait_for_task<R: Runtime>(
    client: &Client,
    rt: &R,
    task_id: &str,
    opts: &WaitOptions,
    on_progress: &mut dyn FnMut(&Task),
) -> Result<Task> {
    wait_from(client, rt, task_id, None, None, opts, on_progress).await
}

/// Creates the extension job, then waits for it like [`wait_for_task`]. The creation answer is
/// the first progress report. Errors after creation carry the new job's `taskId`.
pub async fn extend_and_wait<R: Runtime>(
    client: &Client,
    rt: &R,
    request: &Input,
    opts: &WaitOptions,
    on_progress: &mut dyn FnMut(&Task),
) -> Result<Task> {
    let submitted = rt.now_ms();
    let created = client.extend_video(rt, request, &opts.request).await?;
    let id = created.id.clone();
    wait_from(
        client,
        rt,
        &id,
        Some(created),
        Some(submitted),
        opts,
        on_progress,
    )
    .await
}

/// The wait, starting from an answer already in hand (`initial`) if any. `submitted_ms` is when
/// this client created the task (it anchors progress and the provider's timestamps).
pub(crate) async fn wait_from<R: Runtime>(
    client: &Client,
    rt: &R,
    task_id: &str,
    initial: Option<Task>,
    submitted_ms: Option<f64>,
    opts: &WaitOptions,
    on_progress: &mut dyn FnMut(&Task),
) -> Result<Task> {
    let provider = client.options.provider;
    let api_key = client.options.api_key.as_str();
    let secrets = [api_key];
    let http = provider::build_fetch(&client.options, &Input::str(task_id))
        .map_err(|e| e.with_provider(provider).redacted(&secrets))?;
    let attempt_timeout = opts
        .request
        .timeout
        .unwrap_or_else(|| client.options.timeout_ms());
    let tag = |e: Error| e.with_provider(provider).with_task_id(task_id);
    let started = rt.now_ms();
    let deadline = started + f64::from(opts.timeout_ms);
    let mut history: Vec<Observation> = Vec::new();
    let mut reported: Option<(TaskStatus, Option<f64>)> = None;
    let mut failures: u32 = 0;
    let mut retry_after: Option<u32> = None;
    let mut seen = initial;
    loop {
        if let Some(task) = seen.take() {
            failures = 0;
            let now = rt.now_ms();
            history.push(Observation::of(&task, now, submitted_ms));
            let state = (task.status, task.progress);
            if reported != Some(state) {
                reported = Some(state);
                on_progress(&task);
            }
            match task.status {
                TaskStatus::Completed => return Ok(task),
                TaskStatus::Failed => return Err(failed(&task)),
                _ => {}
            }
        }
        let now = rt.now_ms();
        if now >= deadline {
            return Err(tag(timed_out(task_id, opts.timeout_ms, history.last())
                .with_retryable(submitted_ms.is_none())));
        }
        if !history.is_empty() || failures > 0 {
            let delay = next_poll_delay_ms(&PollInput {
                provider,
                now_ms: now,
                wait_started_ms: started,
                submitted_ms,
                history: &history,
                jitter: rt.random(),
                fixed_interval_ms: opts.poll_interval_ms,
                retry_after_ms: retry_after,
                failures,
            });
            // Sleep at most until the deadline, then read one last time.
            let delay = f64::from(delay).min((deadline - now).ceil()) as u32;
            if let Err(te) = rt.sleep(delay).await {
                let e = transport_error(te, Operation::Read, attempt_timeout);
                return Err(tag(while_waiting(e, task_id)));
            }
        }
        let left = (deadline - rt.now_ms())
            .max(1_000.0)
            .min(f64::from(u32::MAX)) as u32;
        match poll_once(client, rt, &http, attempt_timeout.min(left), &secrets).await {
            Ok((task, asked)) => {
                retry_after = asked;
                seen = Some(task);
            }
            Err((e, asked)) => {
                if e.code == ErrorCode::Aborted {
                    return Err(tag(while_waiting(e, task_id)));
                }
                if !e.retryable || failures >= client.options.retries() {
                    return Err(tag(e));
                }
                failures += 1;
                retry_after = asked;
            }
        }
    }
}

/// One status read: the task, or the error, with the answer's `Retry-After` if it had one.
async fn poll_once<R: Runtime>(
    client: &Client,
    rt: &R,
    http: &HttpRequest,
    timeout_ms: u32,
    secrets: &[&str],
) -> std::result::Result<(Task, Option<u32>), (Error, Option<u32>)> {
    let provider = client.options.provider;
    let read =
        |resp: &HttpResponse| provider::parse_response(provider, Operation::Read, resp, secrets);
    let (result, resp) = client.attempt(rt, http, timeout_ms, secrets, &read).await;
    let asked = resp.and_then(|r| retry::retry_after_ms(&r, rt.now_ms()));
    result.map(|t| (t, asked)).map_err(|e| (e, asked))
}

/// The error for a task that finished with status `failed`.
fn failed(task: &Task) -> Error {
    let detail = task.error.as_ref();
    let message = detail.map(|d| d.message.clone()).filter(|m| !m.is_empty());
    let code = detail
        .map(|d| d.code.as_str())
        .filter(|c| *c != "failed")
        .map(|c| format!(" (provider code {c})"))
        .unwrap_or_default();
    let mut e = Error::new(
        ErrorCode::TaskFailed,
        format!(
            "task {} failed{code}{}",
            task.id,
            message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default()
        ),
    )
    .with_provider(task.provider)
    .with_task_id(task.id.clone());
    e.provider_message = message;
    e
}

/// The error for a wait that ran out of time; says what was seen last.
fn timed_out(task_id: &str, timeout_ms: u32, last: Option<&Observation>) -> Error {
    let seen = match last {
        Some(o) => {
            let status = o.status.as_str();
            match o.progress {
                // Whole percent: formatting an f64 would pull ~14 KB of float code into the wasm.
                Some(p) => format!("last seen {status} at {}%", p.round() as i64),
                None => format!("last seen {status}"),
            }
        }
        None => "never read".to_string(),
    };
    Error::new(
        ErrorCode::Timeout,
        format!(
            "task {task_id} did not finish within {timeout_ms} ms ({seen}); it may still finish: \
             wait for it again with its id"
        ),
    )
}

/// Adds which task was being waited for to an abort.
fn while_waiting(mut e: Error, task_id: &str) -> Error {
    e.message = format!(
        "{} while waiting for task {task_id}; the task keeps running: \
         wait for it again with its id",
        e.message
    );
    e
}

#[cfg(test)]
mod tests;
