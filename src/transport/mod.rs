//! What the client loop needs from its surroundings: send a request, sleep, tell the time, draw
//! a random number. The fetch transport implements it on wasm32; a scripted one drives tests.
//! The loops themselves are synchronous state machines ([`Machine`]) run by one small async
//! [`drive`] loop: only it awaits, so the wasm build has one small future instead of a nest.

use crate::prelude::*;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod scripted;

use crate::http::{HttpRequest, HttpResponse, Method, Operation};

/// Why a request got no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The attempt's timeout elapsed (the request may have reached the provider).
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted {
        /// Whether the request may already have reached the provider.
        maybe_sent: bool,
    },
    /// The connection failed.
    Network {
        /// What the runtime said (never contains headers or the body).
        message: String,
        /// False only when the runtime proves nothing was sent (e.g. connection refused).
        maybe_sent: bool,
    },
}

/// The environment of the client loop. Time and randomness come from here, never from globals,
/// so the loop is a pure function of what the runtime reports.
#[allow(async_fn_in_trait)]
pub trait Runtime {
    /// Sends one request, giving up after `timeout_ms`.
    async fn send(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError>;
    /// Waits `ms` milliseconds; fails with `Aborted` if the caller's signal fires meanwhile.
    async fn sleep(&self, ms: u32) -> Result<(), TransportError>;
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> f64;
    /// A number in `[0, 1)` for jitter.
    fn random(&self) -> f64;
}

/// Time and jitter, as the synchronous state machines see them (the part of [`Runtime`] that
/// needs no `await`; a trait object so the machines are compiled once, not per runtime).
pub trait Clock {
    /// Milliseconds since the Unix epoch ([`Runtime::now_ms`]).
    fn now(&self) -> f64;
    /// A number in `[0, 1)` ([`Runtime::random`]).
    fn jitter(&self) -> f64;
}

impl<R: Runtime> Clock for R {
    fn now(&self) -> f64 {
        self.now_ms()
    }
    fn jitter(&self) -> f64 {
        self.random()
    }
}

/// What a state machine is told: it starts, or the I/O it asked for ended.
pub enum Event {
    /// The first step.
    Start,
    /// The request asked for with [`Want::Send`] got this answer.
    Sent(Result<HttpResponse, TransportError>),
    /// The sleep asked for with [`Want::Sleep`] ended.
    Slept(Result<(), TransportError>),
}

/// What a state machine asks for next.
pub enum Want<T> {
    /// Send [`Machine::request`] with this timeout (ms).
    Send(u32),
    /// Sleep this many ms.
    Sleep(u32),
    /// Finished with this result.
    Done(T),
}

/// A sans-IO loop (retries, waits, chains): synchronous steps, driven by [`drive`], which alone
/// does the sending and the sleeping. One small async loop instead of a nest of futures.
pub trait Machine {
    /// What the machine ends with.
    type Output;
    /// Advances on `event` and says what to do next.
    fn step(&mut self, event: Event, clock: &dyn Clock) -> Want<Self::Output>;
    /// The request to send when the last step asked for [`Want::Send`].
    fn request(&self) -> &HttpRequest;
}

/// Runs `machine` to its end on `rt`.
pub async fn drive<R: Runtime, M: Machine>(rt: &R, mut machine: M) -> M::Output {
    let mut event = Event::Start;
    loop {
        event = match machine.step(event, rt) {
            Want::Send(timeout_ms) => Event::Sent(rt.send(machine.request(), timeout_ms).await),
            Want::Sleep(ms) => Event::Slept(rt.sleep(ms).await),
            Want::Done(output) => return output,
        };
    }
}

/// A request that is never sent: what a machine that has nothing to send points at.
pub(crate) const NO_REQUEST: HttpRequest = HttpRequest {
    method: Method::Get,
    url: String::new(),
    headers: Vec::new(),
    body: None,
    operation: Operation::Read,
};

/// [`NO_REQUEST`] where a reference is needed.
pub(crate) static NOTHING: HttpRequest = NO_REQUEST;
