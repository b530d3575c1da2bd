//! Chains of extensions: each step extends the finished output of the previous one, and a
//! chain that stopped can resume without paying again for the steps that finished.
//!
//! Legnext: step 1 extends `jobId`/`videoNo`; step k > 1 extends the previous step's job with
//! `videoNo` 0. Every extension job returns four variants that all continue the same video;
//! the index the caller chose picked a video of the *original* job and means nothing for the new
//! job, so the first variant is taken. APIFrame: step k > 1 uses `parentTaskId` = the previous
//! step's task id, with the same shared options.

use super::options::WaitOptions;
use super::wait::{Phase, Wait};
use crate::client::{Call, Client};
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpRequest;
use crate::input::{decimal, Input};
#[cfg(target_arch = "wasm32")]
use crate::js::tsify;
use crate::prelude::*;
use crate::provider::Provider;
use crate::task::Task;
use crate::transport::{drive, Clock, Event, Machine, Runtime, Want, NOTHING};
use core::fmt;
use serde::Serialize;

/// The most extensions Legnext allows on one video.
pub const LEGNEXT_MAX_EXTENSIONS: usize = 4;

/// The extensions to run: one shape for both providers (the fields a provider does not use are
/// left at `0` / `Input::Undefined`).
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The provider the chain is for.
    pub provider: Provider,
    /// What step 1 extends: Legnext's job (UUID, `jobId`), APIFrame's Luma task
    /// (`parentTaskId`).
    pub parent: String,
    /// Legnext: which of the job's four videos step 1 extends, 0 to 3.
    pub video_no: u8,
    /// One entry per extension (Legnext: at most 4); `None` extends without a prompt (Legnext
    /// only: APIFrame requires every prompt).
    pub prompts: Vec<Option<String>>,
    /// APIFrame: request fields shared by every step (`aspectRatio`, `webhookUrl`, ...), as a JS
    /// object (`Input::Undefined` for none); `parentTaskId` and `prompt` are set by the chain.
    pub options: Input,
}

/// A chain and, optionally, how far an earlier run of it got.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainRequest {
    /// The extensions.
    pub chain: Chain,
    /// Where an earlier run stopped ([`ChainError::progress`]): finished steps are not redone.
    pub resume_from: Option<ChainProgress>,
}

/// How far a chain got.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChainProgress {
    /// The task ids of the finished steps, in order.
    pub finished_task_ids: Vec<String>,
    /// A step created but not seen to finish (the wait timed out or was aborted): resuming waits
    /// for it instead of paying for it again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_task_id: Option<String>,
}

/// One progress report of a chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChainStep<'a> {
    /// The step, from 1.
    pub step: usize,
    /// How many steps the chain has.
    pub steps: usize,
    /// The step's task as last seen.
    pub task: &'a Task,
}

/// A finished chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainOutcome {
    /// Every step's task id, in order.
    pub task_ids: Vec<String>,
    /// The last step's completed task (its videos are the whole chain's result).
    pub task: Task,
}

/// A chain that stopped: the error (its message names the step; `taskId` is the step's task
/// when one was created), the step, and the progress to resume from.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainError {
    /// What went wrong.
    pub error: Error,
    /// The step that failed, from 1 (0 when the chain was refused before any step).
    pub step: usize,
    /// Pass this as `resume_from` to continue.
    pub progress: ChainProgress,
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl core::error::Error for ChainError {}

impl From<ChainError> for Error {
    /// The error with the step and the progress to resume from (what JS callers see).
    fn from(e: ChainError) -> Error {
        let mut error = e.error;
        if e.step > 0 {
            error.step = u32::try_from(e.step).ok();
        }
        error.resume_from = Some(e.progress);
        error
    }
}

/// Runs the chain's extensions one after another, each waiting for the previous to complete.
/// `on_step` gets every change of every step's task. `wait.timeout_ms` applies to each step.
pub async fn extend_chain<R: Runtime>(
    client: &Client,
    rt: &R,
    request: &ChainRequest,
    wait: &WaitOptions,
    on_step: &mut dyn FnMut(&ChainStep),
) -> core::result::Result<ChainOutcome, ChainError> {
    let run = ChainRun::new(client, request.clone(), wait.clone(), on_step)?;
    drive(rt, run).await
}

/// A chain as a state machine (see [`extend_chain`]).
pub(crate) struct ChainRun<'a> {
    client: &'a Client,
    chain: Chain,
    wait: WaitOptions,
    on_step: &'a mut dyn FnMut(&ChainStep),
    progress: ChainProgress,
    steps: usize,
    /// The current step, from 0.
    step: usize,
    last: Option<Task>,
    /// What the step is doing; `None` between steps.
    phase: Option<Phase<'a>>,
    /// Whether the phase waits for a step created by an earlier run.
    resumed: bool,
}

impl<'a> ChainRun<'a> {
    /// Checks the chain (nothing is sent): refuses one that cannot run.
    pub(crate) fn new(
        client: &'a Client,
        request: ChainRequest,
        wait: WaitOptions,
        on_step: &'a mut dyn FnMut(&ChainStep),
    ) -> core::result::Result<Self, ChainError> {
        let progress = request.resume_from.unwrap_or_default();
        let steps = match check(client, &request.chain, &progress) {
            Ok(steps) => steps,
            Err(e) => {
                return Err(ChainError {
                    error: e.with_provider(client.options.provider),
                    step: 0,
                    progress,
                })
            }
        };
        Ok(ChainRun {
            client,
            chain: request.chain,
            wait,
            on_step,
            step: progress.finished_task_ids.len(),
            progress,
            steps,
            last: None,
            phase: None,
            resumed: false,
        })
    }

    /// The chain's error for a failure of the current step, or of the closing read of a
    /// resumed, finished chain (the last step's task id, no step named in the message).
    #[inline(always)]
    fn stop(&self, error: Error) -> ChainError {
        let (error, step) = if self.step >= self.steps {
            (error.with_task_id(self.last_finished_id()), self.steps)
        } else {
            let index = self.step + 1;
            (named(error, index, self.steps, &self.progress), index)
        };
        ChainError {
            error,
            step,
            progress: self.progress.clone(),
        }
    }
}

impl ChainRun<'_> {
    /// The id of the last finished step (empty before the first).
    fn last_finished_id(&self) -> String {
        match self.progress.finished_task_ids.last() {
            Some(id) => id.clone(),
            None => String::new(),
        }
    }
}

impl Machine for ChainRun<'_> {
    type Output = core::result::Result<ChainOutcome, ChainError>;

    fn step(&mut self, mut event: Event, clock: &dyn Clock) -> Want<Self::Output> {
        let client = self.client;
        let steps = self.steps;
        loop {
            let Some(phase) = self.phase.as_mut() else {
                let closing = self.step >= steps;
                if closing {
                    if let Some(task) = self.last.take() {
                        return Want::Done(Ok(ChainOutcome {
                            task_ids: core::mem::take(&mut self.progress.finished_task_ids),
                            task,
                        }));
                    }
                }
                self.resumed = false;
                let next = if closing {
                    // Resumed with every step finished: read the last one.
                    let id = self.last_finished_id();
                    Phase::send(client, Call::Fetch, &Input::str(&id), &self.wait, None)
                } else if let Some(pending) = self.progress.pending_task_id.clone() {
                    // Resume: wait for the step already paid for.
                    self.resumed = true;
                    Ok(Phase::Wait(Wait::new(
                        client, clock, pending, None, None, &self.wait,
                    )))
                } else {
                    let parent = self.progress.finished_task_ids.last().map(String::as_str);
                    let input = step_input(&self.chain, self.step, parent);
                    Phase::create(client, clock, &input, &self.wait)
                };
                match next {
                    Ok(phase) => self.phase = Some(phase),
                    Err(e) => return Want::Done(Err(self.stop(e))),
                }
                event = Event::Start;
                continue;
            };
            let index = self.step + 1;
            let on_step = &mut *self.on_step;
            let mut report = |task: &Task| {
                on_step(&ChainStep {
                    step: index,
                    steps,
                    task,
                })
            };
            let result = match phase.step(event, clock, &mut report) {
                Want::Send(ms) => return Want::Send(ms),
                Want::Sleep(ms) => return Want::Sleep(ms),
                Want::Done(result) => result,
            };
            event = Event::Start;
            // The closing read of a resumed, finished chain (its task ends the chain above).
            let closing = self.step >= steps;
            // A step created here is pending from its creation until it is seen to finish.
            if let Some(Phase::Wait(wait)) = self.phase.take() {
                if !self.resumed {
                    self.progress.pending_task_id = Some(wait.task_id);
                }
            }
            match result {
                Ok(task) => {
                    if !closing {
                        self.progress.pending_task_id = None;
                        self.progress.finished_task_ids.push(task.id.clone());
                        self.step += 1;
                    }
                    self.last = Some(task);
                }
                Err(e) => {
                    let failed = e.code == ErrorCode::TaskFailed;
                    if failed {
                        self.progress.pending_task_id = None;
                    }
                    // A resumed step that failed is paid for again; anything else stops.
                    if !(failed && self.resumed) {
                        return Want::Done(Err(self.stop(e)));
                    }
                }
            }
        }
    }

    fn request(&self) -> &HttpRequest {
        match &self.phase {
            Some(phase) => phase.request(),
            None => &NOTHING,
        }
    }
}

/// Refuses a chain that cannot run, before anything is paid for: the wrong provider, no
/// prompts, more than 4 Legnext extensions, a progress longer than the chain, or any step's
/// request that would be refused. Returns the number of steps.
fn check(client: &Client, chain: &Chain, progress: &ChainProgress) -> Result<usize> {
    let provider = client.options.provider;
    let (chain_provider, steps) = (chain.provider, chain.prompts.len());
    if chain_provider != provider {
        return Err(Error::invalid(
            "chain",
            crate::input::cat(&[
                "this chain is for ",
                chain_provider.as_str(),
                " but the client is for ",
                provider.as_str(),
            ]),
        ));
    }
    if steps == 0 {
        return Err(Error::invalid(
            "prompts",
            "prompts must have at least one entry",
        ));
    }
    if provider == Provider::Legnext && steps > LEGNEXT_MAX_EXTENSIONS {
        // LEGNEXT_MAX_EXTENSIONS written out: one number less to write.
        const _: () = assert!(LEGNEXT_MAX_EXTENSIONS == 4);
        return Err(Error::invalid(
            "prompts",
            "prompts may have at most 4 entries (Legnext extends one video at most 4 times), got "
                .to_string()
                + &decimal(steps as u64),
        ));
    }
    if progress.finished_task_ids.len() > steps {
        return Err(Error::invalid(
            "resumeFrom",
            crate::input::cat(&[
                "resumeFrom has ",
                &decimal(progress.finished_task_ids.len() as u64),
                " finished steps but the chain has only ",
                &decimal(steps as u64),
            ]),
        ));
    }
    match &chain.options {
        Input::Undefined => {}
        Input::Object {
            entries,
            plain: true,
        } => {
            if let Some((k, _)) = entries
                .iter()
                .find(|(k, _)| k == "parentTaskId" || k == "prompt")
            {
                return Err(Error::invalid(
                    "options.".to_string() + k,
                    crate::input::cat(&[
                        "options.",
                        k,
                        " is set by the chain for each step; give it in the chain itself",
                    ]),
                ));
            }
        }
        other => return Err(other.refused("options", "a plain object")),
    }
    // Later parents are not known yet: a well-formed stand-in lets every rule run now.
    const STAND_IN: &str = "00000000-0000-4000-8000-000000000000";
    for step in 0..steps {
        let input = step_input(chain, step, (step > 0).then_some(STAND_IN));
        // The request the step would send, built as it will be (nothing is sent).
        if let Err(mut e) = client.prepare(Call::Extend, &input) {
            if let Some(field) = &mut e.field {
                if field == "prompt" {
                    *field = crate::input::item_path("prompts", step);
                }
            }
            e.message = step_message(step + 1, steps, ": ", &e.message);
            return Err(e);
        }
    }
    Ok(steps)
}

/// The request of step `step` (from 0): the chain's parent for the first, `parent` after.
fn step_input(chain: &Chain, step: usize, parent: Option<&str>) -> Input {
    let legnext = chain.provider == Provider::Legnext;
    let mut entries: Vec<(String, Input)> = match &chain.options {
        Input::Object { entries, .. } => entries.clone(),
        _ => Vec::new(),
    };
    let key = if legnext { "jobId" } else { "parentTaskId" };
    entries.push((key.into(), Input::str(parent.unwrap_or(&chain.parent))));
    if legnext {
        let video_no = if parent.is_some() { 0 } else { chain.video_no };
        entries.push(("videoNo".into(), Input::Number(f64::from(video_no))));
    }
    let prompt = match chain.prompts.get(step) {
        Some(Some(p)) => Input::str(p),
        _ => Input::Undefined,
    };
    entries.push(("prompt".into(), prompt));
    Input::Object {
        entries,
        plain: true,
    }
}

/// `step <step> of <steps><sep><message>`.
fn step_message(step: usize, steps: usize, sep: &str, message: &str) -> String {
    crate::input::cat(&[
        "step ",
        &decimal(step as u64),
        " of ",
        &decimal(steps as u64),
        sep,
        message,
    ])
}

/// Names the step and the finished steps in the error's message.
fn named(mut e: Error, step: usize, steps: usize, progress: &ChainProgress) -> Error {
    let mut message = step_message(step, steps, " failed: ", &e.message);
    message.push_str("; finished steps: ");
    let mut sep = "";
    for id in &progress.finished_task_ids {
        message.push_str(sep);
        message.push_str(id);
        sep = ", ";
    }
    if sep.is_empty() {
        message.push_str("none");
    }
    e.message = message;
    e
}

#[cfg(test)]
mod tests;
