//! The bindings' machine: every call but `fetchTasks` as one [`Machine`], so the wasm build
//! drives a single future type.

use super::{ChainError, ChainOutcome, ChainRun, Tracked};
use crate::http::HttpRequest;
use crate::task::Task;
use crate::transport::{Clock, Event, Machine, Want};

/// Any call but `fetchTasks`. (One lives per call, inside its future: boxing the large
/// variant would cost code.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Job<'a> {
    /// `extendVideo`, `fetchTask`, `waitForTask`, `extendAndWait`.
    Task(Tracked<'a>),
    /// `extendChain`.
    Chain(ChainRun<'a>),
}

/// What a [`Job`] ends with.
pub(crate) enum Output {
    /// A task's call.
    Task(crate::error::Result<Task>),
    /// A chain.
    Chain(Result<ChainOutcome, ChainError>),
}

impl Machine for Job<'_> {
    type Output = Output;

    fn step(&mut self, event: Event, clock: &dyn Clock) -> Want<Output> {
        match self {
            Job::Task(m) => match m.step(event, clock) {
                Want::Send(ms) => Want::Send(ms),
                Want::Sleep(ms) => Want::Sleep(ms),
                Want::Done(r) => Want::Done(Output::Task(r)),
            },
            Job::Chain(m) => match m.step(event, clock) {
                Want::Send(ms) => Want::Send(ms),
                Want::Sleep(ms) => Want::Sleep(ms),
                Want::Done(r) => Want::Done(Output::Chain(r)),
            },
        }
    }

    #[inline(always)]
    fn request(&self) -> &HttpRequest {
        match self {
            Job::Task(m) => m.request(),
            Job::Chain(m) => m.request(),
        }
    }
}
