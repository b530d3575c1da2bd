//! Options of a wait (`timeout`, `pollInterval`, `onProgress`, `signal`): types and validation.

use crate::error::Result;
use crate::input::{Fields, Input};
use crate::options::{JsFunction, RequestOptions, MAX_TIMEOUT_MS};
use crate::policy::poll::MIN_FIXED_INTERVAL_MS;

/// How long a wait may take overall unless told otherwise: 15 minutes.
pub const DEFAULT_WAIT_TIMEOUT_MS: u32 = 15 * 60 * 1000;

/// How to wait for a task. The progress callback is a separate argument of each function.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// The most the whole wait may take, in ms (default 15 minutes). For a chain: per step.
    pub timeout_ms: u32,
    /// Poll at this fixed interval instead of the adaptive schedule (at least 500 ms).
    pub poll_interval_ms: Option<u32>,
    /// Per-request options (each HTTP attempt's timeout, the caller's signal).
    pub request: RequestOptions,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout_ms: DEFAULT_WAIT_TIMEOUT_MS,
            poll_interval_ms: None,
            request: RequestOptions::default(),
        }
    }
}

impl WaitOptions {
    /// Validates the JS options `{timeout?, pollInterval?, onProgress?, signal?}` (`undefined`
    /// means none). `onProgress` is only checked to be a function; the bindings keep it.
    pub fn parse(input: &Input) -> Result<Self> {
        Self::parse_for(input, false)
    }

    /// [`WaitOptions::parse`]; for a chain (`extendChain`'s options), `resumeFrom` is let through
    /// (the chain reads it).
    pub fn parse_for(input: &Input, chain: bool) -> Result<Self> {
        if input.is_undefined() {
            return Ok(WaitOptions::default());
        }
        let f = Fields::open("waitOptions", input)?;
        let foreign: &[(&str, &str)] = &[
            ("pollIntervalMs", "the option is spelled pollInterval"),
            ("onprogress", "the option is spelled onProgress"),
            ("resumeFrom", ""),
        ];
        let foreign = if chain {
            foreign
        } else {
            foreign.get(..2).unwrap_or(foreign)
        };
        f.deny_unknown(
            &["timeout", "pollInterval", "onProgress", "signal"],
            foreign,
        )?;
        let timeout_ms = f
            .integer("timeout", 1, MAX_TIMEOUT_MS, false)?
            .map_or(DEFAULT_WAIT_TIMEOUT_MS, |t| t as u32);
        let poll_interval_ms = f
            .integer(
                "pollInterval",
                i64::from(MIN_FIXED_INTERVAL_MS),
                MAX_TIMEOUT_MS,
                false,
            )?
            .map(|t| t as u32);
        match f.get("onProgress") {
            Input::Undefined | Input::Function => {}
            other => return Err(other.refused("onProgress", "a function")),
        }
        let signal = match f.get("signal") {
            Input::Undefined => None,
            Input::Signal => Some(JsFunction),
            other => return Err(other.refused("signal", "an AbortSignal")),
        };
        Ok(WaitOptions {
            timeout_ms,
            poll_interval_ms,
            request: RequestOptions {
                signal,
                timeout: None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_lets_resume_from_through() {
        let with_resume = Input::Object {
            entries: vec![
                ("resumeFrom".into(), Input::Null),
                ("timeout".into(), Input::Number(5.0)),
            ],
            plain: true,
        };
        assert_eq!(
            WaitOptions::parse_for(&with_resume, true)
                .ok()
                .map(|o| o.timeout_ms),
            Some(5)
        );
        let e = WaitOptions::parse_for(&with_resume, false).err();
        assert_eq!(
            e.map(|e| (e.field.clone(), e.message.clone())),
            Some((
                Some("resumeFrom".into()),
                "waitOptions has an unknown key \"resumeFrom\"; known keys: timeout, pollInterval, onProgress, signal".into()
            ))
        );
    }

    #[test]
    fn defaults_and_rules() {
        assert_eq!(
            WaitOptions::parse(&Input::Undefined).ok(),
            Some(WaitOptions::default())
        );
        let ok = WaitOptions::parse(&Input::object(vec![
            ("timeout", Input::Number(60_000.0)),
            ("pollInterval", Input::Number(5_000.0)),
            ("onProgress", Input::Function),
            ("signal", Input::Signal),
        ]));
        let ok = ok.ok();
        assert_eq!(ok.as_ref().map(|o| o.timeout_ms), Some(60_000));
        assert_eq!(ok.as_ref().and_then(|o| o.poll_interval_ms), Some(5_000));
        assert!(ok.and_then(|o| o.request.signal).is_some());
        for (key, bad) in [
            ("timeout", Input::Number(0.0)),
            ("pollInterval", Input::Number(100.0)),
            ("pollInterval", Input::str("5000")),
            ("onProgress", Input::str("log")),
            ("signal", Input::Bool(true)),
            ("pollIntervalMs", Input::Number(5_000.0)),
        ] {
            let e = WaitOptions::parse(&Input::object(vec![(key, bad)])).err();
            assert_eq!(
                e.and_then(|e| e.field.clone()).as_deref(),
                Some(key),
                "{key}"
            );
        }
    }
}
