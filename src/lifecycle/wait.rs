//! Waiting for a task: poll on the adaptive schedule, report changes, and end with the
//! completed task or an error that names the task.
//!
//! The poll loop is also the retry loop of its reads: a read that fails with a retryable error
//! is tried again after the schedule's failure backoff (honouring `Retry-After`, which the
//! schedule sees because the loop reads the response itself), up to the client's `maxRetries`
//! failures in a row.

use super::options::WaitOptions;
use crate::client::{only, read_one, transport_error, Call, Client, Retry};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, Operation};
use crate::input::{decimal, signed_decimal, Input};
use crate::policy::poll::{next_poll_delay_ms, Observation, PollInput};
use crate::policy::retry;
use crate::prelude::*;
use crate::task::{Task, TaskStatus};
use crate::transport::{drive, Clock, Event, Machine, Runtime, Want, NO_REQUEST};

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
    let wait = Wait::new(client, rt, task_id.to_string(), None, None, opts);
    drive(rt, Tracked::new(Phase::Wait(wait), on_progress)).await
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
    let phase = Phase::create(client, rt, request, opts)?;
    drive(rt, Tracked::new(phase, on_progress)).await
}

/// One task's way to its result: a request with retries (`extendVideo`, `fetchTask`), then, if
/// it created a job and a wait was asked for, the wait for that job. (One lives per call,
/// inside its future: boxing the large variant would cost code.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Phase<'a> {
    /// The request; `Some((submitted_ms, options))` to wait for the job it creates.
    Request(Retry<'a>, Option<(f64, WaitOptions)>),
    /// The wait.
    Wait(Wait<'a>),
}

impl<'a> Phase<'a> {
    /// Validates `request` and starts creating the job, to be waited for with `opts`.
    pub(crate) fn create(
        client: &'a Client,
        clock: &dyn Clock,
        request: &Input,
        opts: &WaitOptions,
    ) -> Result<Self> {
        let submitted = clock.now();
        Phase::send(
            client,
            Call::Extend,
            request,
            opts,
            Some((submitted, opts.clone())),
        )
    }

    /// Validates `arg` and starts `call` with `opts`' request options; `then` as in
    /// [`Phase::Request`].
    pub(crate) fn send(
        client: &'a Client,
        call: Call,
        arg: &Input,
        opts: &WaitOptions,
        then: Option<(f64, WaitOptions)>,
    ) -> Result<Self> {
        let prepared = client.prepare(call, arg)?;
        Ok(Phase::Request(
            Retry::new(client, prepared, &opts.request, read_one),
            then,
        ))
    }

    /// Advances the request or the wait; `report` sees the wait's progress.
    pub(crate) fn step(
        &mut self,
        mut event: Event,
        clock: &dyn Clock,
        report: &mut dyn FnMut(&Task),
    ) -> Want<Result<Task>> {
        loop {
            match self {
                Phase::Request(retry, then) => match (retry.step(event, clock), then) {
                    (Want::Send(ms), _) => return Want::Send(ms),
                    (Want::Sleep(ms), _) => return Want::Sleep(ms),
                    (Want::Done(read), None) => return Want::Done(only(read)),
                    (Want::Done(read), Some((submitted, opts))) => {
                        let created = match only(read) {
                            Ok(created) => created,
                            Err(e) => return Want::Done(Err(e)),
                        };
                        let id = created.id.clone();
                        let wait = Wait::new(
                            retry.client(),
                            clock,
                            id,
                            Some(created),
                            Some(*submitted),
                            opts,
                        );
                        *self = Phase::Wait(wait);
                        event = Event::Start;
                    }
                },
                Phase::Wait(wait) => return wait.step(event, clock, report),
            }
        }
    }

    /// The request the phase sends next.
    pub(crate) fn request(&self) -> &HttpRequest {
        match self {
            Phase::Request(retry, _) => retry.request(),
            Phase::Wait(wait) => &wait.http,
        }
    }
}

/// A [`Phase`] with its progress callback: `extendVideo`, `fetchTask`, `waitForTask`,
/// `extendAndWait`.
pub(crate) struct Tracked<'a> {
    phase: Phase<'a>,
    on_progress: &'a mut dyn FnMut(&Task),
}

impl<'a> Tracked<'a> {
    /// `phase`, reporting to `on_progress`.
    pub(crate) fn new(phase: Phase<'a>, on_progress: &'a mut dyn FnMut(&Task)) -> Self {
        Tracked { phase, on_progress }
    }
}

impl Machine for Tracked<'_> {
    type Output = Result<Task>;

    fn step(&mut self, event: Event, clock: &dyn Clock) -> Want<Result<Task>> {
        self.phase.step(event, clock, self.on_progress)
    }

    fn request(&self) -> &HttpRequest {
        self.phase.request()
    }
}

/// The wait as a state machine, starting from an answer already in hand (`initial`) if any.
/// `submitted_ms` is when this client created the task (it anchors progress and the
/// provider's timestamps).
///
/// The poll loop is also the retry loop of its reads (see the module documentation).
pub(crate) struct Wait<'a> {
    client: &'a Client,
    pub(crate) task_id: String,
    /// The status read, or why the id cannot be read (reported by the first step).
    http: HttpRequest,
    refused: Option<Error>,
    attempt_timeout: u32,
    poll_timeout: u32,
    timeout_ms: u32,
    poll_interval_ms: Option<u32>,
    started: f64,
    deadline: f64,
    submitted_ms: Option<f64>,
    history: Vec<Observation>,
    reported: Option<(TaskStatus, Option<f64>)>,
    failures: u32,
    retry_after: Option<u32>,
    seen: Option<Task>,
}

impl<'a> Wait<'a> {
    /// A wait for `task_id` (nothing is sent until it is driven).
    pub(crate) fn new(
        client: &'a Client,
        clock: &dyn Clock,
        task_id: String,
        initial: Option<Task>,
        submitted_ms: Option<f64>,
        opts: &WaitOptions,
    ) -> Self {
        let (http, refused) = match client.prepare(Call::Fetch, &Input::str(&task_id)) {
            Ok(prepared) => (prepared.http, None),
            Err(e) => (NO_REQUEST, Some(e)),
        };
        let attempt_timeout = opts
            .request
            .timeout
            .unwrap_or_else(|| client.options.timeout_ms());
        let started = clock.now();
        Wait {
            client,
            task_id,
            http,
            refused,
            attempt_timeout,
            poll_timeout: attempt_timeout,
            timeout_ms: opts.timeout_ms,
            poll_interval_ms: opts.poll_interval_ms,
            started,
            deadline: started + f64::from(opts.timeout_ms),
            submitted_ms,
            history: Vec::new(),
            reported: None,
            failures: 0,
            retry_after: None,
            seen: initial,
        }
    }

    fn tag(&self, e: Error) -> Error {
        e.with_provider(self.client.options.provider)
            .with_task_id(self.task_id.as_str())
    }

    /// Advances the wait on `event`; `on_progress` sees the changes.
    pub(crate) fn step(
        &mut self,
        event: Event,
        clock: &dyn Clock,
        on_progress: &mut dyn FnMut(&Task),
    ) -> Want<Result<Task>> {
        let client = self.client;
        let provider = client.options.provider;
        match event {
            Event::Start => {
                if let Some(e) = self.refused.take() {
                    return Want::Done(Err(e));
                }
            }
            Event::Slept(Ok(())) => return self.poll(clock),
            Event::Slept(Err(te)) => {
                let e = transport_error(te, Operation::Read, self.attempt_timeout);
                return Want::Done(Err(self.tag(while_waiting(e, &self.task_id))));
            }
            Event::Sent(answer) => {
                let secrets = [client.options.api_key.as_str()];
                let (result, resp) =
                    client.read_answer(&self.http, self.poll_timeout, &secrets, read_one, answer);
                let result = only(result);
                let asked = match &resp {
                    Some(r) => retry::retry_after_ms(r, clock.now()),
                    None => None,
                };
                match result {
                    Ok(task) => {
                        self.retry_after = asked;
                        self.seen = Some(task);
                    }
                    Err(e) => {
                        if e.code == ErrorCode::Aborted {
                            return Want::Done(Err(self.tag(while_waiting(e, &self.task_id))));
                        }
                        if !e.retryable || self.failures >= client.options.retries() {
                            return Want::Done(Err(self.tag(e)));
                        }
                        self.failures += 1;
                        self.retry_after = asked;
                    }
                }
            }
        }
        if let Some(task) = self.seen.take() {
            self.failures = 0;
            let now = clock.now();
            self.history
                .push(Observation::of(&task, now, self.submitted_ms));
            let state = (task.status, task.progress);
            if self.reported != Some(state) {
                self.reported = Some(state);
                on_progress(&task);
            }
            match task.status {
                TaskStatus::Completed => return Want::Done(Ok(task)),
                TaskStatus::Failed => return Want::Done(Err(failed(&task))),
                _ => {}
            }
        }
        let now = clock.now();
        if now >= self.deadline {
            let e = timed_out(&self.task_id, self.timeout_ms, self.history.last())
                .with_retryable(self.submitted_ms.is_none());
            return Want::Done(Err(self.tag(e)));
        }
        if !self.history.is_empty() || self.failures > 0 {
            let delay = next_poll_delay_ms(&PollInput {
                provider,
                now_ms: now,
                wait_started_ms: self.started,
                submitted_ms: self.submitted_ms,
                history: &self.history,
                jitter: clock.jitter(),
                fixed_interval_ms: self.poll_interval_ms,
                retry_after_ms: self.retry_after,
                failures: self.failures,
            });
            // Sleep at most until the deadline, then read one last time.
            return Want::Sleep(f64::from(delay).min((self.deadline - now).ceil()) as u32);
        }
        self.poll(clock)
    }

    /// The next status read, with at least a second left for it.
    #[inline(always)]
    fn poll(&mut self, clock: &dyn Clock) -> Want<Result<Task>> {
        // The cast saturates: past u32::MAX (or infinite) gives u32::MAX.
        let left = (self.deadline - clock.now()).max(1_000.0) as u32;
        self.poll_timeout = self.attempt_timeout.min(left);
        Want::Send(self.poll_timeout)
    }
}

/// The error for a task that finished with status `failed`.
fn failed(task: &Task) -> Error {
    let mut text = crate::input::cat(&["task ", &task.id, " failed"]);
    let mut message = None;
    if let Some(d) = &task.error {
        if d.code != "failed" {
            text.push_str(" (provider code ");
            text.push_str(&d.code);
            text.push(')');
        }
        if !d.message.is_empty() {
            message = Some(d.message.clone());
        }
    }
    crate::error::push_detail(&mut text, message.as_deref());
    let mut e = Error::new(ErrorCode::TaskFailed, text)
        .with_provider(task.provider)
        .with_task_id(task.id.clone());
    e.provider_message = message;
    e
}

/// The error for a wait that ran out of time; says what was seen last.
fn timed_out(task_id: &str, timeout_ms: u32, last: Option<&Observation>) -> Error {
    let mut text = crate::input::cat(&[
        "task ",
        task_id,
        " did not finish within ",
        &decimal(u64::from(timeout_ms)),
        " ms (",
    ]);
    match last {
        Some(o) => {
            text.push_str("last seen ");
            text.push_str(o.status.as_str());
            // Whole percent: formatting an f64 would pull ~14 KB of float code into the wasm.
            if let Some(p) = o.progress {
                text.push_str(" at ");
                text.push_str(&signed_decimal(p.round() as i64));
                text.push('%');
            }
        }
        None => text.push_str("never read"),
    }
    text.push_str("); it may still finish: wait for it again with its id");
    Error::new(ErrorCode::Timeout, text)
}

/// Adds which task was being waited for to an abort.
#[inline(always)]
fn while_waiting(mut e: Error, task_id: &str) -> Error {
    e.message.push_str(" while waiting for task ");
    e.message.push_str(task_id);
    e.message
        .push_str("; the task keeps running: wait for it again with its id");
    e
}

#[cfg(test)]
mod tests;
