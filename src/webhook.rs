//! Incoming notifications: verify (in constant time) and parse provider webhooks into a Task.
//!
//! APIFrame sends the `webhook_secret` back verbatim in `x-webhook-secret`. Legnext documents no
//! signature, so the SDK adds one: [`sign_callback_url`] appends an expiry and an HMAC-SHA256 of
//! the callback's path and query to the URL given to `extendVideo`; [`parse_webhook`] checks it
//! from the URL the request arrived at. Without a valid secret/token the body is not read.

use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpResponse, Operation};
use crate::input::decimal;
use crate::prelude::*;
use crate::provider::{self, Provider};
use crate::task::Task;
use subtle::ConstantTimeEq;

/// The largest webhook body accepted.
pub const MAX_WEBHOOK_BYTES: usize = 1024 * 1024;
/// The header carrying APIFrame's webhook secret.
pub(crate) const SECRET_HEADER: &str = "x-webhook-secret";
/// Query parameter carrying the expiry (Unix seconds) of a signed callback URL.
pub const EXPIRY_PARAM: &str = "ve_exp";
/// Query parameter carrying the signature of a signed callback URL.
pub const SIGNATURE_PARAM: &str = "ve_sig";

/// A received webhook, as the bindings hand it over.
#[derive(Debug, Clone, Default)]
pub struct WebhookRequest {
    /// The full URL the request arrived at (needed for Legnext's signed callback).
    pub url: Option<String>,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// A verified webhook: the task, and a key to drop duplicate deliveries.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The task the notification carries.
    pub task: Task,
    /// `<task id>:<status>` (plus `:<progress>` for unfinished updates): equal keys are duplicates.
    pub delivery_key: String,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidWebhook, message)
}

/// Verifies and parses a webhook for `provider` with the shared `secret`.
pub fn parse_webhook(
    provider: Provider,
    req: &WebhookRequest,
    secret: &str,
    now_ms: f64,
) -> Result<Webhook> {
    if secret.is_empty() {
        return Err(Error::invalid(
            "secret",
            "secret is required to verify webhooks",
        ));
    }
    let sent = req
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(SECRET_HEADER))
        .map(|(_, v)| v.as_str());
    parse_parts(
        provider,
        sent,
        req.url.as_deref(),
        req.body.clone(),
        secret,
        now_ms,
    )
}

/// [`parse_webhook`] given what it reads of the request: the `x-webhook-secret` header, the URL
/// and the body (the bindings read only these).
pub(crate) fn parse_parts(
    provider: Provider,
    sent: Option<&str>,
    url: Option<&str>,
    body: Vec<u8>,
    secret: &str,
    now_ms: f64,
) -> Result<Webhook> {
    match provider {
        Provider::Apiframe => {
            let sent = sent.ok_or_else(|| invalid("the x-webhook-secret header is missing"))?;
            if !bool::from(sent.as_bytes().ct_eq(secret.as_bytes())) {
                return Err(invalid(
                    "the x-webhook-secret header does not match the secret",
                ));
            }
        }
        Provider::Legnext => {
            let url = url
                .ok_or_else(|| invalid("the request URL is needed to verify a Legnext callback"))?;
            verify_signed_url(url, secret, now_ms)?;
        }
    }
    if body.len() > MAX_WEBHOOK_BYTES {
        // MAX_WEBHOOK_BYTES written out: one number less to write.
        const _: () = assert!(MAX_WEBHOOK_BYTES == 1048576);
        let mut message = String::from("the body is ");
        crate::input::push_decimal(&mut message, body.len() as u64);
        message.push_str(" bytes, over the 1048576-byte limit");
        return Err(invalid(message));
    }
    let resp = HttpResponse {
        status: 200,
        headers: vec![],
        body,
    };
    let task = match provider::parse_response(provider, Operation::Read, &resp, &[secret]) {
        Ok(task) => task,
        Err(e) => {
            return Err(invalid(crate::input::cat(&[
                "the body is not a ",
                provider.display_name(),
                " task: ",
                &e.message,
            ])))
        }
    };
    let mut delivery_key = crate::input::cat(&[
        &task.id,
        ":",
        match &task.provider_status {
            Some(s) => s,
            None => task.status.as_str(),
        },
    ]);
    if let (false, Some(p)) = (task.status.is_finished(), task.progress) {
        delivery_key.push(':');
        crate::input::push_signed_decimal(&mut delivery_key, p.round() as i64);
    }
    Ok(Webhook { task, delivery_key })
}

/// Splits a URL into (path-and-query without the signing parameters, expiry, signature).
fn split_signed(url: &str) -> (String, Option<&str>, Option<&str>) {
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    // Char patterns only: a string pattern pulls core's string searcher into the wasm.
    let after_scheme = match url.split_once(':') {
        Some((_, rest)) => rest.strip_prefix("//").unwrap_or(url),
        None => url,
    };
    // The path ends the authority, or the query does when there is no path (`https://h?q`).
    // A plain byte loop (ASCII delimiters): no searcher or iterator adapter of its own.
    let mut path_start = 0;
    for b in after_scheme.bytes() {
        if b == b'/' || b == b'?' {
            break;
        }
        path_start += 1;
    }
    let path_query = after_scheme.get(path_start..).unwrap_or("");
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let mut canonical = String::from(if path.is_empty() { "/" } else { path });
    let (mut sep, mut exp, mut sig) = ('?', None, None);
    for p in query.split('&') {
        if let Some(v) = p.strip_prefix("ve_exp=") {
            exp = Some(v);
        } else if let Some(v) = p.strip_prefix("ve_sig=") {
            sig = Some(v);
        } else if !p.is_empty() {
            canonical.push(sep);
            canonical.push_str(p);
            sep = '&';
        }
    }
    (canonical, exp, sig)
}

/// The lowercase hex digit of `n` (below 16).
fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'a' - 10 + n })
}

/// The signature of a callback: HMAC-SHA256 of the canonical path and query, `\n` and the
/// expiry, in lowercase hex (written into the canonical string's buffer).
fn signature(secret: &str, mut canonical: String, exp: &str) -> String {
    canonical.push('\n');
    canonical.push_str(exp);
    let mac = hmac_sha256::HMAC::mac(&canonical, secret);
    canonical.clear();
    // Two digits a byte, high nibble first: one push site.
    let mut i = 0;
    while let Some(b) = mac.get(i / 2) {
        canonical.push(hex_digit((b >> (4 - 4 * (i % 2))) & 15));
        i += 1;
    }
    canonical
}

/// Appends `ve_exp` (now + `expires_in_s`, Unix seconds) and `ve_sig` (HMAC-SHA256 of the path,
/// query and expiry) to a callback URL. The host is not signed, so proxies may rewrite it.
pub fn sign_callback_url(
    url: &str,
    secret: &str,
    expires_in_s: u32,
    now_ms: f64,
) -> Result<String> {
    crate::rules::check_http_url(url).map_err(|why| {
        Error::invalid(
            "url",
            crate::input::cat(&["url must be an absolute http(s) URL (", why, ")"]),
        )
    })?;
    if secret.is_empty() {
        return Err(Error::invalid("secret", "secret must not be empty"));
    }
    if expires_in_s == 0 {
        return Err(Error::invalid(
            "expiresIn",
            "expiresIn must be at least 1 second",
        ));
    }
    let (canonical, exp, sig) = split_signed(url);
    if exp.is_some() || sig.is_some() {
        return Err(Error::invalid("url", "url is already signed"));
    }
    // Whole seconds: the cast truncates, which is the floor here (below 0 and NaN become 0 either
    // way).
    let expiry = decimal(((now_ms / 1000.0) as u64).saturating_add(u64::from(expires_in_s)));
    let signature = signature(secret, canonical, &expiry);
    let (base, hash, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, "#", f),
        None => (url, "", ""),
    };
    // EXPIRY_PARAM and SIGNATURE_PARAM written out: two pieces fewer.
    const _: () = assert!(matches!(EXPIRY_PARAM.as_bytes(), b"ve_exp"));
    const _: () = assert!(matches!(SIGNATURE_PARAM.as_bytes(), b"ve_sig"));
    Ok(crate::input::cat(&[
        base,
        if base.contains('?') { "&" } else { "?" },
        "ve_exp=",
        &expiry,
        "&ve_sig=",
        &signature,
        hash,
        fragment,
    ]))
}

/// Checks a signed callback URL: signature in constant time, then expiry.
pub fn verify_signed_url(url: &str, secret: &str, now_ms: f64) -> Result<()> {
    let (canonical, exp, sig) = split_signed(url);
    let (Some(exp), Some(sig)) = (exp, sig) else {
        return Err(invalid(
            "the callback URL carries no signature (sign it with signCallbackUrl)",
        ));
    };
    // Hex of either case; compared as lowercase hex, so a wrong length is a mismatch.
    let mut hex = sig.len() % 2 == 0;
    for c in sig.bytes() {
        hex &= c.is_ascii_hexdigit();
    }
    if !hex {
        return Err(invalid("the callback signature is malformed"));
    }
    let expected = signature(secret, canonical, exp);
    // Lowercased by hand (it is ASCII hex by now): no str::to_ascii_lowercase in the wasm.
    let mut lower = String::with_capacity(sig.len());
    for c in sig.bytes() {
        lower.push(char::from(c.to_ascii_lowercase()));
    }
    if !bool::from(lower.as_bytes().ct_eq(expected.as_bytes())) {
        return Err(invalid("the callback signature does not match"));
    }
    let expiry = crate::input::digits(exp)
        .ok_or_else(|| invalid("the callback expiry is malformed"))? as f64;
    if now_ms / 1000.0 > expiry {
        return Err(invalid("the signed callback URL has expired"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
