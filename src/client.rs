//! The request loop: validate, build, send through a [`Runtime`], read the answer, and retry
//! only what is safe to retry. The loop is a synchronous state machine ([`Retry`]) that
//! [`drive`] runs on any runtime, so it runs on the host in tests.

use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Operation, AMBIGUOUS_HINT};
use crate::input::{decimal, Input};
use crate::options::{ClientOptions, RequestOptions};
use crate::policy::retry;
use crate::prelude::*;
use crate::provider::{self, ExtendRequest, Provider};
use crate::task::Task;
use crate::transport::{drive, Clock, Event, Machine, Runtime, TransportError, Want};

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
        let mut secrets = vec![api_key.to_string()];
        let built = match call {
            Call::Extend => match ExtendRequest::parse(provider, arg) {
                Ok(req) => {
                    // The webhook secret ([`ExtendRequest::secrets`]), without a Vec of borrows.
                    if let ExtendRequest::Apiframe(r) = &req {
                        if let Some(secret) = &r.webhook_secret {
                            secrets.push(secret.clone());
                        }
                    }
                    Ok(provider::build_extend(&self.options, &req))
                }
                Err(e) => Err(e),
            },
            Call::Fetch => provider::build_fetch(&self.options, arg),
        };
        match built {
            Ok(http) => Ok(Prepared { http, secrets }),
            Err(e) => Err(e.with_provider(provider).redacted(&[api_key])),
        }
    }

    /// Sends a prepared call (see [`Client::execute`]).
    pub async fn run<R: Runtime>(
        &self,
        rt: &R,
        prepared: &Prepared,
        call: &RequestOptions,
    ) -> Result<Task> {
        only(drive(rt, Retry::new(self, prepared.clone(), call, read_one)).await)
    }

    /// Sends `http`, retrying what the policy allows, and reads the answer into a task.
    pub async fn execute<R: Runtime>(
        &self,
        rt: &R,
        http: &HttpRequest,
        call: &RequestOptions,
        secrets: &[&str],
    ) -> Result<Task> {
        let prepared = Prepared {
            http: http.clone(),
            secrets: secrets.iter().map(|s| s.to_string()).collect(),
        };
        only(drive(rt, Retry::new(self, prepared, call, read_one)).await)
    }

    /// One attempt's outcome: the answer read with `read`, or the transport's error; every
    /// error carries the provider and no secret. The response (when one arrived) comes back
    /// with either outcome, for its `Retry-After`. Used by the retry loop and by polls.
    pub(crate) fn read_answer(
        &self,
        http: &HttpRequest,
        timeout_ms: u32,
        secrets: &[&str],
        read: Read,
        answer: core::result::Result<HttpResponse, TransportError>,
    ) -> (Result<Vec<Task>>, Option<HttpResponse>) {
        let provider = self.options.provider;
        match answer {
            Ok(resp) => (read(provider, http.operation, &resp, secrets), Some(resp)),
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

/// Reads an answer into tasks ([`read_one`], or a batch of tasks); its errors carry the provider
/// and no secret. One signature, so the loop is compiled once.
pub(crate) type Read = fn(Provider, Operation, &HttpResponse, &[&str]) -> Result<Vec<Task>>;

/// Reads an answer into one task ([`provider::parse_response`]).
pub(crate) fn read_one(
    provider: Provider,
    op: Operation,
    resp: &HttpResponse,
    secrets: &[&str],
) -> Result<Vec<Task>> {
    provider::parse_response(provider, op, resp, secrets).map(|t| vec![t])
}

/// The task of a [`read_one`].
pub(crate) fn only(tasks: Result<Vec<Task>>) -> Result<Task> {
    tasks.and_then(|tasks| {
        tasks
            .into_iter()
            .next()
            .ok_or_else(|| Error::new(ErrorCode::InvalidResponse, "the answer held no task"))
    })
}

/// The retry loop as a state machine: sends the prepared request and reads each answer with
/// `read`, retrying what the policy allows (see [`drive`]).
pub(crate) struct Retry<'a> {
    client: &'a Client,
    prepared: Prepared,
    timeout: u32,
    attempt: u32,
    read: Read,
}

impl<'a> Retry<'a> {
    /// The loop for `prepared`, with the call's attempt timeout.
    pub(crate) fn new(
        client: &'a Client,
        prepared: Prepared,
        call: &RequestOptions,
        read: Read,
    ) -> Self {
        Retry {
            client,
            prepared,
            timeout: call.timeout.unwrap_or_else(|| client.options.timeout_ms()),
            attempt: 0,
            read,
        }
    }

    /// The client it runs for.
    pub(crate) fn client(&self) -> &'a Client {
        self.client
    }
}

impl Machine for Retry<'_> {
    type Output = Result<Vec<Task>>;

    fn step(&mut self, event: Event, clock: &dyn Clock) -> Want<Result<Vec<Task>>> {
        let client = self.client;
        match event {
            Event::Start => {}
            Event::Slept(Ok(())) => self.attempt += 1,
            // Aborted while waiting to retry: nothing is in flight.
            Event::Slept(Err(te)) => {
                return Want::Done(Err(transport_error(te, Operation::Read, self.timeout)
                    .with_provider(client.options.provider)))
            }
            Event::Sent(answer) => {
                let secrets: Vec<&str> = self.prepared.secrets.iter().map(String::as_str).collect();
                let (result, resp) = client.read_answer(
                    &self.prepared.http,
                    self.timeout,
                    &secrets,
                    self.read,
                    answer,
                );
                let err = match result {
                    Ok(value) => return Want::Done(Ok(value)),
                    Err(e) => e,
                };
                if !err.retryable || self.attempt >= client.options.retries() {
                    return Want::Done(Err(err));
                }
                return Want::Sleep(retry::delay_ms(
                    self.attempt,
                    resp.as_ref(),
                    clock.now(),
                    clock.jitter(),
                ));
            }
        }
        Want::Send(self.timeout)
    }

    fn request(&self) -> &HttpRequest {
        &self.prepared.http
    }
}

/// The error for a request that got no response.
pub fn transport_error(te: TransportError, op: Operation, timeout_ms: u32) -> Error {
    let create = op == Operation::Create;
    let (code, mut message, maybe_sent) = match te {
        TransportError::Timeout => (
            ErrorCode::Timeout,
            crate::input::cat(&[
                "the provider did not answer within ",
                &decimal(u64::from(timeout_ms)),
                " ms",
            ]),
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
        } => {
            let mut text = "the connection failed".to_string();
            crate::error::push_detail(&mut text, Some(&message));
            (ErrorCode::Network, text, maybe_sent)
        }
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
