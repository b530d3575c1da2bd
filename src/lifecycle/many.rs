//! Reading many tasks: APIFrame's `/fetch-many` in batches of up to 20, Legnext's single reads
//! run side by side with a concurrency limit. One result per id, in input order.

use super::join::join_limited;
use crate::client::{read_one, Call, Client, Prepared, Read, Retry};
use crate::error::{Error, ErrorCode, Result};
use crate::input::Input;
use crate::options::RequestOptions;
use crate::provider::{apiframe, Provider};
use crate::redact;
use crate::task::Task;
use crate::transport::{drive, Runtime};

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
    let secrets = [client.options.api_key.as_str()];
    // Validate each id; keep the unique valid ones in first-seen order.
    let mut unique: Vec<String> = Vec::new();
    // Plain vectors, not maps: a few hundred ids at most, and no hasher in the wasm build.
    let mut invalid: Vec<(&str, Error)> = Vec::new();
    for id in ids {
        if unique.contains(id) || invalid.iter().any(|(k, _)| k == id) {
            continue;
        }
        match crate::provider::build_fetch(&client.options, &Input::str(id)) {
            Ok(_) => unique.push(id.clone()),
            Err(e) => invalid.push((id, e.with_provider(provider).redacted(&secrets))),
        }
    }
    // Legnext reads one id per request; APIFrame batches. Either way one batch = one future.
    let size = match provider {
        Provider::Legnext => 1,
        Provider::Apiframe => FETCH_MANY_MAX,
    };
    let batches = unique
        .chunks(size)
        .map(|batch| read_batch(client, rt, batch, call))
        .collect();
    let found: Vec<(String, Result<Task>)> = join_limited(batches, MAX_CONCURRENT_READS)
        .await
        .into_iter()
        .flatten()
        .collect();
    ids.iter()
        .map(|id| {
            if let Some((_, e)) = invalid.iter().find(|(k, _)| k == id) {
                return Err(e.clone());
            }
            let read = found.iter().find(|(k, _)| k == id).map(|(_, r)| r.clone());
            read.unwrap_or_else(|| {
                Err(Error::new(
                    ErrorCode::NotFound,
                    format!("the provider's answer did not include task {id}"),
                )
                .with_provider(provider)
                .with_task_id(id.as_str()))
            })
        })
        .collect()
}

/// One batch: `/fetch` (APIFrame) or `GET /job` (Legnext) for a single id, APIFrame's
/// `/fetch-many` otherwise (with the client's retries of transient failures). Ids missing from
/// the answer are left out.
async fn read_batch<R: Runtime>(
    client: &Client,
    rt: &R,
    batch: &[String],
    call: &RequestOptions,
) -> Vec<(String, Result<Task>)> {
    let key = client.options.api_key.as_str();
    let single = batch.len() == 1;
    let (prepared, read): (Result<Prepared>, Read) = match batch {
        [id] => (client.prepare(Call::Fetch, &Input::str(id)), read_one),
        _ => (
            Ok(Prepared {
                http: apiframe::build_fetch_many(&client.options, batch),
                secrets: vec![key.to_string()],
            }),
            |_, _, resp, _| apiframe::parse_fetch_many(resp),
        ),
    };
    let outcome = match prepared {
        Ok(prepared) => drive(rt, Retry::new(client, prepared, call, read)).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(tasks) if single => tasks
            .into_iter()
            .zip(batch)
            .map(|(t, id)| (id.clone(), Ok(t)))
            .collect(),
        Ok(tasks) => tasks
            .into_iter()
            .filter(|t| batch.contains(&t.id))
            .map(|mut t| {
                redact::redact_task(&mut t, &[key]);
                (t.id.clone(), Ok(t))
            })
            .collect(),
        Err(e) => batch
            .iter()
            .map(|id| (id.clone(), Err(e.clone().with_task_id(id.as_str()))))
            .collect(),
    }
}

#[cfg(test)]
mod tests;
