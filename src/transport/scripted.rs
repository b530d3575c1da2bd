//! A scripted runtime for tests: canned answers in order, a virtual clock, and a record of every
//! request and sleep. No network, no real waiting.

use super::{Runtime, TransportError};
use crate::http::{HttpRequest, HttpResponse};
use crate::prelude::*;
use alloc::collections::VecDeque;
use core::cell::{Cell, RefCell};

/// One scripted outcome of `send`.
pub type Outcome = Result<HttpResponse, TransportError>;

/// Answers requests from a script; time passes only when the loop sleeps (or a reply says so).
#[derive(Debug, Default)]
pub struct ScriptedRuntime {
    script: RefCell<VecDeque<(u32, Outcome)>>,
    sent: RefCell<Vec<HttpRequest>>,
    sleeps: RefCell<Vec<u32>>,
    now: Cell<f64>,
    jitter: Cell<f64>,
}

impl ScriptedRuntime {
    /// An empty script with the clock at `now_ms`.
    pub fn new(now_ms: f64) -> Self {
        let rt = ScriptedRuntime::default();
        rt.now.set(now_ms);
        rt
    }

    /// Queues an outcome that arrives at once.
    pub fn push(&self, outcome: Outcome) -> &Self {
        self.push_after(0, outcome)
    }

    /// Queues an outcome that arrives after `ms` of virtual time.
    pub fn push_after(&self, ms: u32, outcome: Outcome) -> &Self {
        self.script.borrow_mut().push_back((ms, outcome));
        self
    }

    /// Queues a JSON answer with a status.
    pub fn push_json(&self, status: u16, body: &str) -> &Self {
        self.push(Ok(response(
            status,
            &[("content-type", "application/json")],
            body,
        )))
    }

    /// Sets the value `random()` returns.
    pub fn set_jitter(&self, j: f64) {
        self.jitter.set(j);
    }

    /// Every request sent so far.
    pub fn sent(&self) -> Vec<HttpRequest> {
        self.sent.borrow().clone()
    }

    /// Every sleep requested so far, in ms.
    pub fn sleeps(&self) -> Vec<u32> {
        self.sleeps.borrow().clone()
    }

    /// How many scripted outcomes are left.
    pub fn remaining(&self) -> usize {
        self.script.borrow().len()
    }
}

/// A response value for scripts.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

impl Runtime for ScriptedRuntime {
    async fn send(
        &self,
        request: &HttpRequest,
        timeout_ms: u32,
    ) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request.clone());
        let next = self.script.borrow_mut().pop_front();
        match next {
            Some((after, _)) if after > timeout_ms => {
                self.now.set(self.now.get() + f64::from(timeout_ms));
                Err(TransportError::Timeout)
            }
            Some((after, outcome)) => {
                self.now.set(self.now.get() + f64::from(after));
                outcome
            }
            None => Err(TransportError::Network {
                message: "the test script has no answer left".into(),
                maybe_sent: false,
            }),
        }
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.sleeps.borrow_mut().push(ms);
        self.now.set(self.now.get() + f64::from(ms));
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random(&self) -> f64 {
        self.jitter.get()
    }
}
