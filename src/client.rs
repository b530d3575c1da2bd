//! The request loop: validate, build, send through a [`Runtime`], read the answer, and retry
//! only what is safe to retry. Generic over the runtime, so it runs on the host in tests.

use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Operation, AMBIGUOUS_HINT};
use crate::input::Input;
use crate::options::{ClientOptions, RequestOptions};
use crate::policy::retry;
use crate::provider::{self, ExtendRequest};
use crate::task::Task;
use crate::transport::{Runtime, TransportError};

/// The calls a client makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `extendVideo`: creates a paid job.
    Extend,
    /// `fetchTask`: reads a task.
    Fetch,
}

/// A validated call: the request to send and the secrets to keep out of what comes back.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The request.
    pub http: HttpRequest,
    /// The API key and any secret the request carries (e.g. APIFrame's webhook secret).
    pub secrets: Vec<String>,
}

/// A configured client for one provider.
#[derive(Debug, Clone)]
pub struct Client {
    /// The validated options.
    pub options: ClientOptions,
}

impl Client {
    /// Validates the options.
    pub fn new(options: &Input) -> Result<Client> {
        ClientOptions::parse(options).map(|options| Client { options })
    }

    /// Creates the extension job. Retried only when no job can have been created.
    pub async fn extend_video<R: Runtime>(
        &self,
        rt: &R,
        request: &Input,
        call: &RequestOptions,
    ) -> Result<Task> {
        let prepared = self.prepare(Call::Extend, request)?;
        self.run(rt, &prepared, call).await
    }

    /// Reads a task once (retrying transient failures).
    pub async fn fetch_task<R: Runtime>(
        &self,
        rt: &R,
        task_id: &Input,
        call: &RequestOptions,
    ) -> Result<Task> {
        let prepared = self.prepare(Call::Fetch, task_id)?;
        self.run(rt, &prepared, call).await
    }

    /// Validates the argument of `call` and builds its request; nothing is sent.
    pub fn prepare(&self, call: Call, arg: &Input) -> Result<Prepared> {
        let provider = self.options.provider;
        let api_key = self.options.api_key.as_str();
        let refuse = |e: Error| e.with_provider(provider).redacted(&[api_key]);
        let mut secrets = vec![api_key.to_string()];
        let http = match call {
            Call::Extend => {
                let req = ExtendRequest::parse(provider, arg).map_err(refuse)?;
                secrets.extend(req.secrets().into_iter().map(str::to_string));
                provider::build_extend(&self.options, &req)
            }
            Call::Fetch => provider::build_fetch(&self.options, arg).map_err(refuse)?,
        };
        Ok(Prepared { http, secrets })
    }

    /// Sends a prepared call (see [`Client::execute`]).
    pub async fn run<R: Runtime>(
        &self,
        rt: &R,
        prepared: &Prepared,
        call: &RequestOptions,
    ) -> Result<Task> {
        let secrets: Vec<&str> = prepared.secrets.iter().map(String::as_str).collect();
        self.execute(rt, &prepared.http, call, &secrets).await
    }

    /// Sends `http`, retrying what the policy allows, and reads the answer into a task.
    pub async fn execute<R: Runtime>(
        &self,
        rt: &R,
        http: &HttpRequest,
        call: &RequestOptions,
        secrets: &[&str],
    ) -> Result<Task> {
        let provider = self.options.provider;
        let read =
            |resp: &HttpResponse| provider::parse_response(provider, http.operation, resp, secrets);
        self.execute_with(rt, http, call, secrets, &read).await
    }

    /// The retry loop: sends `http` and reads each answer with `read`, retrying what the policy
    /// allows (reads of one task, and of a batch of tasks, share it). `read` is a `&dyn Fn` so
    /// the loop is compiled once per result type, not once per caller.
    pub(crate) async fn execute_with<R: Runtime, T>(
        &self,
        rt: &R,
        http: &HttpRequest,
        call: &RequestOptions,
        secrets: &[&str],
        read: &dyn Fn(&HttpResponse) -> Result<T>,
    ) -> Result<T> {
        let timeout = call.timeout.unwrap_or_else(|| self.options.timeout_ms());
        let provider = self.options.provider;
        let mut attempt: u32 = 0;
        loop {
            let (result, resp) = self.attempt(rt, http, timeout, secrets, read).await;
            let err = match result {
                Ok(value) => return Ok(value),
                Err(e) => e,
            };
            if !err.retryable || attempt >= self.options.retries() {
                return Err(err);
            }
            let wait = retry::delay_ms(attempt, resp.as_ref(), rt.now_ms(), rt.random());
            if let Err(te) = rt.sleep(wait).await {
                // Aborted while waiting to retry: nothing is in flight.
                return Err(transport_error(te, Operation::Read, timeout).with_provider(provider));
            }
            attempt += 1;
        }
    }
}

impl Client {
    /// One attempt: send `http` and read the answer with `read`; every error carries the
    /// provider and no secret. The response (when one arrived) comes back with either outcome,
    /// for its `Retry-After`. Used by the retry loop and by polls.
    pub(crate) async fn attempt<R: Runtime, T>(
        &self,
        rt: &R,
        http: &HttpRequest,
        timeout_ms: u32,
        secrets: &[&str],
        read: &dyn Fn(&HttpResponse) -> Result<T>,
    ) -> (Result<T>, Option<HttpResponse>) {
        let provider = self.options.provider;
        match rt.send(http, timeout_ms).await {
            Ok(resp) => (
                read(&resp).map_err(|e| e.with_provider(provider).redacted(secrets)),
                Some(resp),
            ),
            Err(te) => (
                // A fetch's error message may quote the request (and so the webhook secret).
                Err(transport_error(te, http.operation, timeout_ms)
                    .with_provider(provider)
                    .redacted(secrets)),
                None,
            ),
        }
    }
}

/// The error for a request that got no response.
pub fn transport_error(te: TransportError, op: Operation, timeout_ms: u32) -> Error {
    let create = op == Operation::Create;
    let (code, mut message, maybe_sent) = match te {
        TransportError::Timeout => (
            ErrorCode::Timeout,
            format!("the provider did not answer within {timeout_ms} ms"),
            true,
        ),
        TransportError::Aborted { maybe_sent } => (
            ErrorCode::Aborted,
            "the call was aborted".to_string(),
            maybe_sent,
        ),
        TransportError::Network {
            message,
            maybe_sent,
        } => (
            ErrorCode::Network,
            format!("the connection failed: {message}"),
            maybe_sent,
        ),
    };
    let ambiguous = create && maybe_sent;
    let retryable = code != ErrorCode::Aborted && (!create || !maybe_sent);
    if ambiguous {
        message.push_str(AMBIGUOUS_HINT);
    }
    let mut e = Error::new(code, message).with_retryable(retryable);
    e.ambiguous = ambiguous;
    e
}

#[cfg(test)]
mod tests;
