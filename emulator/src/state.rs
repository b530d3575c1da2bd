//! Shared emulator state: configuration, job store, request and webhook logs, pending faults.

use crate::cli::Config;
use crate::faults::FaultRule;
use crate::jobs::Store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

/// One entry of `GET /__emulator/requests`.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRecord {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    /// `None` while unanswered, and for dropped or hung connections.
    pub status: Option<u16>,
    pub fault: Option<&'static str>,
}

/// One entry of `GET /__emulator/webhooks`.
#[derive(Debug, Clone, Serialize)]
pub struct WebhookRecord {
    pub id: u64,
    pub provider: &'static str,
    pub job_id: String,
    pub url: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    pub attempts: u32,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub refused: bool,
    pub delivered: bool,
}

/// Everything behind the lock.
#[derive(Debug)]
pub struct Inner {
    pub jobs: Store,
    pub requests: Vec<RequestRecord>,
    pub webhooks: Vec<WebhookRecord>,
    pub faults: Vec<FaultRule>,
    next_webhook: u64,
}

impl Inner {
    pub fn request_mut(&mut self, seq: u64) -> Option<&mut RequestRecord> {
        self.requests.iter_mut().rev().find(|r| r.seq == seq)
    }

    pub fn webhook_mut(&mut self, id: u64) -> Option<&mut WebhookRecord> {
        self.webhooks.iter_mut().rev().find(|r| r.id == id)
    }

    /// Appends a webhook record and returns its id.
    pub fn push_webhook(&mut self, mut rec: WebhookRecord) -> u64 {
        self.next_webhook += 1;
        rec.id = self.next_webhook;
        self.webhooks.push(rec);
        self.next_webhook
    }
}

/// The state shared by every connection and timer.
#[derive(Debug)]
pub struct State {
    pub config: Config,
    /// The address the listener is bound to (for requests without a `Host` header).
    pub local_addr: SocketAddr,
    next_request: AtomicU64,
    inner: Mutex<Inner>,
}

impl State {
    pub fn new(config: Config, local_addr: SocketAddr) -> State {
        State {
            config,
            local_addr,
            next_request: AtomicU64::new(0),
            inner: Mutex::new(Inner {
                jobs: Store::new(),
                requests: Vec::new(),
                webhooks: Vec::new(),
                faults: Vec::new(),
                next_webhook: 0,
            }),
        }
    }

    /// Locks the state; a poisoned lock is recovered (the data stays usable).
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next request number (1, 2, ...), used for `x-request-id: req_<n>`.
    pub fn next_request_id(&self) -> u64 {
        self.next_request.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Forgets requests, webhook deliveries, faults and created jobs.
    pub fn reset(&self) {
        let mut g = self.lock();
        g.requests.clear();
        g.webhooks.clear();
        g.faults.clear();
        g.jobs.reset();
    }

    /// Writes a log line to stderr unless `--quiet`. Callers never pass secrets.
    pub fn log(&self, line: &str) {
        if !self.config.quiet {
            eprintln!("{line}");
        }
    }

    pub fn job_seconds(&self) -> f64 {
        self.config.job_seconds
    }

    pub fn accepts_key(&self, key: &str) -> bool {
        self.config.api_keys.iter().any(|k| k == key)
    }
}
