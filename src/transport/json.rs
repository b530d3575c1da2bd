//! The JSON codec of request and response bodies. On the host it is serde_json; on wasm32 it is
//! the runtime's own `JSON.parse` / `JSON.stringify` (see `js::json`), so the module carries no
//! JSON parser or writer of its own. Either way the protocol code sees the same [`Value`]s.

use serde_json::Value;

/// Why a body could not be read as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonError {
    /// It starts like a JSON object, array or string but ends before closing it.
    Truncated,
    /// Anything else that is not JSON.
    Invalid,
}

/// Parses one JSON text.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    #[cfg(not(target_arch = "wasm32"))]
    let parsed = serde_json::from_str(text).ok();
    #[cfg(target_arch = "wasm32")]
    let parsed = crate::js::json::parse(text);
    parsed.ok_or_else(|| {
        if ends_early(text) {
            JsonError::Truncated
        } else {
            JsonError::Invalid
        }
    })
}

/// Writes a value as compact JSON text.
pub fn stringify(value: &Value) -> String {
    #[cfg(not(target_arch = "wasm32"))]
    return value.to_string();
    #[cfg(target_arch = "wasm32")]
    return crate::js::json::stringify(value);
}

/// Whether `text` opens an object, array or string and ends while one is still open (no closing
/// bracket seen without its opener). The same answer on every runtime, whatever its parser says.
fn ends_early(text: &str) -> bool {
    let body = text.trim_start();
    if !body.starts_with(['{', '[', '"']) {
        return false;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in body.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            _ => {}
        }
    }
    in_string || depth > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_classifies_failures() {
        let v = serde_json::json!({"a": [1, 2.5, "x\"y"], "b": null});
        assert_eq!(parse(&stringify(&v)), Ok(v));
        for (text, want) in [
            ("{\"job_id\":", JsonError::Truncated),
            ("[1, 2", JsonError::Truncated),
            ("\"abc", JsonError::Truncated),
            ("{\"a\": \"x\\\"}", JsonError::Truncated),
            ("not json", JsonError::Invalid),
            ("<html></html>", JsonError::Invalid),
            ("{\"a\": 1}}", JsonError::Invalid),
            ("]", JsonError::Invalid),
            ("{\"a\": 1} x", JsonError::Invalid),
            ("", JsonError::Invalid),
        ] {
            assert_eq!(parse(text), Err(want), "{text}");
        }
    }
}
