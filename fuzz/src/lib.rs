//! What the fuzz targets share: the secrets they plant, a builder of arbitrary JS-like
//! [`Input`] trees from the fuzzer's bytes, and the "no secret in any rendering" check.

use arbitrary::{Result, Unstructured};
use video_extend::error::Error;
use video_extend::input::Input;
use video_extend::task::Task;

/// The API key planted in options (long and distinctive, so a hit is never a coincidence).
pub const KEY: &str = "sk-fuzz-KEY-5b7e1c9d";
/// The webhook secret planted in requests, headers and provider answers.
pub const SECRET: &str = "whsec-fuzz-SECRET-3f8a2e";

/// Strings the validators and parsers care about, so the fuzzer reaches past the first check.
const WORDS: &[&str] = &[
    "",
    " ",
    "legnext",
    "apiframe",
    "Legnext",
    "b24ffa07-7b76-49a2-963e-f6c527f7cec7",
    "B24FFA07-7B76-49A2-963E-F6C527F7CEC7",
    "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a",
    "https://api.example.com",
    "http://127.0.0.1:8787",
    "http://localhost/",
    "http://[::1]:9/hook",
    "https://app.example/hook?x=1#f",
    "ftp://x",
    "16:9",
    "9:21",
    "prompt",
    "😀",
    "\u{0}",
    "\u{fffd}",
    "[fail]",
    "__proto__",
    "constructor",
    KEY,
    SECRET,
];

/// Keys of every options bag and request the SDK reads (and a few near misses).
const KEYS: &[&str] = &[
    "provider",
    "apiKey",
    "baseURL",
    "baseUrl",
    "api_key",
    "timeout",
    "maxRetries",
    "fetch",
    "dangerouslyAllowBrowser",
    "jobId",
    "videoNo",
    "prompt",
    "prompts",
    "callback",
    "extraBody",
    "parentTaskId",
    "parent_task_id",
    "imageUrl",
    "endImageUrl",
    "enhancePrompt",
    "aspectRatio",
    "webhookUrl",
    "webhookSecret",
    "signal",
    "pollInterval",
    "onProgress",
    "resumeFrom",
    "finishedTaskIds",
    "pendingTaskId",
    "secret",
    "expiresIn",
    "__proto__",
    "constructor",
];

/// Numbers at the edges of every rule.
const NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    3.0,
    4.0,
    -1.0,
    1.5,
    10.0,
    11.0,
    499.0,
    500.0,
    2_147_483_647.0,
    2_147_483_648.0,
    9_007_199_254_740_993.0,
    1e308,
    f64::MIN_POSITIVE,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

/// A string: one of [`WORDS`], an arbitrary one, or a long repetition.
pub fn string(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=4 => u.choose(WORDS)?.to_string(),
        5..=8 => String::arbitrary_take(u)?,
        _ => {
            let unit = u.choose(WORDS)?;
            unit.repeat(usize::from(u.int_in_range(0..=255u8)?) * 40)
        }
    })
}

/// A number: an edge case or any f64.
pub fn number(u: &mut Unstructured) -> Result<f64> {
    if u.ratio(2, 3)? {
        Ok(*u.choose(NUMBERS)?)
    } else {
        Ok(f64::from_bits(u.arbitrary()?))
    }
}

/// An arbitrary JS-like value, at most `depth` levels deep.
pub fn input(u: &mut Unstructured, depth: u32) -> Result<Input> {
    let leaf_only = depth == 0;
    let pick = u.int_in_range(0..=if leaf_only { 8u8 } else { 11 })?;
    Ok(match pick {
        0 => Input::Undefined,
        1 => Input::Null,
        2 => Input::Bool(u.arbitrary()?),
        3 | 4 => Input::Number(number(u)?),
        5 | 6 => Input::String(string(u)?),
        7 => Input::Function,
        8 => u
            .choose(&[
                Input::Signal,
                Input::Other("symbol"),
                Input::Other("bigint"),
            ])?
            .clone(),
        9 => {
            let n = u.int_in_range(0..=6u8)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(input(u, depth - 1)?);
            }
            Input::Array(items)
        }
        _ => object(u, depth - 1, KEYS)?,
    })
}

/// An object whose keys are mostly from `keys` (duplicates allowed, as a JS object cannot have
/// but the model can), with arbitrary values.
pub fn object(u: &mut Unstructured, depth: u32, keys: &[&str]) -> Result<Input> {
    let n = u.int_in_range(0..=8u8)?;
    let mut entries = Vec::new();
    for _ in 0..n {
        let key = if u.ratio(7, 8)? {
            u.choose(keys)?.to_string()
        } else {
            string(u)?
        };
        entries.push((key, input(u, depth)?));
    }
    Ok(Input::Object {
        entries,
        plain: u.ratio(15, 16)?,
    })
}

/// Every text a caller could log or pass on for a result: `Debug`, the JSON the bindings send
/// to JS, and `raw`.
pub fn renderings(r: &std::result::Result<Task, Error>) -> String {
    match r {
        Ok(t) => format!(
            "{t:?}\n{}\n{}",
            serde_json::to_string(t).unwrap_or_default(),
            t.raw
        ),
        Err(e) => format!(
            "{e:?}\n{}\n{e}",
            serde_json::to_string(e).unwrap_or_default()
        ),
    }
}

/// Panics (a fuzz finding) when `text` carries one of `secrets`.
pub fn assert_no_secret(text: &str, secrets: &[&str], label: &str) {
    for s in secrets {
        assert!(
            !text.contains(s),
            "{label}: secret {s:?} leaked in:\n{text}"
        );
    }
}

/// Whether any string in the tree other than the top-level `skip_key` entry contains `needle`
/// (then a message may legitimately quote it back).
pub fn mentions(value: &Input, needle: &str, skip_key: Option<&str>) -> bool {
    match value {
        Input::String(s) => s.contains(needle),
        Input::Array(items) => items.iter().any(|v| mentions(v, needle, None)),
        Input::Object { entries, .. } => entries
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != skip_key)
            .any(|(k, v)| k.contains(needle) || mentions(v, needle, None)),
        _ => false,
    }
}

/// `String::arbitrary` that takes a bounded slice (keeps inputs small and varied).
trait TakeString {
    fn arbitrary_take(u: &mut Unstructured) -> Result<String>;
}

impl TakeString for String {
    fn arbitrary_take(u: &mut Unstructured) -> Result<String> {
        let len = u.int_in_range(0..=64u8)?;
        let bytes = u.bytes(usize::from(len).min(u.len()))?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }
}
