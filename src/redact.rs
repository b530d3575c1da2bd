//! Removal of API keys and webhook secrets from every text and JSON value the SDK hands back.

use serde_json::Value;

/// What a removed secret is replaced with.
pub const REDACTED: &str = "[redacted]";

/// Secrets shorter than this are not searched for inside other text (too many false hits);
/// they are still removed from fields whose name says they hold a secret.
const MIN_SCRUB_LEN: usize = 4;

/// Replaces every occurrence of each secret in `text`.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if s.len() >= MIN_SCRUB_LEN && find(&out, s).is_some() {
            out = replace_all(&out, s, REDACTED);
        }
    }
    out
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
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    find(&k, "secret").is_some()
        || find(&k, "apikey").is_some()
        || k == "authorization"
        || k == "xapikey"
}

/// Redacts a provider JSON value in place: non-empty strings under secret-named keys, and every
/// occurrence of the given secrets anywhere.
pub fn redact_json(value: &mut Value, secrets: &[&str]) {
    match value {
        Value::String(s) => {
            let cleaned = scrub(s, secrets);
            if cleaned != *s {
                *s = cleaned;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_json(v, secrets)),
        Value::Object(map) => {
            // A key can carry a secret too (a provider echoing it as a name).
            let leaks = |k: &str| {
                secrets
                    .iter()
                    .any(|x| x.len() >= MIN_SCRUB_LEN && find(k, x).is_some())
            };
            if map.keys().any(|k| leaks(k)) {
                let old = std::mem::take(map);
                *map = old
                    .into_iter()
                    .map(|(k, v)| (scrub(&k, secrets), v))
                    .collect();
            }
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if is_secret_key(k) && !s.is_empty() => {
                        *s = REDACTED.to_string();
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
    let fix = |s: &mut String| {
        if secrets
            .iter()
            .any(|x| x.len() >= MIN_SCRUB_LEN && find(s, x).is_some())
        {
            *s = scrub(s, secrets);
        }
    };
    fix(&mut task.id);
    task.video_urls.iter_mut().for_each(fix);
    for s in [
        &mut task.provider_status,
        &mut task.seed,
        &mut task.created_at,
        &mut task.started_at,
        &mut task.ended_at,
    ]
    .into_iter()
    .flatten()
    {
        fix(s);
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

    #[test]
    fn redacts_secret_keys_and_values() {
        let mut v = json!({
            "config": {"webhook_config": {"endpoint": "https://x/cb", "secret": "hush"}},
            "webhook_secret": "whsec-1",
            "echo": "the key was sk-abcdef",
            "empty": {"secret": ""},
            "list": ["sk-abcdef"]
        });
        redact_json(&mut v, &["sk-abcdef"]);
        assert_eq!(v["config"]["webhook_config"]["secret"], json!(REDACTED));
        assert_eq!(v["webhook_secret"], json!(REDACTED));
        assert_eq!(v["echo"], json!("the key was [redacted]"));
        assert_eq!(
            v["empty"]["secret"],
            json!(""),
            "empty secrets stay as received"
        );
        assert_eq!(v["list"][0], json!(REDACTED));
        assert_eq!(
            v["config"]["webhook_config"]["endpoint"],
            json!("https://x/cb")
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
            json!({"m": k}),
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
