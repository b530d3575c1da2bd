//! Webhook verification and parsing (`webhook::parse_webhook`, `verify_signed_url`,
//! `sign_callback_url`): never a panic, nothing accepted without the secret or a valid
//! signature, a URL signed now verifies now (and not with another secret, nor once expired),
//! and the secret never appears in what comes back.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use video_extend::provider::Provider;
use video_extend::webhook::{parse_webhook, sign_callback_url, verify_signed_url, WebhookRequest};
use video_extend_fuzz::{assert_no_secret, renderings, string, SECRET};

const HEADER_NAMES: &[&str] = &[
    "x-webhook-secret",
    "X-Webhook-Secret",
    "content-length",
    "x-other",
];

fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let flags: u8 = u.arbitrary()?;
    let provider = if flags & 1 == 0 {
        Provider::Legnext
    } else {
        Provider::Apiframe
    };
    // Seconds since the epoch, from 1970 to ~2106, in ms; sometimes an odd f64.
    let now_ms = if flags & 2 == 0 {
        f64::from(u.arbitrary::<u32>()?) * 1000.0
    } else {
        f64::from_bits(u.arbitrary()?)
    };
    let expires: u32 = u.int_in_range(0..=31_536_000)?;
    let base = string(&mut u)?;

    // Sign-then-verify round trip, for whatever URL `sign_callback_url` accepts.
    let signed = sign_callback_url(&base, SECRET, expires, now_ms);
    if let Ok(url) = &signed {
        if !base.contains(SECRET) {
            assert_no_secret(url, &[SECRET], "signed url");
        }
        if now_ms.is_finite() && (0.0..4e12).contains(&now_ms) {
            assert!(
                verify_signed_url(url, SECRET, now_ms).is_ok(),
                "a URL signed now does not verify now: {url}"
            );
            assert!(verify_signed_url(url, "another-secret", now_ms).is_err());
            let later = now_ms + (f64::from(expires) + 2.0) * 1000.0;
            assert!(
                verify_signed_url(url, SECRET, later).is_err(),
                "expired URL accepted: {url}"
            );
        }
    }

    // The URL the webhook arrived at: none, arbitrary, signed, or signed and then edited.
    let url = match (flags >> 2) & 3 {
        0 => None,
        1 => Some(string(&mut u)?),
        2 => signed.clone().ok(),
        _ => signed.clone().ok().map(|mut s| {
            let at = usize::from(u.arbitrary::<u8>().unwrap_or(0));
            let at = (0..=at.min(s.len()))
                .rev()
                .find(|i| s.is_char_boundary(*i))
                .unwrap_or(0);
            s.insert(at, 'x');
            s
        }),
    };
    let mut headers = Vec::new();
    for _ in 0..((flags >> 4) & 3) {
        let name = u.choose(HEADER_NAMES)?.to_string();
        let value = if u.ratio(1, 2)? {
            SECRET.to_string()
        } else {
            string(&mut u)?
        };
        headers.push((name, value));
    }
    let secret = if flags & 0x40 == 0 {
        SECRET.to_string()
    } else {
        string(&mut u)?
    };
    let req = WebhookRequest {
        url,
        headers,
        body: u.take_rest().to_vec(),
    };
    let result = parse_webhook(provider, &req, &secret, now_ms);
    let shown = match &result {
        Ok(w) => {
            assert!(w.delivery_key.starts_with(&w.task.id), "{}", w.delivery_key);
            match provider {
                Provider::Apiframe => {
                    let sent = req
                        .headers
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case("x-webhook-secret"))
                        .map(|(_, v)| v.as_str());
                    assert_eq!(sent, Some(secret.as_str()), "accepted without the secret");
                }
                Provider::Legnext => {
                    let url = req.url.as_deref().unwrap_or("");
                    assert!(
                        verify_signed_url(url, &secret, now_ms).is_ok(),
                        "accepted unsigned"
                    );
                }
            }
            renderings(&Ok(w.task.clone()))
        }
        Err(e) => renderings(&Err(e.clone())),
    };
    // Only the planted secret is distinctive enough to look for (an arbitrary one like
    // "Legnext" may be part of a fixed message).
    if secret == SECRET {
        assert_no_secret(&shown, &[secret.as_str()], "parse_webhook");
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = run(data);
});
