//! Inputs the fuzzer (fuzz/, see scripts/test-steps/30-fuzz.sh) found to break an invariant,
//! kept as plain host tests so each fix stays fixed without running the fuzzer.

mod common;

use common::{fixture, resp, KEY, WHSEC};
use video_extend::http::{HttpResponse, Operation};
use video_extend::provider::{parse_response, Provider};
use video_extend::webhook::{parse_webhook, sign_callback_url, verify_signed_url, WebhookRequest};

const NOW_MS: f64 = 1_800_000_000_000.0;

/// fuzz/response: a provider answer whose JSON *key* carries the API key or webhook secret
/// kept it in `raw` (only values were scrubbed).
#[test]
fn secrets_in_json_keys_are_redacted_from_raw() {
    let body = fixture("legnext/completed.json").replacen(
        "\"output\"",
        &format!("\"echo-{KEY}\": {{\"{WHSEC}\": 1}}, \"output\""),
        1,
    );
    for op in [Operation::Read, Operation::Create] {
        let task = parse_response(Provider::Legnext, op, &resp(200, &[], &body), &[KEY, WHSEC]);
        let text = match &task {
            Ok(t) => format!("{t:?}\n{}", t.raw),
            Err(e) => panic!("the answer is a task: {e:?}"),
        };
        assert!(!text.contains(KEY), "API key in a key of raw: {text}");
        assert!(
            !text.contains(WHSEC),
            "webhook secret in a key of raw: {text}"
        );
        assert!(
            text.contains("echo-[redacted]"),
            "the key is kept, redacted: {text}"
        );
    }
    let body = format!("{{\"task_id\":\"t1\",\"status\":\"failed\",\"{WHSEC}\":\"x\"}}");
    let r = HttpResponse {
        status: 200,
        headers: vec![],
        body: body.into_bytes(),
    };
    let t = parse_response(Provider::Apiframe, Operation::Read, &r, &[WHSEC]);
    assert!(t.is_ok_and(|t| !t.raw.to_string().contains(WHSEC)));
}

/// fuzz/webhook: a callback URL without a path (`https://host` or `https://host?q=1`) was
/// signed, but the signature could not be found (nor, with a query, verified) again: the
/// query was taken for part of the host.
#[test]
fn callback_urls_without_a_path_sign_and_verify() {
    let body = fixture("legnext/completed.json");
    for url in [
        "http://127.0.0.1:8787",
        "https://app.example?user=42",
        "https://app.example#frag",
        "https://app.example?user=42#frag",
        "https://app.example/hook?user=42",
    ] {
        let signed = match sign_callback_url(url, WHSEC, 600, NOW_MS) {
            Ok(s) => s,
            Err(e) => panic!("{url}: {e:?}"),
        };
        assert!(
            verify_signed_url(&signed, WHSEC, NOW_MS).is_ok(),
            "{url} signed as {signed} does not verify"
        );
        // What a server sees once the URL parser adds the root path.
        let normalized = if signed.contains("example?") || signed.contains("8787?") {
            signed.replacen('?', "/?", 1)
        } else {
            signed.clone()
        };
        let req = WebhookRequest {
            url: Some(normalized.clone()),
            headers: vec![],
            body: body.clone().into_bytes(),
        };
        assert!(
            parse_webhook(Provider::Legnext, &req, WHSEC, NOW_MS).is_ok(),
            "{normalized} refused"
        );
        // The query is signed: changing it breaks the signature.
        if url.contains("user=42") {
            let forged = signed.replacen("user=42", "user=43", 1);
            assert!(
                verify_signed_url(&forged, WHSEC, NOW_MS).is_err(),
                "{forged} accepted"
            );
        }
    }
}
