//! Every validation rule, on both sides of each bound: the error code, the exact field, and a
//! message that states the rule and shows the bad value (never a secret).

mod common;

use common::{JOB, KEY, WHSEC};
use video_extend::error::{Error, ErrorCode};
use video_extend::input::Input;
use video_extend::json::Value;
use video_extend::options::ClientOptions;
use video_extend::provider::apiframe::ApiframeExtendRequest;
use video_extend::provider::legnext::LegnextExtendRequest;
use video_extend::provider::{ExtendRequest, Provider};

/// `None` removes the key; `Some(v)` sets it (added at the end when new).
type Edit<'a> = (&'a str, Option<Input>);

fn edited(base: Vec<(&str, Input)>, edits: Vec<Edit>) -> Input {
    let mut entries: Vec<(String, Input)> =
        base.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    for (key, value) in edits {
        let pos = entries.iter().position(|(k, _)| k == key);
        match (pos, value) {
            (Some(i), Some(v)) => entries[i].1 = v,
            (Some(i), None) => {
                entries.remove(i);
            }
            (None, Some(v)) => entries.push((key.to_string(), v)),
            (None, None) => {}
        }
    }
    Input::Object {
        entries,
        plain: true,
    }
}

fn legnext_input(edits: Vec<Edit>) -> Input {
    edited(
        vec![("jobId", Input::str(JOB)), ("videoNo", Input::Number(0.0))],
        edits,
    )
}

fn apiframe_input(edits: Vec<Edit>) -> Input {
    edited(
        vec![
            ("parentTaskId", Input::str("luma-parent-1")),
            ("prompt", Input::str("keep going")),
        ],
        edits,
    )
}

fn legnext_ok(edits: Vec<Edit>, label: &str) -> LegnextExtendRequest {
    match ExtendRequest::parse(Provider::Legnext, &legnext_input(edits)) {
        Ok(ExtendRequest::Legnext(r)) => r,
        Ok(other) => panic!("{label}: parsed as the wrong provider: {other:?}"),
        Err(e) => panic!("{label}: refused: {e:?}"),
    }
}

fn apiframe_ok(edits: Vec<Edit>, label: &str) -> ApiframeExtendRequest {
    match ExtendRequest::parse(Provider::Apiframe, &apiframe_input(edits)) {
        Ok(ExtendRequest::Apiframe(r)) => r,
        Ok(other) => panic!("{label}: parsed as the wrong provider: {other:?}"),
        Err(e) => panic!("{label}: refused: {e:?}"),
    }
}

fn refused<T: std::fmt::Debug>(r: Result<T, Error>, label: &str) -> Error {
    match r {
        Ok(v) => panic!("{label}: accepted, want a refusal: {v:?}"),
        Err(e) => e,
    }
}

/// Asserts an `invalid_request` naming `field` whose message contains every needle.
fn assert_refusal(e: &Error, field: &str, needles: &[&str], label: &str) {
    assert_eq!(e.code, ErrorCode::InvalidRequest, "{label}: {e:?}");
    assert_eq!(e.field.as_deref(), Some(field), "{label}: {e:?}");
    assert!(!e.retryable && !e.ambiguous, "{label}: {e:?}");
    for n in needles {
        assert!(
            e.message.contains(n),
            "{label}: message {:?} lacks {n:?}",
            e.message
        );
    }
}

fn check_table(provider: Provider, cases: Vec<(Input, &str, Vec<&str>, String)>) {
    assert!(!cases.is_empty());
    for (input, field, needles, label) in cases {
        let e = refused(ExtendRequest::parse(provider, &input), &label);
        assert_refusal(&e, field, &needles, &label);
    }
}

/// A `'static` copy of a computed needle (tests only; a few bytes each).
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn emoji(n: usize) -> String {
    "🎬".repeat(n)
}

// ---------------------------------------------------------------- Legnext

#[test]
fn legnext_minimal_request_is_accepted_as_given() {
    let r = legnext_ok(vec![], "minimal");
    assert_eq!(r.job_id, JOB);
    assert_eq!(r.video_no, 0);
    assert_eq!(r.prompt, None);
    assert_eq!(r.callback, None);
    assert_eq!(r.extra_body, None);
    let upper = JOB.to_ascii_uppercase();
    let r = legnext_ok(vec![("jobId", Some(Input::str(&upper)))], "uppercase uuid");
    assert_eq!(r.job_id, upper);
}

#[test]
fn legnext_job_id_must_be_a_hyphenated_uuid_string() {
    let as_uuid = vec!["must be a UUID"];
    let cases: Vec<(Option<Input>, Vec<&str>)> = vec![
        (
            Some(Input::str("not-a-uuid")),
            vec!["must be a UUID", "\"not-a-uuid\""],
        ),
        (
            Some(Input::str("b24ffa077b7649a2963ef6c527f7cec7")),
            vec!["must be a UUID", "\"b24ffa077b7649a2963ef6c527f7cec7\""],
        ),
        (
            Some(Input::str("{b24ffa07-7b76-49a2-963e-f6c527f7cec7}")),
            vec!["must be a UUID", "{b24ffa07-7b76-49a2-963e-f6c527f7cec7}"],
        ),
        (
            Some(Input::str("b24ffa07-7b76-49a2-963e-f6c527f7cecz")),
            vec!["must be a UUID", "f6c527f7cecz"],
        ),
        (Some(Input::str("")), as_uuid.clone()),
        (
            Some(Input::str(" b24ffa07-7b76-49a2-963e-f6c527f7cec7")),
            as_uuid,
        ),
        (
            Some(Input::Null),
            vec!["jobId must be a string", "got null"],
        ),
        (
            Some(Input::Number(42.0)),
            vec!["jobId must be a string", "got 42"],
        ),
        (
            Some(Input::Array(vec![Input::str(JOB)])),
            vec!["jobId must be a string", "an array"],
        ),
        (
            Some(Input::object(vec![("id", Input::str(JOB))])),
            vec!["jobId must be a string", "an object"],
        ),
        (None, vec!["jobId is required"]),
    ];
    let table = cases
        .into_iter()
        .map(|(v, needles)| {
            let label = format!("jobId {v:?}");
            (legnext_input(vec![("jobId", v)]), "jobId", needles, label)
        })
        .collect();
    check_table(Provider::Legnext, table);
}

#[test]
fn legnext_video_no_is_an_integer_from_0_to_3() {
    for n in [0.0, 1.0, 2.0, 3.0, -0.0] {
        let r = legnext_ok(vec![("videoNo", Some(Input::Number(n)))], "videoNo");
        assert_eq!(f64::from(r.video_no), n.abs(), "{n}");
    }
    let rule = "videoNo must be an integer from 0 to 3";
    let cases: Vec<(Option<Input>, &str)> = vec![
        (Some(Input::Number(1.5)), "got 1.5"),
        (Some(Input::str("1")), "got \"1\" (a string)"),
        (Some(Input::Number(f64::NAN)), "got NaN"),
        (Some(Input::Number(-1.0)), "got -1"),
        (Some(Input::Number(4.0)), "got 4"),
        (Some(Input::Number(f64::INFINITY)), "got Infinity"),
        (Some(Input::Number(f64::NEG_INFINITY)), "got -Infinity"),
        (Some(Input::Null), "got null"),
        (Some(Input::Bool(true)), "got true"),
        (None, "videoNo is required"),
    ];
    let table = cases
        .into_iter()
        .map(|(v, shown)| {
            let label = format!("videoNo {v:?}");
            (
                legnext_input(vec![("videoNo", v)]),
                "videoNo",
                vec![rule, shown],
                label,
            )
        })
        .collect();
    check_table(Provider::Legnext, table);
}

#[test]
fn legnext_prompt_is_optional_and_1_to_8192_code_points() {
    assert_eq!(legnext_ok(vec![], "absent").prompt, None);
    let one = legnext_ok(vec![("prompt", Some(Input::str("a")))], "1 char");
    assert_eq!(one.prompt.as_deref(), Some("a"));
    // 8192 code points that are 16384 UTF-16 units and 32768 bytes: still within the limit.
    let max = emoji(8192);
    assert_eq!(max.encode_utf16().count(), 16384);
    let r = legnext_ok(vec![("prompt", Some(Input::String(max.clone())))], "8192");
    assert_eq!(r.prompt.as_deref(), Some(max.as_str()));
    let ascii_max = "x".repeat(8192);
    assert!(legnext_ok(
        vec![("prompt", Some(Input::String(ascii_max)))],
        "8192 ascii"
    )
    .prompt
    .is_some());

    let rule = "prompt must be 1 to 8192 characters";
    let table = vec![
        (
            legnext_input(vec![("prompt", Some(Input::String(emoji(8193))))]),
            "prompt",
            vec![rule, "got 8193"],
            "8193 emoji".to_string(),
        ),
        (
            legnext_input(vec![("prompt", Some(Input::String("x".repeat(8193))))]),
            "prompt",
            vec![rule, "got 8193"],
            "8193 ascii".to_string(),
        ),
        (
            legnext_input(vec![("prompt", Some(Input::str("")))]),
            "prompt",
            vec![rule, "got 0"],
            "empty".to_string(),
        ),
        (
            legnext_input(vec![("prompt", Some(Input::Number(7.0)))]),
            "prompt",
            vec!["prompt must be a string", "got 7"],
            "number".to_string(),
        ),
        (
            legnext_input(vec![("prompt", Some(Input::Null))]),
            "prompt",
            vec!["prompt must be a string", "got null"],
            "null".to_string(),
        ),
    ];
    check_table(Provider::Legnext, table);
}

#[test]
fn legnext_callback_is_an_absolute_http_url() {
    for ok in [
        "http://example.com/cb",
        "https://hooks.example.com/legnext?sig=abc",
        "https://127.0.0.1:8787/cb",
    ] {
        let r = legnext_ok(vec![("callback", Some(Input::str(ok)))], ok);
        assert_eq!(r.callback.as_deref(), Some(ok));
    }
    let rule = "callback must be an absolute http(s) URL";
    let table = [
        "ftp://example.com/cb",
        "/relative/cb",
        "hooks.example.com/cb",
        "",
        "   ",
        "javascript:alert(1)",
    ]
    .into_iter()
    .map(|bad| {
        (
            legnext_input(vec![("callback", Some(Input::str(bad)))]),
            "callback",
            vec![rule, leak(format!("{bad:?}"))],
            format!("callback {bad:?}"),
        )
    })
    .chain(std::iter::once((
        legnext_input(vec![("callback", Some(Input::Bool(true)))]),
        "callback",
        vec!["callback must be a string", "got true"],
        "callback true".to_string(),
    )))
    .collect();
    check_table(Provider::Legnext, table);
}

#[test]
fn legnext_unknown_and_apiframe_keys_are_refused_by_name() {
    let e = refused(
        ExtendRequest::parse(
            Provider::Legnext,
            &legnext_input(vec![("jobId", None), ("job_id", Some(Input::str(JOB)))]),
        ),
        "job_id",
    );
    assert_refusal(
        &e,
        "job_id",
        &["\"job_id\"", "did you mean jobId?"],
        "job_id",
    );
    let e = refused(
        ExtendRequest::parse(
            Provider::Legnext,
            &legnext_input(vec![("video_no", Some(Input::Number(1.0)))]),
        ),
        "video_no",
    );
    assert_refusal(&e, "video_no", &["did you mean videoNo?"], "video_no");

    for key in [
        "parentTaskId",
        "imageUrl",
        "endImageUrl",
        "enhancePrompt",
        "aspectRatio",
        "webhookUrl",
        "webhookSecret",
    ] {
        let value = Input::str(WHSEC);
        let e = refused(
            ExtendRequest::parse(Provider::Legnext, &legnext_input(vec![(key, Some(value))])),
            key,
        );
        assert_refusal(
            &e,
            key,
            &[&format!("request has no key {key:?}"), "APIFrame field"],
            key,
        );
        assert!(!e.message.contains(WHSEC), "{key}: value echoed: {e:?}");
    }
}

#[test]
fn legnext_extra_body_is_merged_but_may_not_override_or_hold_non_json() {
    let extra = Input::object(vec![
        ("mode", Input::str("fast")),
        (
            "nested",
            Input::object(vec![(
                "a",
                Input::Array(vec![Input::Number(1.0), Input::Null]),
            )]),
        ),
    ]);
    let r = legnext_ok(vec![("extraBody", Some(extra))], "extraBody");
    // Serialised (host tests, typings) it is a map, not a list of pairs.
    let serialised = serde_json::to_value(&r).ok();
    assert_eq!(
        serialised.as_ref().and_then(|v| v.get("extraBody")),
        Some(&serde_json::json!({"mode": "fast", "nested": {"a": [1, null]}}))
    );
    let got = r.extra_body.map(Value::Object);
    assert_eq!(
        got,
        Some(common::value(
            serde_json::json!({"mode": "fast", "nested": {"a": [1, null]}})
        ))
    );

    let obj = |k: &str, v: Input| Input::object(vec![(k, v)]);
    let table = vec![
        (
            legnext_input(vec![("extraBody", Some(Input::str("mode=fast")))]),
            "extraBody",
            vec![
                "extraBody must be a plain object",
                "\"mode=fast\" (a string)",
            ],
            "string".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(Input::Array(vec![])))]),
            "extraBody",
            vec!["extraBody must be a plain object", "an array"],
            "array".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(Input::Null))]),
            "extraBody",
            vec!["extraBody must be a plain object", "null"],
            "null".to_string(),
        ),
        (
            legnext_input(vec![(
                "extraBody",
                Some(Input::Object {
                    entries: vec![],
                    plain: false,
                }),
            )]),
            "extraBody",
            vec!["plain object", "class instance"],
            "class instance".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(obj("x", Input::Number(f64::NAN))))]),
            "extraBody.x",
            vec!["extraBody.x must be a finite number", "got NaN"],
            "NaN inside".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(obj("x", Input::Function)))]),
            "extraBody.x",
            vec!["extraBody.x cannot be sent as JSON", "a function"],
            "function inside".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(obj("prompt", Input::str("p"))))]),
            "extraBody.prompt",
            vec!["extraBody.prompt would override"],
            "override prompt".to_string(),
        ),
        (
            legnext_input(vec![("extraBody", Some(obj("jobId", Input::str(JOB))))]),
            "extraBody.jobId",
            vec!["extraBody.jobId would override"],
            "override jobId".to_string(),
        ),
        (
            legnext_input(vec![(
                "extraBody",
                Some(obj("videoNo", Input::Number(2.0))),
            )]),
            "extraBody.videoNo",
            vec!["would override"],
            "override videoNo".to_string(),
        ),
        (
            legnext_input(vec![(
                "extraBody",
                Some(obj("callback", Input::str("https://x.example"))),
            )]),
            "extraBody.callback",
            vec!["would override"],
            "override callback".to_string(),
        ),
    ];
    check_table(Provider::Legnext, table);
}

// ---------------------------------------------------------------- APIFrame

#[test]
fn apiframe_full_request_is_accepted_as_given() {
    let r = apiframe_ok(
        vec![
            (
                "imageUrl",
                Some(Input::str("https://img.example/start.png")),
            ),
            (
                "endImageUrl",
                Some(Input::str("http://img.example/end.png")),
            ),
            ("enhancePrompt", Some(Input::Bool(false))),
            ("aspectRatio", Some(Input::str("16:9"))),
            ("webhookUrl", Some(Input::str("https://hooks.example/a"))),
            ("webhookSecret", Some(Input::str(WHSEC))),
        ],
        "full",
    );
    assert_eq!(r.parent_task_id, "luma-parent-1");
    assert_eq!(r.prompt, "keep going");
    assert_eq!(
        r.image_url.as_deref(),
        Some("https://img.example/start.png")
    );
    assert_eq!(
        r.end_image_url.as_deref(),
        Some("http://img.example/end.png")
    );
    assert_eq!(r.enhance_prompt, Some(false));
    assert_eq!(r.aspect_ratio.as_deref(), Some("16:9"));
    assert_eq!(r.webhook_url.as_deref(), Some("https://hooks.example/a"));
    assert_eq!(r.webhook_secret.as_deref(), Some(WHSEC));
    let req = ExtendRequest::Apiframe(r);
    assert_eq!(req.secrets(), vec![WHSEC]);
}

#[test]
fn apiframe_parent_task_id_is_required_and_not_blank() {
    let cases: Vec<(Option<Input>, Vec<&str>)> = vec![
        (None, vec!["parentTaskId is required"]),
        (
            Some(Input::str("")),
            vec!["parentTaskId must not be empty or blank"],
        ),
        (
            Some(Input::str("  \t ")),
            vec!["parentTaskId must not be empty or blank"],
        ),
        (
            Some(Input::Null),
            vec!["parentTaskId must be a string", "got null"],
        ),
        (
            Some(Input::Number(12.0)),
            vec!["parentTaskId must be a string", "got 12"],
        ),
    ];
    let table = cases
        .into_iter()
        .map(|(v, needles)| {
            let label = format!("parentTaskId {v:?}");
            (
                apiframe_input(vec![("parentTaskId", v)]),
                "parentTaskId",
                needles,
                label,
            )
        })
        .collect();
    check_table(Provider::Apiframe, table);
}

#[test]
fn apiframe_prompt_is_required_not_blank_and_1_to_8192_code_points() {
    assert_eq!(
        apiframe_ok(vec![("prompt", Some(Input::str("a")))], "1").prompt,
        "a"
    );
    let max = emoji(8192);
    assert_eq!(
        apiframe_ok(vec![("prompt", Some(Input::String(max.clone())))], "8192").prompt,
        max
    );
    let rule = "prompt must be 1 to 8192 characters";
    let cases: Vec<(Option<Input>, Vec<&str>)> = vec![
        (None, vec!["prompt is required"]),
        (
            Some(Input::str("")),
            vec!["prompt must not be empty or blank"],
        ),
        (
            Some(Input::str("   ")),
            vec!["prompt must not be empty or blank"],
        ),
        (Some(Input::String(emoji(8193))), vec![rule, "got 8193"]),
        (
            Some(Input::String("y".repeat(8193))),
            vec![rule, "got 8193"],
        ),
        (
            Some(Input::Null),
            vec!["prompt must be a string", "got null"],
        ),
        (
            Some(Input::Array(vec![Input::str("a")])),
            vec!["prompt must be a string", "an array"],
        ),
    ];
    let table = cases
        .into_iter()
        .map(|(v, needles)| {
            let label = format!("prompt {:?}", v.as_ref().map(Input::describe));
            (
                apiframe_input(vec![("prompt", v)]),
                "prompt",
                needles,
                label,
            )
        })
        .collect();
    check_table(Provider::Apiframe, table);
}

#[test]
fn apiframe_urls_are_absolute_http() {
    let mut table = Vec::new();
    for field in ["imageUrl", "endImageUrl", "webhookUrl"] {
        for ok in ["https://a.example/x.png", "http://a.example:8080/x?y=1"] {
            apiframe_ok(
                vec![(field, Some(Input::str(ok)))],
                &format!("{field} {ok}"),
            );
        }
        for bad in [
            "ftp://a.example/x.png",
            "a.example/x.png",
            "/x.png",
            "",
            "https://",
        ] {
            let shown: &'static str = leak(format!("{bad:?}"));
            let rule: &'static str = leak(format!("{field} must be an absolute http(s) URL"));
            table.push((
                apiframe_input(vec![(field, Some(Input::str(bad)))]),
                field,
                vec![rule, shown],
                format!("{field} {bad:?}"),
            ));
        }
        let rule: &'static str = leak(format!("{field} must be a string"));
        table.push((
            apiframe_input(vec![(field, Some(Input::Number(1.0)))]),
            field,
            vec![rule, "got 1"],
            format!("{field} number"),
        ));
    }
    check_table(Provider::Apiframe, table);
}

#[test]
fn apiframe_enhance_prompt_is_a_boolean_only() {
    for b in [true, false] {
        let r = apiframe_ok(vec![("enhancePrompt", Some(Input::Bool(b)))], "bool");
        assert_eq!(r.enhance_prompt, Some(b));
    }
    assert_eq!(apiframe_ok(vec![], "absent").enhance_prompt, None);
    let rule = "enhancePrompt must be a boolean";
    let table = vec![
        (Input::Number(1.0), "got 1"),
        (Input::Number(0.0), "got 0"),
        (Input::str("true"), "got \"true\" (a string)"),
        (Input::Null, "got null"),
    ]
    .into_iter()
    .map(|(v, shown)| {
        let label = format!("enhancePrompt {v:?}");
        (
            apiframe_input(vec![("enhancePrompt", Some(v))]),
            "enhancePrompt",
            vec![rule, shown],
            label,
        )
    })
    .collect();
    check_table(Provider::Apiframe, table);
}

#[test]
fn apiframe_aspect_ratio_is_one_of_the_seven() {
    for ratio in ["1:1", "16:9", "9:16", "4:3", "3:4", "21:9", "9:21"] {
        let r = apiframe_ok(vec![("aspectRatio", Some(Input::str(ratio)))], ratio);
        assert_eq!(r.aspect_ratio.as_deref(), Some(ratio));
    }
    let rule = "aspectRatio must be one of 1:1, 16:9, 9:16, 4:3, 3:4, 21:9, 9:21";
    let table = vec![
        (Input::str("2:1"), vec![rule, "got \"2:1\""]),
        (Input::str("16x9"), vec![rule, "got \"16x9\""]),
        (Input::str("3:2"), vec![rule, "got \"3:2\""]),
        (Input::str(" 16:9"), vec![rule, "\" 16:9\""]),
        (Input::str(""), vec![rule]),
        (
            Input::Number(1.0),
            vec!["aspectRatio must be a string", "got 1"],
        ),
    ]
    .into_iter()
    .map(|(v, needles)| {
        let label = format!("aspectRatio {v:?}");
        (
            apiframe_input(vec![("aspectRatio", Some(v))]),
            "aspectRatio",
            needles,
            label,
        )
    })
    .collect();
    check_table(Provider::Apiframe, table);
}

#[test]
fn apiframe_webhook_secret_needs_a_webhook_url_and_is_never_echoed() {
    let hook = ("webhookUrl", Some(Input::str("https://hooks.example/a")));
    let cases: Vec<(Vec<Edit>, Vec<&str>)> = vec![
        (
            vec![("webhookSecret", Some(Input::str(WHSEC)))],
            vec!["give webhookUrl too"],
        ),
        (
            vec![hook.clone(), ("webhookSecret", Some(Input::str("")))],
            vec!["webhookSecret must not be empty"],
        ),
        (
            vec![
                hook.clone(),
                ("webhookSecret", Some(Input::Number(987_654.0))),
            ],
            vec!["webhookSecret must be a string", "a number"],
        ),
        (
            vec![
                hook.clone(),
                ("webhookSecret", Some(Input::Array(vec![Input::str(WHSEC)]))),
            ],
            vec!["webhookSecret must be a string", "an array"],
        ),
        (
            vec![
                hook.clone(),
                (
                    "webhookSecret",
                    Some(Input::object(vec![("s", Input::str(WHSEC))])),
                ),
            ],
            vec!["webhookSecret must be a string", "an object"],
        ),
        (
            vec![hook.clone(), ("webhookSecret", Some(Input::Bool(true)))],
            vec!["webhookSecret must be a string", "a boolean"],
        ),
        (
            vec![hook, ("webhookSecret", Some(Input::Null))],
            vec!["webhookSecret must be a string", "null"],
        ),
    ];
    for (edits, needles) in cases {
        let label = format!("{edits:?}");
        let e = refused(
            ExtendRequest::parse(Provider::Apiframe, &apiframe_input(edits)),
            &label,
        );
        assert_refusal(&e, "webhookSecret", &needles, &label);
        let text = format!("{e:?} {e}");
        assert!(
            !text.contains(WHSEC) && !text.contains("987654"),
            "{label}: {text}"
        );
    }
}

#[test]
fn apiframe_unknown_and_legnext_keys_are_refused_by_name() {
    let e = refused(
        ExtendRequest::parse(
            Provider::Apiframe,
            &apiframe_input(vec![
                ("parentTaskId", None),
                ("parent_task_id", Some(Input::str("p"))),
            ]),
        ),
        "parent_task_id",
    );
    assert_refusal(
        &e,
        "parent_task_id",
        &["\"parent_task_id\"", "did you mean parentTaskId?"],
        "parent_task_id",
    );
    for (key, hint) in [
        ("webhook_url", "did you mean webhookUrl?"),
        ("aspect_ratio", "did you mean aspectRatio?"),
        ("promt", "did you mean prompt?"),
    ] {
        let e = refused(
            ExtendRequest::parse(
                Provider::Apiframe,
                &apiframe_input(vec![(key, Some(Input::str("x")))]),
            ),
            key,
        );
        assert_refusal(&e, key, &[hint], key);
    }
    for (key, value) in [
        ("jobId", Input::str(JOB)),
        ("videoNo", Input::Number(1.0)),
        ("callback", Input::str("https://hooks.example/a")),
    ] {
        let e = refused(
            ExtendRequest::parse(
                Provider::Apiframe,
                &apiframe_input(vec![(key, Some(value))]),
            ),
            key,
        );
        assert_refusal(
            &e,
            key,
            &[&format!("request has no key {key:?}"), "Legnext field"],
            key,
        );
    }
}

#[test]
fn apiframe_extra_body_may_not_override_wire_fields() {
    let r = apiframe_ok(
        vec![(
            "extraBody",
            Some(Input::object(vec![("loop", Input::Bool(true))])),
        )],
        "extra",
    );
    assert_eq!(
        r.extra_body.map(Value::Object),
        Some(common::value(serde_json::json!({"loop": true})))
    );
    let table = [
        "parent_task_id",
        "prompt",
        "image_url",
        "end_image_url",
        "enhance_prompt",
        "aspect_ratio",
        "webhook_url",
        "webhook_secret",
    ]
    .into_iter()
    .map(|k| {
        let field: &'static str = leak(format!("extraBody.{k}"));
        (
            apiframe_input(vec![(
                "extraBody",
                Some(Input::object(vec![(k, Input::str("x"))])),
            )]),
            field,
            vec!["would override"],
            k.to_string(),
        )
    })
    .collect();
    check_table(Provider::Apiframe, table);
}

// ---------------------------------------------------------------- the request itself

#[test]
fn a_request_that_is_not_an_object_is_refused_as_request() {
    for provider in [Provider::Legnext, Provider::Apiframe] {
        for (value, shown) in [
            (Input::Null, "got null"),
            (Input::Undefined, "got undefined"),
            (Input::str(JOB), "(a string)"),
            (Input::Array(vec![Input::str(JOB)]), "got an array"),
            (Input::Number(1.0), "got 1"),
        ] {
            let label = format!("{provider:?} {value:?}");
            let e = refused(ExtendRequest::parse(provider, &value), &label);
            assert_refusal(&e, "request", &["request must be an object", shown], &label);
        }
    }
}

// ---------------------------------------------------------------- options

fn options_refused(input: Input, label: &str) -> Error {
    refused(ClientOptions::parse(&input), label)
}

#[test]
fn options_provider_is_one_of_the_two_exactly() {
    for (p, want) in [
        ("legnext", Provider::Legnext),
        ("apiframe", Provider::Apiframe),
    ] {
        let o = common::options(p, vec![]);
        assert_eq!(o.provider, want);
    }
    let rule = "provider must be \"legnext\" or \"apiframe\"";
    let cases: Vec<(Option<Input>, Vec<&str>)> = vec![
        (Some(Input::str("runway")), vec![rule, "got \"runway\""]),
        (
            Some(Input::str("Legnext")),
            vec![rule, "\"Legnext\"", "did you mean \"legnext\"?"],
        ),
        (
            Some(Input::str("APIFrame")),
            vec![rule, "did you mean \"apiframe\"?"],
        ),
        (Some(Input::str("")), vec![rule]),
        (Some(Input::Null), vec![rule, "got null"]),
        (Some(Input::Number(1.0)), vec![rule, "got 1"]),
        (None, vec![rule, "got undefined"]),
    ];
    for (value, needles) in cases {
        let label = format!("provider {value:?}");
        let mut entries = vec![("apiKey", Input::str(KEY))];
        if let Some(v) = value {
            entries.push(("provider", v));
        }
        let e = options_refused(Input::object(entries), &label);
        assert_refusal(&e, "provider", &needles, &label);
    }
}

#[test]
fn options_api_key_is_required_not_blank_and_never_echoed() {
    let o = common::options("legnext", vec![]);
    assert_eq!(o.api_key, KEY);
    let cases: Vec<(Option<Input>, &str)> = vec![
        (None, "apiKey is required"),
        (Some(Input::str("")), "apiKey must not be empty or blank"),
        (Some(Input::str("   ")), "apiKey must not be empty or blank"),
        (
            Some(Input::Number(12_345.0)),
            "apiKey must be a string, got a number",
        ),
        (Some(Input::Null), "apiKey must be a string, got null"),
        (
            Some(Input::Bool(true)),
            "apiKey must be a string, got a boolean",
        ),
        (
            Some(Input::Array(vec![Input::str(KEY)])),
            "apiKey must be a string, got an array",
        ),
        (
            Some(Input::object(vec![("key", Input::str(KEY))])),
            "apiKey must be a string",
        ),
    ];
    for (value, needle) in cases {
        let label = format!("apiKey {value:?}");
        let mut entries = vec![("provider", Input::str("apiframe"))];
        if let Some(v) = value {
            entries.push(("apiKey", v));
        }
        let e = options_refused(Input::object(entries), &label);
        assert_refusal(&e, "apiKey", &[needle], &label);
        let text = format!(
            "{e:?} {e} {}",
            serde_json::to_string(&e).unwrap_or_default()
        );
        assert!(
            !text.contains(KEY) && !text.contains("12345"),
            "{label}: {text}"
        );
    }
    // A key passed under the wrong name is refused by name, without its value.
    let e = options_refused(
        Input::object(vec![
            ("provider", Input::str("legnext")),
            ("api_key", Input::str(KEY)),
        ]),
        "api_key",
    );
    assert_refusal(&e, "api_key", &["spelled apiKey"], "api_key");
    assert!(!format!("{e:?}").contains(KEY));
}

#[test]
fn options_base_url_is_https_unless_loopback() {
    for (given, base) in [
        ("https://proxy.example.com", "https://proxy.example.com"),
        (
            "https://proxy.example.com/legnext/",
            "https://proxy.example.com/legnext",
        ),
        ("http://localhost:8787", "http://localhost:8787"),
        ("http://127.0.0.1:8787/", "http://127.0.0.1:8787"),
        ("http://[::1]:8787", "http://[::1]:8787"),
        ("http://app.localhost", "http://app.localhost"),
    ] {
        let o = common::options("legnext", vec![("baseURL", Input::str(given))]);
        assert_eq!(o.base(), base, "{given}");
    }
    let cases: Vec<(Input, Vec<&str>)> = vec![
        (
            Input::str("http://api.example.com"),
            vec![
                "baseURL must use https unless its host is loopback",
                "\"http://api.example.com\"",
            ],
        ),
        (
            Input::str("http://10.0.0.1:8787"),
            vec!["must use https unless", "\"http://10.0.0.1:8787\""],
        ),
        (
            Input::str("http://localhost.example.com"),
            vec!["must use https unless", "\"http://localhost.example.com\""],
        ),
        (
            Input::str("https://x.example/?a=1"),
            vec![
                "must not have a query or fragment",
                "\"https://x.example/?a=1\"",
            ],
        ),
        (
            Input::str("https://x.example/#top"),
            vec!["must not have a query or fragment"],
        ),
        (
            Input::str("ftp://x.example"),
            vec![
                "baseURL must be an absolute http(s) URL",
                "\"ftp://x.example\"",
            ],
        ),
        (
            Input::str("not a url"),
            vec!["baseURL must be an absolute http(s) URL", "\"not a url\""],
        ),
        (Input::Null, vec!["baseURL must be a string", "got null"]),
    ];
    for (value, needles) in cases {
        let label = format!("baseURL {value:?}");
        let e = options_refused(
            common::options_input("legnext", vec![("baseURL", value)]),
            &label,
        );
        assert_refusal(&e, "baseURL", &needles, &label);
    }
}

#[test]
fn options_timeout_and_max_retries_bounds() {
    for (key, n) in [
        ("timeout", 1.0),
        ("timeout", 2_147_483_647.0),
        ("maxRetries", 0.0),
        ("maxRetries", 10.0),
    ] {
        let o = common::options("apiframe", vec![(key, Input::Number(n))]);
        let got = if key == "timeout" {
            o.timeout.map(f64::from)
        } else {
            o.max_retries.map(f64::from)
        };
        assert_eq!(got, Some(n), "{key} {n}");
    }
    let timeout_rule = "timeout must be an integer from 1 to 2147483647";
    let retries_rule = "maxRetries must be an integer from 0 to 10";
    let cases: Vec<(&str, Input, &str, &str)> = vec![
        ("timeout", Input::Number(0.0), timeout_rule, "got 0"),
        ("timeout", Input::Number(-1.0), timeout_rule, "got -1"),
        (
            "timeout",
            Input::Number(2_147_483_648.0),
            timeout_rule,
            "got 2147483648",
        ),
        ("timeout", Input::Number(1.5), timeout_rule, "got 1.5"),
        ("timeout", Input::Number(f64::NAN), timeout_rule, "got NaN"),
        (
            "timeout",
            Input::Number(f64::INFINITY),
            timeout_rule,
            "got Infinity",
        ),
        (
            "timeout",
            Input::str("100"),
            timeout_rule,
            "got \"100\" (a string)",
        ),
        ("maxRetries", Input::Number(-1.0), retries_rule, "got -1"),
        ("maxRetries", Input::Number(11.0), retries_rule, "got 11"),
        ("maxRetries", Input::Number(2.5), retries_rule, "got 2.5"),
        ("maxRetries", Input::Null, retries_rule, "got null"),
    ];
    for (key, value, rule, shown) in cases {
        let label = format!("{key} {value:?}");
        let e = options_refused(common::options_input("legnext", vec![(key, value)]), &label);
        assert_refusal(&e, key, &[rule, shown], &label);
    }
}

#[test]
fn options_unknown_keys_are_refused_with_a_hint() {
    for (key, needle) in [
        ("timeOut", "did you mean timeout?"),
        ("max_retries", "did you mean maxRetries?"),
        ("base_url", "did you mean baseURL?"),
        ("baseUrl", "the option is spelled baseURL"),
        ("providr", "did you mean provider?"),
        ("region", "unknown key \"region\""),
    ] {
        let e = options_refused(
            common::options_input("legnext", vec![(key, Input::str("x"))]),
            key,
        );
        assert_refusal(&e, key, &[needle], key);
    }
    for (value, shown) in [
        (Input::Null, "got null"),
        (Input::str("legnext"), "(a string)"),
        (Input::Undefined, "got undefined"),
    ] {
        let e = options_refused(value, shown);
        assert_refusal(&e, "options", &["options must be an object", shown], shown);
    }
}
