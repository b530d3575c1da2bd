//! Removal of API keys and webhook secrets from every text and JSON value the SDK hands back.

use crate::json::{self, Value};
use crate::prelude::*;

/// What a removed secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for inside other text (too many false hits);
/// they are still removed from fields whose name says they hold a secret.
const MIN_SCRUB_LEN: usize = 4;

/// Replaces every occurrence of each secret in `text`.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    scrub_in_place(&mut out, secrets);
    out
}

/// Whether `text` holds one of the secrets (long enough to be searched for).
fn holds(text: &str, secrets: &[&str]) -> bool {
    secrets
        .iter()
        .any(|x| x.len() >= MIN_SCRUB_LEN && find(text, x).is_some())
}

/// Scrubs `text` in place; untouched (no copy) when it holds no secret.
pub(crate) fn scrub_in_place(text: &mut String, secrets: &[&str]) {
    for s in secrets {
        if holds(text, &[s]) {
            *text = replace_all(text, s, REDACTED);
        }
    }
}

/// The byte offset of the first `needle` in `hay`. A plain byte search: core's `str::find`
/// brings a two-way searcher and a panic path with Unicode tables, several KB of wasm.
fn find(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(n.len()).position(|w| w == n)
}

/// `hay` with every `needle` replaced by `with`. `needle` is non-empty valid UTF-8, so every match
/// starts and ends on a character boundary and the pieces stay valid UTF-8.
fn replace_all(hay: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(at) = find(rest, needle).filter(|_| !needle.is_empty()) {
        let (Some(head), Some(tail)) = (rest.get(..at), rest.get(at + needle.len()..)) else {
            break;
        };
        out.push_str(head);
        out.push_str(with);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Whether a JSON key names a secret (`secret`, `webhook_secret`, `api_key`, `apiKey`, `authorization`, ...).
fn is_secret_key(key: &str) -> bool {
    let mut k = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() {
            k.push(char::from(b.to_ascii_lowercase()));
        }
    }
    // `xapikey` (x-api-key) contains `apikey`.
    find(&k, "secret").is_some() || find(&k, "apikey").is_some() || k == "authorization"
}

/// Redacts a provider JSON value in place: non-empty strings under secret-named keys, and every
/// occurrence of the given secrets anywhere.
pub fn redact_json(value: &mut Value, secrets: &[&str]) {
    match value {
        Value::String(s) => scrub_in_place(s, secrets),
        Value::Array(items) => {
            for v in items {
                redact_json(v, secrets);
            }
        }
        Value::Object(pairs) => {
            // A key can carry a secret too (a provider echoing it as a name). Keys that become
            // the same once scrubbed merge as JSON.parse would merge them: first place, last value.
            if pairs.iter().any(|(k, _)| holds(k, secrets)) {
                // Each pair's key and value moved out of the old list in place (no Vec
                // iterator of their own); the emptied list is dropped as any other.
                let mut old = core::mem::take(pairs);
                for (k, v) in old.iter_mut() {
                    scrub_in_place(k, secrets);
                    json::insert(
                        pairs,
                        core::mem::take(k),
                        core::mem::replace(v, Value::Null),
                    );
                }
            }
            for (k, v) in pairs.iter_mut() {
                match v {
                    Value::String(s) if is_secret_key(k) && !s.is_empty() => {
                        // In the string's own buffer: no new allocation, no drop.
                        s.clear();
                        s.push_str(REDACTED);
                    }
                    _ => redact_json(v, secrets),
                }
            }
        }
        _ => {}
    }
}

/// Redacts every text a task carries: `raw`, the id, status word, seed, URLs, times and error.
pub fn redact_task(task: &mut crate::task::Task, secrets: &[&str]) {
    redact_json(&mut task.raw, secrets);
    let fix = |s: &mut String| scrub_in_place(s, secrets);
    fix(&mut task.id);
    for u in &mut task.video_urls {
        fix(u);
    }
    // A plain `if let`: `.flatten()`'s adapter costs bytes of wasm.
    #[allow(clippy::manual_flatten)]
    for s in [
        &mut task.provider_status,
        &mut task.seed,
        &mut task.created_at,
        &mut task.started_at,
        &mut task.ended_at,
    ] {
        if let Some(s) = s {
            fix(s);
        }
    }
    if let Some(u) = task.usage.as_mut().and_then(|u| u.unit.as_mut()) {
        fix(u);
    }
    if let Some(e) = task.error.as_mut() {
        fix(&mut e.code);
        fix(&mut e.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scrubs_long_secrets_everywhere() {
        assert_eq!(
            scrub("a sk-123456 b sk-123456", &["sk-123456"]),
            "a [redacted] b [redacted]"
        );
        assert_eq!(scrub("ééSECRETé", &["SECRET"]), "éé[redacted]é");
        assert_eq!(scrub("aaaa aaaaa", &["aaaa"]), "[redacted] [redacted]a");
        assert_eq!(
            scrub("abc", &["ab"]),
            "abc",
            "short secrets are not searched"
        );
    }

    /// The value at a path of object keys.
    fn at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
        path.iter().try_fold(v, |v, k| v.get(k))
    }

    fn text(s: &str) -> Option<Value> {
        Some(Value::String(s.to_string()))
    }

    #[test]
    fn redacts_secret_keys_and_values() {
        let mut v: Value = json!({
            "config": {"webhook_config": {"endpoint": "https://x/cb", "secret": "hush"}},
            "webhook_secret": "whsec-1",
            "echo": "the key was sk-abcdef",
            "empty": {"secret": ""},
            "list": ["sk-abcdef"]
        })
        .into();
        redact_json(&mut v, &["sk-abcdef"]);
        let get = |path: &[&str]| at(&v, path).cloned();
        assert_eq!(get(&["config", "webhook_config", "secret"]), text(REDACTED));
        assert_eq!(get(&["webhook_secret"]), text(REDACTED));
        assert_eq!(get(&["echo"]), text("the key was [redacted]"));
        assert_eq!(
            get(&["empty", "secret"]),
            text(""),
            "empty secrets stay as received"
        );
        assert_eq!(
            get(&["list"]),
            Some(Value::Array(vec![Value::String(REDACTED.into())]))
        );
        assert_eq!(
            get(&["config", "webhook_config", "endpoint"]),
            text("https://x/cb")
        );
    }

    #[test]
    fn secret_keys_are_scrubbed_in_place_and_merge_like_json_parse() {
        let k = "sk-abcdef";
        let mut v = Value::Object(vec![
            ("first".into(), Value::Number(1.0)),
            (format!("a {k}"), Value::Number(2.0)),
            ("mid".into(), Value::Number(3.0)),
            ("a [redacted]".into(), Value::Number(4.0)),
        ]);
        redact_json(&mut v, &[k]);
        assert_eq!(
            crate::json::stringify(&v),
            r#"{"first":1,"a [redacted]":4,"mid":3}"#
        );
    }

    #[test]
    fn redacts_every_task_text() {
        use crate::task::{Task, TaskError, TaskStatus};
        let k = "sk-abcdef";
        let mut t = Task::new(
            crate::Provider::Legnext,
            format!("id-{k}"),
            TaskStatus::Failed,
            json!({"m": k}).into(),
        );
        t.provider_status = Some(format!("x {k}"));
        t.seed = Some(k.into());
        t.video_urls = vec![format!("https://cdn/{k}.mp4")];
        t.created_at = Some(k.into());
        t.error = Some(TaskError {
            code: k.into(),
            message: format!("bad {k}"),
        });
        redact_task(&mut t, &[k]);
        let text = format!("{t:?}");
        assert!(!text.contains(k), "{text}");
        assert_eq!(t.provider_status.as_deref(), Some("x [redacted]"));
    }
}
