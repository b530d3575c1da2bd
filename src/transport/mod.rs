//! What the client loop needs from its surroundings: send a request, sleep, tell the time, draw
//! a random number. The fetch transport implements it on wasm32; a scripted one drives tests.

#[cfg(target_arch = "wasm32")]
pub mod fetch;
pub mod scripted;

use crate::http::{HttpRequest, HttpResponse};

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
