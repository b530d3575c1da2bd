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
        if s.len() >= MIN_SCRUB_LEN && out.contains(s) {
            out = out.replace(s, REDACTED);
        }
    }
    out
}

/// Whether a JSON key names a secret (`secret`, `webhook_secret`, `api_key`, `apiKey`, `authorization`, ...).
fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    k.contains("secret") || k.contains("apikey") || k == "authorization" || k == "xapikey"
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
        assert_eq!(scrub("abc", &["ab"]), "abc", "short secrets are not searched");
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
        assert_eq!(v["empty"]["secret"], json!(""), "empty secrets stay as received");
        assert_eq!(v["list"][0], json!(REDACTED));
        assert_eq!(v["config"]["webhook_config"]["endpoint"], json!("https://x/cb"));
    }
}
