//! Reading many tasks: APIFrame's `/fetch-many` in batches of up to 20, Legnext's single reads
//! run side by side with a concurrency limit. One result per id, in input order.

use super::join::{join_slots, Slot};
use crate::client::{read_one, Call, Client, Prepared, Read, Retry};
use crate::error::{Error, ErrorCode, Result};
use crate::http::HttpRequest;
use crate::input::Input;
use crate::options::RequestOptions;
use crate::prelude::*;
use crate::provider::{apiframe, Provider};
use crate::redact;
use crate::task::Task;
use crate::transport::{drive, Runtime, NO_REQUEST};

/// The most ids APIFrame accepts in one `/fetch-many` call.
pub const FETCH_MANY_MAX: usize = 20;
/// How many reads (Legnext GETs, APIFrame batches) are in flight at once. Rate limits depend
/// on the plan and are undocumented, so this stays modest.
pub const MAX_CONCURRENT_READS: usize = 4;

/// Reads every task of `ids`, returning one result per id in the same order.
///
/// Per-id results, not all-or-nothing: a batch that fails gives its error (with `taskId`) to
/// each of its ids, an id missing from APIFrame's answer gets `not_found`, an invalid id gets
/// `invalid_request`, and the tasks that were read are never thrown away. Repeated ids are
/// read once. APIFrame: batches of up to [`FETCH_MANY_MAX`] on `/fetch-many` (a batch of one
/// uses `/fetch`); Legnext: one `GET` per id, at most [`MAX_CONCURRENT_READS`] at a time. Reads
/// retry transient failures like `fetchTask`.
pub async fn fetch_tasks<R: Runtime>(
    client: &Client,
    rt: &R,
    ids: &[String],
    call: &RequestOptions,
) -> Vec<Result<Task>> {
    let provider = client.options.provider;
    let key = client.options.api_key.as_str();
    // Validate each id; keep the unique valid ones in first-seen order: a batch's ids are then a
    // slice of `unique`, before and after the reads.
    let mut unique: Vec<String> = Vec::new();
    // Plain vectors, not maps: a few hundred ids at most, and no hasher in the wasm build. The
    // invalid ids' errors start the list of answers (no read can answer for them).
    let mut invalid: Vec<(String, Result<Task>)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        // An id seen before is already read or refused.
        if let Some(earlier) = ids.get(..i) {
            if earlier.contains(id) {
                continue;
            }
        }
        match client.prepare(Call::Fetch, &Input::str(id)) {
            Ok(_) => unique.push(id.clone()),
            Err(e) => invalid.push((id.clone(), Err(e))),
        }
    }
    // Legnext reads one id per request; APIFrame batches. Either way one batch = one retry loop
    // (with the client's retries of transient failures): a lone id's own read (`/fetch`,
    // `GET /job`), APIFrame's `/fetch-many` for more.
    let size = match provider {
        Provider::Legnext => 1,
        Provider::Apiframe => FETCH_MANY_MAX,
    };
    let mut loops = Vec::new();
    for batch in unique.chunks(size) {
        let (http, read): (HttpRequest, Read) = match batch {
            // A lone id's own read, built again (it was accepted above).
            [id] => match client.prepare(Call::Fetch, &Input::str(id)) {
                Ok(prepared) => (prepared.http, read_one),
                Err(_) => (NO_REQUEST, read_one),
            },
            _ => (
                apiframe::build_fetch_many(&client.options, batch),
                |provider, _, resp, secrets| {
                    apiframe::parse_fetch_many(resp)
                        .map_err(|e| e.with_provider(provider).redacted(secrets))
                },
            ),
        };
        let prepared = Prepared {
            http,
            secrets: vec![key.to_string()],
        };
        let read = drive(rt, Retry::new(client, prepared, call, read));
        loops.push(Slot::Running(Box::pin(read)));
    }
    join_slots(&mut loops, MAX_CONCURRENT_READS).await;
    // Ids missing from an answer are left out here (and get `not_found` below).
    let mut found = invalid;
    let mut batches = unique.chunks(size);
    for slot in &mut loops {
        let Some(batch) = batches.next() else { break };
        let Slot::Done(outcome) = core::mem::replace(slot, Slot::Taken) else {
            continue;
        };
        match outcome {
            Ok(tasks) if batch.len() == 1 => {
                if let (Some(t), Some(id)) = (tasks.into_iter().next(), batch.first()) {
                    found.push((id.clone(), Ok(t)));
                }
            }
            Ok(tasks) => {
                for mut t in tasks {
                    if batch.contains(&t.id) {
                        redact::redact_task(&mut t, &[key]);
                        found.push((t.id.clone(), Ok(t)));
                    }
                }
            }
            Err(e) => {
                for id in batch {
                    found.push((id.clone(), Err(e.clone().with_task_id(id.as_str()))));
                }
            }
        }
    }
    let mut results = Vec::with_capacity(ids.len());
    for id in ids {
        let result = match found.iter().find(|(k, _)| k == id) {
            Some((_, read)) => read.clone(),
            None => Err(Error::new(
                ErrorCode::NotFound,
                "the provider's answer did not include task ".to_string() + id,
            )
            .with_provider(provider)
            .with_task_id(id.as_str())),
        };
        results.push(result);
    }
    results
}

#[cfg(test)]
mod tests;
