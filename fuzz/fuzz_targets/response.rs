//! Both providers' response parsing (`provider::parse_response`) on any status, headers and
//! body: never a panic, never a secret in the Task or Error, never a Task from a non-2xx
//! answer, never "retry" on a create that may have made a job.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use video_extend::error::ErrorCode;
use video_extend::http::{HttpResponse, Operation};
use video_extend::provider::{parse_response, Provider};
use video_extend_fuzz::{assert_no_secret, renderings, KEY, SECRET};

const STATUSES: &[u16] = &[
    200, 201, 202, 204, 299, 301, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 599,
    0, 100, 600, 999,
];
const HEADERS: &[&str] = &[
    "content-type",
    "Content-Length",
    "content-length",
    "retry-after",
    "retry-after-ms",
    "x-request-id",
    "request-id",
    "cf-ray",
];

/// Input layout: flags, status, headers, then the rest is the body (so a fixture with a short
/// prefix is a seed).
fn parse(data: &[u8]) -> arbitrary::Result<(Provider, Operation, HttpResponse)> {
    let mut u = Unstructured::new(data);
    let flags: u8 = u.arbitrary()?;
    let provider = if flags & 1 == 0 {
        Provider::Legnext
    } else {
        Provider::Apiframe
    };
    let op = if flags & 2 == 0 {
        Operation::Read
    } else {
        Operation::Create
    };
    let status = if flags & 4 == 0 {
        *u.choose(STATUSES)?
    } else {
        u.arbitrary()?
    };
    let mut headers = Vec::new();
    for _ in 0..(flags >> 5) {
        let name = u.choose(HEADERS)?.to_string();
        let len = usize::from(u.int_in_range(0..=24u8)?).min(u.len());
        let value = String::from_utf8_lossy(u.bytes(len)?).into_owned();
        headers.push((name, value));
    }
    let body = u.take_rest().to_vec();
    Ok((
        provider,
        op,
        HttpResponse {
            status,
            headers,
            body,
        },
    ))
}

fuzz_target!(|data: &[u8]| {
    let Ok((provider, op, resp)) = parse(data) else {
        return;
    };
    let result = parse_response(provider, op, &resp, &[KEY, SECRET]);
    assert_no_secret(&renderings(&result), &[KEY, SECRET], "parse_response");
    match &result {
        Ok(task) => {
            assert!(resp.is_success(), "a task from HTTP {}", resp.status);
            assert_eq!(task.provider, provider);
            if let Some(p) = task.progress {
                assert!((0.0..=100.0).contains(&p), "progress {p}");
            }
        }
        Err(e) => {
            assert!(
                !(e.retryable && e.ambiguous),
                "retryable and ambiguous: {e:?}"
            );
            if op == Operation::Create && e.retryable {
                assert_eq!(e.code, ErrorCode::RateLimited, "a create retried: {e:?}");
            }
            assert_eq!(e.provider, Some(provider));
            assert!(!e.message.is_empty());
        }
    }
});
