//! The job lifecycle on top of the client: wait for a task with the adaptive poll schedule,
//! read many tasks at once, and run chains of extensions. Generic over the runtime, so every
//! path runs on the host with the scripted runtime and a virtual clock.

mod chain;
#[cfg(target_arch = "wasm32")]
mod job;
mod join;
mod many;
mod options;
mod parse;
mod wait;

pub use chain::{
    extend_chain, Chain, ChainError, ChainOutcome, ChainProgress, ChainRequest, ChainStep,
};
pub use join::join_limited;
pub use many::{fetch_tasks, FETCH_MANY_MAX, MAX_CONCURRENT_READS};
pub use options::{WaitOptions, DEFAULT_WAIT_TIMEOUT_MS};
pub use parse::parse_chain;
pub use wait::{extend_and_wait, wait_for_task};
#[cfg(target_arch = "wasm32")]
pub(crate) use {
    chain::ChainRun,
    job::{Job, Output},
    wait::{Phase, Tracked, Wait},
};

#[cfg(test)]
mod testkit;
