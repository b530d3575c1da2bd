//! Helpers shared by the integration tests (each test file includes this module).
#![allow(dead_code)]

use serde_json::Value;
use video_extend::http::HttpResponse;
use video_extend::input::Input;
use video_extend::options::ClientOptions;

/// A valid Legnext job id (from Legnext's own docs).
pub const JOB: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
/// The API key used across the tests.
pub const KEY: &str = "sk-test-abcdef123456";
/// The webhook secret used across the tests.
pub const WHSEC: &str = "whsec-test-987654";

/// The text of a fixture under `tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let full = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&full) {
        Ok(s) => s,
        Err(e) => panic!("cannot read fixture {full}: {e}"),
    }
}

/// A fixture parsed as JSON.
pub fn fixture_json(path: &str) -> Value {
    match serde_json::from_str(&fixture(path)) {
        Ok(v) => v,
        Err(e) => panic!("fixture {path} is not JSON: {e}"),
    }
}

/// A fixture parsed into the SDK's own JSON value (keys in the file's order).
pub fn fixture_value(path: &str) -> video_extend::json::Value {
    let text = fixture(path);
    match video_extend::json::parse(&text) {
        Ok(v) => v,
        Err(e) => panic!("fixture {path} is not JSON: {e:?}"),
    }
}

/// A `json!` value as the SDK's own JSON value (its text read back: keys sorted, as serde_json
/// holds them).
pub fn value(v: serde_json::Value) -> video_extend::json::Value {
    match video_extend::json::parse(&v.to_string()) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e:?}): {v}"),
    }
}

/// A response with a JSON content type and the given extra headers.
pub fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut h: Vec<(String, String)> = vec![("content-type".into(), "application/json".into())];
    h.extend(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    HttpResponse {
        status,
        headers: h,
        body: body.as_bytes().to_vec(),
    }
}

/// Client options for `provider` with the shared key (plus extra pairs).
pub fn options_input(provider: &str, extra: Vec<(&str, Input)>) -> Input {
    let mut v = vec![
        ("provider", Input::str(provider)),
        ("apiKey", Input::str(KEY)),
    ];
    v.extend(extra);
    Input::object(v)
}

/// Parsed client options; panics (test only) when refused.
pub fn options(provider: &str, extra: Vec<(&str, Input)>) -> ClientOptions {
    match ClientOptions::parse(&options_input(provider, extra)) {
        Ok(o) => o,
        Err(e) => panic!("valid options refused: {e:?}"),
    }
}
