//! Webhook verification and parsing: good deliveries, every rejection, tampering and expiry.

use super::*;
use crate::TaskStatus;

const SECRET: &str = "whsec-test-0123456789";
const NOW: f64 = 1_800_000_000_000.0;

fn apiframe(secret_header: Option<&str>, body: &str) -> WebhookRequest {
    WebhookRequest {
        url: Some("https://app.example/hooks/luma".into()),
        headers: secret_header
            .map(|s| vec![("X-Webhook-Secret".to_string(), s.to_string())])
            .unwrap_or_default(),
        body: body.as_bytes().to_vec(),
    }
}

const LEGNEXT_DONE: &str = r#"{"job_id":"e41e5586-dcee-4659-ae56-dbf19d20051a","status":"completed","output":{"video_urls":["https://cdn/a.mp4"]},"error":{"code":0,"message":""}}"#;

fn code(r: Result<Webhook>) -> Option<ErrorCode> {
    r.err().map(|e| e.code)
}

#[test]
fn apiframe_secret_is_checked_before_the_body() {
    let ok = parse_webhook(
        Provider::Apiframe,
        &apiframe(
            Some(SECRET),
            r#"{"task_id":"t1","task_type":"luma-ext","video_url":"https://cdn/v.mp4"}"#,
        ),
        SECRET,
        NOW,
    );
    let ok = ok.ok();
    assert_eq!(
        ok.as_ref().map(|w| w.task.status),
        Some(TaskStatus::Completed)
    );
    assert_eq!(
        ok.as_ref().map(|w| w.delivery_key.as_str()),
        Some("t1:completed")
    );

    let update = parse_webhook(
        Provider::Apiframe,
        &apiframe(
            Some(SECRET),
            r#"{"task_id":"t1","status":"processing","percentage":"50"}"#,
        ),
        SECRET,
        NOW,
    );
    assert_eq!(
        update.ok().map(|w| w.delivery_key),
        Some("t1:processing:50".to_string())
    );

    for (header, body) in [
        (None, "{}"),
        (Some("wrong"), r#"{"task_id":"t1"}"#),
        (Some(""), r#"{"task_id":"t1"}"#),
        (Some("whsec-test-012345678"), r#"{"task_id":"t1"}"#),
        (Some(SECRET), "not json"),
        (Some(SECRET), r#"{"no":"task"}"#),
        (Some(SECRET), "[1,2]"),
    ] {
        let r = parse_webhook(Provider::Apiframe, &apiframe(header, body), SECRET, NOW);
        let e = r.err();
        assert_eq!(
            e.as_ref().map(|e| e.code),
            Some(ErrorCode::InvalidWebhook),
            "{header:?} {body}"
        );
        assert!(!e.map(|e| e.message.contains(SECRET)).unwrap_or(true));
    }
    let big = format!(
        r#"{{"task_id":"t1","pad":"{}"}}"#,
        "x".repeat(MAX_WEBHOOK_BYTES)
    );
    assert_eq!(
        code(parse_webhook(
            Provider::Apiframe,
            &apiframe(Some(SECRET), &big),
            SECRET,
            NOW
        )),
        Some(ErrorCode::InvalidWebhook)
    );
    let no_secret = parse_webhook(Provider::Apiframe, &apiframe(Some(""), "{}"), "", NOW);
    assert_eq!(
        no_secret.err().and_then(|e| e.field.clone()),
        Some("secret".into())
    );
}

#[test]
fn legnext_callbacks_are_signed_and_verified() {
    let signed = sign_callback_url(
        "https://app.example/hooks/legnext?user=7#frag",
        SECRET,
        3600,
        NOW,
    )
    .unwrap_or_default();
    assert!(
        signed.starts_with("https://app.example/hooks/legnext?user=7&ve_exp=1800003600&ve_sig="),
        "{signed}"
    );
    assert!(signed.ends_with("#frag"));
    assert!(!signed.contains(SECRET));

    // The receiver sees another host (a proxy): the path and query are what is signed.
    let arrived = signed.replace("https://app.example", "http://10.0.0.5:8080");
    let req = WebhookRequest {
        url: Some(arrived.clone()),
        headers: vec![],
        body: LEGNEXT_DONE.as_bytes().to_vec(),
    };
    let w = parse_webhook(Provider::Legnext, &req, SECRET, NOW + 1000.0).ok();
    assert_eq!(w.as_ref().map(|w| w.task.video_urls.len()), Some(1));
    assert_eq!(
        w.map(|w| w.delivery_key),
        Some("e41e5586-dcee-4659-ae56-dbf19d20051a:completed".into())
    );

    let tampered = [
        arrived.replace("user=7", "user=8"),
        arrived.replace("ve_exp=1800003600", "ve_exp=1900003600"),
        arrived.replace("/hooks/legnext", "/hooks/other"),
        "https://app.example/hooks/legnext?user=7".to_string(),
        format!("{}0", arrived.trim_end_matches("#frag")),
        arrived.replace("ve_sig=", "ve_sig=zz"),
    ];
    for url in tampered {
        let req = WebhookRequest {
            url: Some(url.clone()),
            headers: vec![],
            body: LEGNEXT_DONE.as_bytes().to_vec(),
        };
        assert_eq!(
            code(parse_webhook(Provider::Legnext, &req, SECRET, NOW)),
            Some(ErrorCode::InvalidWebhook),
            "{url}"
        );
    }
    let wrong_secret = parse_webhook(Provider::Legnext, &req, "another-secret", NOW);
    assert_eq!(code(wrong_secret), Some(ErrorCode::InvalidWebhook));
    let expired = parse_webhook(Provider::Legnext, &req, SECRET, NOW + 3_601_000.0);
    assert!(expired
        .err()
        .map(|e| e.message.contains("expired"))
        .unwrap_or(false));
    let no_url = WebhookRequest {
        url: None,
        ..req.clone()
    };
    assert_eq!(
        code(parse_webhook(Provider::Legnext, &no_url, SECRET, NOW)),
        Some(ErrorCode::InvalidWebhook)
    );
    let not_task = WebhookRequest {
        body: br#"{"hello":1}"#.to_vec(),
        ..req
    };
    assert_eq!(
        code(parse_webhook(Provider::Legnext, &not_task, SECRET, NOW)),
        Some(ErrorCode::InvalidWebhook)
    );
}

#[test]
fn signing_refuses_bad_input() {
    for (url, secret, exp, field) in [
        ("not a url", SECRET, 60, "url"),
        ("https://x.example/cb", "", 60, "secret"),
        ("https://x.example/cb", SECRET, 0, "expiresIn"),
        ("https://x.example/cb?ve_sig=ab", SECRET, 60, "url"),
    ] {
        let e = sign_callback_url(url, secret, exp, NOW).err();
        assert_eq!(
            e.and_then(|e| e.field.clone()),
            Some(field.to_string()),
            "{url}"
        );
    }
    let bare = sign_callback_url("http://127.0.0.1:9/cb", SECRET, 60, NOW).unwrap_or_default();
    assert!(bare.starts_with("http://127.0.0.1:9/cb?ve_exp="));
    assert!(verify_signed_url(&bare, SECRET, NOW).is_ok());
}

#[test]
fn signature_is_standard_hmac_sha256() {
    // Known answer, computed independently with Node's crypto:
    // createHmac("sha256", "whsec-test").update("/hooks/legnext?job=7\n1700003600").digest("hex")
    let signed = sign_callback_url(
        "https://example.com/hooks/legnext?job=7",
        "whsec-test",
        3600,
        1_700_000_000_000.0,
    );
    assert_eq!(
        signed.ok().as_deref(),
        Some(
            "https://example.com/hooks/legnext?job=7&ve_exp=1700003600\
             &ve_sig=7fe6cc9f3bac34490fb41c8021e124d37035a950e12532c51a3e0b334268369f"
        )
    );
}

#[test]
fn signature_is_standard_hmac_sha256_for_long_secrets() {
    // Secrets over the 64-byte block are hashed first (RFC 2104). Known answers from Node:
    // createHmac("sha256", secret).update("/hooks/legnext?job=7\n1700003600").digest("hex")
    let long = format!("whsec-{}", "x".repeat(100));
    for (secret, sig) in [
        (
            "k".repeat(64),
            "b21722dae2376a20804da0abc518306f4623426635fa54cade2354d0c51d5191",
        ),
        (
            "k".repeat(65),
            "8db74ad2235230480684ccd06d084ffe1c9cdc27cb8b53d52d6c6f64070528e2",
        ),
        (
            long,
            "399cba5fc4ac946b9e97df57e2e938a95f057c7e8f71e69538f7a8efd3b974ec",
        ),
    ] {
        let signed = sign_callback_url(
            "https://example.com/hooks/legnext?job=7",
            &secret,
            3600,
            1_700_000_000_000.0,
        );
        assert_eq!(
            signed.ok(),
            Some(format!(
                "https://example.com/hooks/legnext?job=7&ve_exp=1700003600&ve_sig={sig}"
            ))
        );
    }
    // Every secret length around the block size agrees with the crate's HMAC.
    for n in 1..=140 {
        let secret = "s".repeat(n);
        let mac = hmac_sha256::HMAC::mac("/p\n9", &secret);
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(signature(&secret, "/p".to_string(), "9"), hex, "{n}");
    }
}

#[test]
fn signature_hex_is_strict() {
    let signed = "https://example.com/hooks/legnext?job=7&ve_exp=1700003600\
                  &ve_sig=7fe6cc9f3bac34490fb41c8021e124d37035a950e12532c51a3e0b334268369f";
    let now = 1_700_000_000_000.0;
    assert!(verify_signed_url(signed, "whsec-test", now).is_ok());
    // Either case of hex digits.
    let upper = signed.replace("7fe6cc9f3bac", "7FE6CC9F3BAC");
    assert!(verify_signed_url(&upper, "whsec-test", now).is_ok());
    // `+f` is not hex for 0x0f (u8::from_str_radix took it), nor is anything else.
    for (from, to, why) in [
        ("490fb4", "49+fb4", "malformed"),
        ("490fb4", "49 fb4", "malformed"),
        ("490fb4", "490fb", "malformed"),
        ("490fb4", "490f", "does not match"),
        ("490fb4", "490fb5", "does not match"),
    ] {
        let url = signed.replace(from, to);
        let e = verify_signed_url(&url, "whsec-test", now).err();
        assert!(
            e.as_ref().is_some_and(|e| e.message.contains(why)),
            "{url}: {e:?}"
        );
    }
}
