//! Client options (`provider`, `apiKey`, `baseURL`, `timeout`, `maxRetries`, `fetch`) and per-call
//! options (`signal`, `timeout`): their types, defaults and validation.

use crate::error::{Error, Result};
use crate::input::{Fields, Input};
#[cfg(all(target_arch = "wasm32", not(feature = "webhooks")))]
use crate::js::tsify;
use crate::prelude::*;
use crate::provider::Provider;
use crate::rules;
use serde::Serialize;

/// Default time allowed for one HTTP attempt, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Default number of retries of a retryable failure.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Largest `maxRetries` accepted.
pub const MAX_RETRIES_LIMIT: i64 = 10;
/// Largest timeout a JS timer can hold (2^31 - 1 ms, about 24.8 days).
pub const MAX_TIMEOUT_MS: i64 = 2_147_483_647;

/// Marks where a JS function goes in the typings (the function itself stays on the JS side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JsFunction;

/// Options of a `Client` (and the first argument of the standalone functions).
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "webhooks")),
    derive(tsify::Tsify)
)]
#[serde(rename_all = "camelCase")]
pub struct ClientOptions {
    /// Which API to call: `"legnext"` (Midjourney video) or `"apiframe"` (Luma).
    pub provider: Provider,
    /// The provider API key (required, except in a browser page behind a proxy that adds it).
    /// Never echoed in errors, logs or `raw`.
    #[serde(serialize_with = "serialize_redacted")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub api_key: String,
    /// Another base URL: a proxy, a Worker, or the local emulator. Must be https unless the host is loopback.
    #[serde(rename = "baseURL", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub base_url: Option<String>,
    /// Milliseconds allowed for each HTTP attempt (default 60000).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub timeout: Option<u32>,
    /// How many times a retryable failure is retried (default 2, at most 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub max_retries: Option<u32>,
    /// A `fetch` to use instead of the global one (for tests, proxies, instrumentation).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional, type = "typeof fetch")
    )]
    pub fetch: Option<JsFunction>,
    /// Allow an `apiKey` in a browser page, where every visitor can read it. Prefer a proxy.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub dangerously_allow_browser: Option<bool>,
}

impl core::fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientOptions")
            .field("provider", &self.provider)
            .field("api_key", &crate::redact::REDACTED)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

/// Serialises a secret as `[redacted]`: options may be logged, the key never is.
fn serialize_redacted<S: serde::Serializer>(
    _: &str,
    s: S,
) -> core::result::Result<S::Ok, S::Error> {
    s.serialize_str(crate::redact::REDACTED)
}

const CLIENT_KEYS: &[&str] = &[
    "provider",
    "apiKey",
    "baseURL",
    "timeout",
    "maxRetries",
    "fetch",
    "dangerouslyAllowBrowser",
];

impl ClientOptions {
    /// Validates the JS options object outside a browser. The key's value never appears in an error.
    pub fn parse(input: &Input) -> Result<Self> {
        Self::parse_in(input, false)
    }

    /// Validates the options; `browser` says whether the global looks like a web page (a `window`
    /// and a `document`), where an `apiKey` would be readable by every visitor. There the key is
    /// refused unless `dangerouslyAllowBrowser: true`, and may be left out when `baseURL` points
    /// at a proxy that adds it (the SDK then sends no auth header).
    pub fn parse_in(input: &Input, browser: bool) -> Result<Self> {
        let f = Fields::open("options", input)?;
        f.deny_unknown(
            CLIENT_KEYS,
            &[
                ("baseUrl", "the option is spelled baseURL"),
                ("api_key", "the option is spelled apiKey"),
            ],
        )?;
        let provider = Provider::parse(f.get("provider"))?;
        let api_key = match f.get("apiKey") {
            Input::String(s) if !s.trim().is_empty() => s.as_str(),
            Input::Undefined if browser && !f.get("baseURL").is_undefined() => "",
            other => {
                // One message site for the key's refusals, written in pieces.
                let parts = match other {
                    Input::String(_) => ["apiKey must not be empty or blank", "", "", ""],
                    Input::Undefined => [
                        "apiKey is required (the ",
                        provider.display_name(),
                        " API key; the local emulator accepts \"ve-emulator-key\")",
                        if browser {
                            "; in a browser, leave it out and set baseURL to a proxy that adds it"
                        } else {
                            ""
                        },
                    ],
                    // Describe the type only: the value could be a key passed in the wrong form.
                    _ => [
                        "apiKey must be a string, got ",
                        // An object is "not a string" here (as any other value that is not
                        // listed).
                        other.kind_only("not a string"),
                        "",
                        "",
                    ],
                };
                return Err(Error::invalid("apiKey", crate::input::cat(&parts)));
            }
        };
        let base_url = match f.http_url("baseURL")? {
            None => None,
            Some(url) => Some(check_base_url(url)?),
        };
        let timeout = f
            .integer("timeout", 1, MAX_TIMEOUT_MS, false)?
            .map(|t| t as u32);
        let max_retries = f
            .integer("maxRetries", 0, MAX_RETRIES_LIMIT, false)?
            .map(|n| n as u32);
        let fetch = match f.get("fetch") {
            Input::Undefined => None,
            Input::Function => Some(JsFunction),
            other => return Err(other.refused("fetch", "a function like the global fetch")),
        };
        let dangerously_allow_browser =
            rules::boolean("dangerouslyAllowBrowser", f.get("dangerouslyAllowBrowser"))?;
        if browser && !api_key.is_empty() && dangerously_allow_browser != Some(true) {
            return Err(Error::invalid(
                "apiKey",
                "an apiKey in a browser page is readable by every visitor: keep the key in a server or \
                 Worker that proxies to the provider (see examples/worker), leave apiKey out and set \
                 baseURL to that proxy; or pass dangerouslyAllowBrowser: true if you accept the risk",
            ));
        }
        Ok(ClientOptions {
            provider,
            api_key: api_key.to_string(),
            base_url: base_url.map(str::to_string),
            timeout,
            max_retries,
            fetch,
            dangerously_allow_browser,
        })
    }

    /// The base URL in force, without a trailing slash.
    pub fn base(&self) -> &str {
        self.base_url
            .as_deref()
            .unwrap_or(self.provider.default_base_url())
    }

    /// Time allowed for one attempt, in ms.
    pub fn timeout_ms(&self) -> u32 {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT_MS)
    }

    /// Retries allowed after the first attempt.
    pub fn retries(&self) -> u32 {
        self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES)
    }
}

/// https unless the host is loopback; no query or fragment; trailing slashes dropped.
fn check_base_url(url: &str) -> Result<&str> {
    let parts = rules::check_http_url(url).map_err(|why| Error::invalid("baseURL", why))?;
    let loopback = rules::is_loopback_host(parts.host);
    let mut query = false;
    for b in url.bytes() {
        query |= b == b'?' || b == b'#';
    }
    let why = if !parts.scheme.eq_ignore_ascii_case("https") && !loopback {
        "baseURL must use https unless its host is loopback (localhost, 127.0.0.1, ::1), got "
    } else if query {
        "baseURL must not have a query or fragment, got "
    } else {
        return Ok(crate::input::trim_end_byte(url, b'/'));
    };
    Err(Error::invalid(
        "baseURL",
        crate::input::cat(&[why, &crate::input::quote(url)]),
    ))
}

/// Options of one call: the second argument of `extendVideo` / `fetchTask`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(
    all(target_arch = "wasm32", not(feature = "webhooks")),
    derive(tsify::Tsify)
)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Cancels the call; it then rejects with `code: "aborted"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional, type = "AbortSignal")
    )]
    pub signal: Option<JsFunction>,
    /// Milliseconds allowed for each HTTP attempt of this call (overrides the client's `timeout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        all(target_arch = "wasm32", not(feature = "webhooks")),
        tsify(optional)
    )]
    pub timeout: Option<u32>,
}

impl RequestOptions {
    /// Validates the per-call options (`undefined` means none).
    pub fn parse(input: &Input) -> Result<Self> {
        if input.is_undefined() {
            return Ok(RequestOptions::default());
        }
        let f = Fields::open("requestOptions", input)?;
        f.deny_unknown(&["signal", "timeout"], &[])?;
        let signal = match f.get("signal") {
            Input::Undefined => None,
            Input::Signal => Some(JsFunction),
            other => return Err(other.refused("signal", "an AbortSignal")),
        };
        let timeout = f
            .integer("timeout", 1, MAX_TIMEOUT_MS, false)?
            .map(|t| t as u32);
        Ok(RequestOptions { signal, timeout })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(extra: Vec<(&str, Input)>) -> Input {
        let mut v = vec![
            ("provider", Input::str("legnext")),
            ("apiKey", Input::str("sk-live-123")),
        ];
        v.extend(extra);
        Input::object(v)
    }

    fn field_of(r: Result<ClientOptions>) -> Option<String> {
        r.err().and_then(|e| e.field.clone())
    }

    #[test]
    fn defaults() {
        let o = ClientOptions::parse(&opts(vec![])).ok();
        let o = o.as_ref();
        assert_eq!(o.map(|o| o.base()), Some("https://api.legnext.ai"));
        assert_eq!(o.map(|o| o.timeout_ms()), Some(60_000));
        assert_eq!(o.map(|o| o.retries()), Some(2));
        let a = ClientOptions::parse(&Input::object(vec![
            ("provider", Input::str("apiframe")),
            ("apiKey", Input::str("k")),
        ]))
        .ok();
        assert_eq!(
            a.as_ref().map(|o| o.base()),
            Some("https://api.apiframe.pro")
        );
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases: Vec<(Vec<(&str, Input)>, &str)> = vec![
            (
                vec![("baseURL", Input::str("http://api.example.com"))],
                "baseURL",
            ),
            (
                vec![("baseURL", Input::str("https://x.example/?a=1"))],
                "baseURL",
            ),
            (vec![("baseURL", Input::str("not a url"))], "baseURL"),
            (vec![("timeout", Input::Number(0.0))], "timeout"),
            (vec![("timeout", Input::Number(1.5))], "timeout"),
            (vec![("timeout", Input::str("100"))], "timeout"),
            (vec![("maxRetries", Input::Number(-1.0))], "maxRetries"),
            (vec![("maxRetries", Input::Number(11.0))], "maxRetries"),
            (vec![("fetch", Input::str("fetch"))], "fetch"),
            (
                vec![("dangerouslyAllowBrowser", Input::Number(1.0))],
                "dangerouslyAllowBrowser",
            ),
            (
                vec![("baseUrl", Input::str("https://x.example"))],
                "baseUrl",
            ),
            (vec![("api_key", Input::str("x"))], "api_key"),
        ];
        for (extra, field) in cases {
            assert_eq!(
                field_of(ClientOptions::parse(&opts(extra))).as_deref(),
                Some(field),
                "{field}"
            );
        }
        for (key, good) in [
            ("baseURL", Input::str("http://127.0.0.1:8787/")),
            ("baseURL", Input::str("http://localhost:1")),
            ("baseURL", Input::str("https://proxy.example.com/v")),
            ("timeout", Input::Number(1.0)),
            ("timeout", Input::Number(MAX_TIMEOUT_MS as f64)),
            ("maxRetries", Input::Number(0.0)),
            ("maxRetries", Input::Number(10.0)),
            ("fetch", Input::Function),
        ] {
            assert!(
                ClientOptions::parse(&opts(vec![(key, good)])).is_ok(),
                "{key}"
            );
        }
        let o = ClientOptions::parse(&opts(vec![(
            "baseURL",
            Input::str("http://127.0.0.1:8787/"),
        )]))
        .ok();
        assert_eq!(o.as_ref().map(|o| o.base()), Some("http://127.0.0.1:8787"));
    }

    #[test]
    fn provider_and_key_rules() {
        let bad_provider = Input::object(vec![
            ("provider", Input::str("runway")),
            ("apiKey", Input::str("k")),
        ]);
        assert_eq!(
            field_of(ClientOptions::parse(&bad_provider)).as_deref(),
            Some("provider")
        );
        let no_provider = Input::object(vec![("apiKey", Input::str("k"))]);
        assert_eq!(
            field_of(ClientOptions::parse(&no_provider)).as_deref(),
            Some("provider")
        );
        for key in [
            Input::Undefined,
            Input::str("  "),
            Input::Number(12345.0),
            Input::Null,
        ] {
            let o = Input::object(vec![("provider", Input::str("legnext")), ("apiKey", key)]);
            let e = ClientOptions::parse(&o).err();
            assert_eq!(e.as_ref().and_then(|e| e.field.as_deref()), Some("apiKey"));
            assert!(
                !e.map(|e| e.message.contains("12345")).unwrap_or(true),
                "the key value is never echoed"
            );
        }
        assert!(ClientOptions::parse(&Input::Null).is_err());
        let dbg = format!("{:?}", ClientOptions::parse(&opts(vec![])).ok());
        assert!(!dbg.contains("sk-live-123"));
        let json = ClientOptions::parse(&opts(vec![]))
            .ok()
            .and_then(|o| serde_json::to_string(&o).ok())
            .unwrap_or_default();
        assert!(
            json.contains("[redacted]") && !json.contains("sk-live-123"),
            "{json}"
        );
    }

    #[test]
    fn browser_key_guard() {
        let with_key = opts(vec![]);
        let e = ClientOptions::parse_in(&with_key, true).err();
        assert_eq!(e.as_ref().and_then(|e| e.field.as_deref()), Some("apiKey"));
        assert!(e
            .map(|e| e.message.contains("proxy") && !e.message.contains("sk-live-123"))
            .unwrap_or(false));
        assert!(
            ClientOptions::parse_in(&with_key, false).is_ok(),
            "servers, Workers, Deno, Bun are not browsers"
        );
        let allowed = opts(vec![("dangerouslyAllowBrowser", Input::Bool(true))]);
        assert!(ClientOptions::parse_in(&allowed, true).is_ok());
        let not_really = opts(vec![("dangerouslyAllowBrowser", Input::Bool(false))]);
        assert!(ClientOptions::parse_in(&not_really, true).is_err());
        let proxied = Input::object(vec![
            ("provider", Input::str("legnext")),
            ("baseURL", Input::str("https://proxy.example")),
        ]);
        let p = ClientOptions::parse_in(&proxied, true).ok();
        assert_eq!(
            p.map(|p| p.api_key),
            Some(String::new()),
            "no key: the proxy adds it"
        );
        assert!(
            ClientOptions::parse_in(&proxied, false).is_err(),
            "outside a browser the key is required"
        );
        let keyless = Input::object(vec![("provider", Input::str("legnext"))]);
        let e = ClientOptions::parse_in(&keyless, true).err();
        assert!(e.map(|e| e.message.contains("baseURL")).unwrap_or(false));
    }

    #[test]
    fn request_options() {
        assert_eq!(
            RequestOptions::parse(&Input::Undefined).ok(),
            Some(RequestOptions::default())
        );
        let ok = Input::object(vec![
            ("signal", Input::Signal),
            ("timeout", Input::Number(5.0)),
        ]);
        assert_eq!(
            RequestOptions::parse(&ok).ok().and_then(|o| o.timeout),
            Some(5)
        );
        for (k, v) in [
            ("signal", Input::object::<&str>(vec![])),
            ("timeout", Input::Number(-5.0)),
            ("sigal", Input::Signal),
        ] {
            let e = RequestOptions::parse(&Input::object(vec![(k, v)])).err();
            assert_eq!(e.and_then(|e| e.field.clone()).as_deref(), Some(k));
        }
    }
}
