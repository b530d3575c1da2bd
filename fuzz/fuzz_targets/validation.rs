//! Request validation over arbitrary JS-like value trees: `ExtendRequest::parse` for both
//! providers, `ClientOptions::parse` (server and browser), `RequestOptions`, `WaitOptions`,
//! `parse_chain` and `build_fetch`. Never a panic; every refusal is `invalid_request` naming a
//! field and never quoting the API key; everything accepted builds a well-formed request.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use video_extend::error::{Error, ErrorCode};
use video_extend::input::Input;
use video_extend::lifecycle::{parse_chain, WaitOptions};
use video_extend::options::{ClientOptions, RequestOptions};
use video_extend::provider::{build_extend, build_fetch, ExtendRequest, Provider};
use video_extend_fuzz::{assert_no_secret, input, mentions, object, KEY};

const CLIENT_KEYS: &[&str] = &[
    "provider",
    "apiKey",
    "baseURL",
    "timeout",
    "maxRetries",
    "fetch",
];

fn refused(e: &Error, label: &str) {
    assert_eq!(e.code, ErrorCode::InvalidRequest, "{label}: {e:?}");
    assert!(e.field.is_some(), "{label}: no field: {e:?}");
    assert!(!e.retryable && !e.ambiguous, "{label}: {e:?}");
}

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let provider = if u.arbitrary()? {
        Provider::Legnext
    } else {
        Provider::Apiframe
    };

    // Client options: an object of mostly-known keys, the key planted as apiKey most of the time.
    let mut opts = object(&mut u, 2, CLIENT_KEYS)?;
    if let Input::Object { entries, .. } = &mut opts {
        if u.ratio(3, 4)? {
            entries.retain(|(k, _)| k != "apiKey");
            entries.push(("apiKey".into(), Input::str(KEY)));
        }
        if u.ratio(3, 4)? {
            entries.retain(|(k, _)| k != "provider");
            entries.push(("provider".into(), Input::str(provider.as_str())));
        }
    }
    let key_elsewhere = mentions(&opts, KEY, Some("apiKey"));
    for browser in [false, true] {
        match ClientOptions::parse_in(&opts, browser) {
            Ok(o) => {
                assert!(!o.base().ends_with('/'), "base {}", o.base());
                assert!(o.retries() <= 10 && o.timeout_ms() >= 1);
                assert!(
                    !format!("{o:?}").contains(KEY),
                    "options Debug shows the key"
                );
            }
            Err(e) => {
                refused(&e, "options");
                if !key_elsewhere {
                    assert_no_secret(&format!("{e:?}"), &[KEY], "options error");
                }
            }
        }
    }
    let client = ClientOptions::parse(&Input::object(vec![
        ("provider", Input::str(provider.as_str())),
        ("apiKey", Input::str(KEY)),
    ]))
    .map_err(|_| arbitrary::Error::IncorrectFormat)?;

    // An extension request, a chain, per-call and wait options, a task id.
    let request = input(&mut u, 4)?;
    match ExtendRequest::parse(provider, &request) {
        Ok(r) => {
            let http = build_extend(&client, &r);
            let body = http.body.unwrap_or_default();
            let json: serde_json::Value =
                serde_json::from_str(&body).map_err(|_| arbitrary::Error::IncorrectFormat)?;
            assert!(json.is_object(), "extend body {body}");
            let id_key = match provider {
                Provider::Legnext => "jobId",
                Provider::Apiframe => "parent_task_id",
            };
            assert!(
                json.get(id_key).is_some_and(|v| v.is_string()),
                "extend body {body}"
            );
        }
        Err(e) => refused(&e, "extend request"),
    }
    let resume = input(&mut u, 3)?;
    if let Err(e) = parse_chain(provider, &request, &resume) {
        refused(&e, "chain");
    }
    let bag = input(&mut u, 3)?;
    if let Err(e) = RequestOptions::parse(&bag) {
        refused(&e, "request options");
    }
    if let Err(e) = WaitOptions::parse(&bag) {
        refused(&e, "wait options");
    }
    let id = input(&mut u, 1)?;
    match build_fetch(&client, &id) {
        Ok(req) => assert!(req.url.starts_with(client.base()), "{}", req.url),
        Err(e) => refused(&e, "task id"),
    }
    // extraBody-style conversion of any tree.
    if let Err(e) = request.to_json("extraBody", 0) {
        refused(&e, "to_json");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
