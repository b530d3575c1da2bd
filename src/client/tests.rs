//! Client-loop tests on the scripted runtime: what is sent, what is retried, what is not.

use super::*;
use crate::transport::scripted::{response, ScriptedRuntime};
use pollster::block_on;

const JOB: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
const KEY: &str = "sk-test-secret-key";

fn client(provider: &str, retries: f64) -> Client {
    let opts = Input::object(vec![
        ("provider", Input::str(provider)),
        ("apiKey", Input::str(KEY)),
        ("baseURL", Input::str("http://127.0.0.1:9")),
        ("maxRetries", Input::Number(retries)),
    ]);
    match Client::new(&opts) {
        Ok(c) => c,
        Err(e) => unreachable!("valid options refused: {e}"),
    }
}

fn legnext_req() -> Input {
    Input::object(vec![
        ("jobId", Input::str(JOB)),
        ("videoNo", Input::Number(1.0)),
    ])
}

fn envelope(status: &str) -> String {
    format!(
        r#"{{"job_id":"e41e5586-dcee-4659-ae56-dbf19d20051a","status":"{status}","error":{{"code":0,"message":""}}}}"#
    )
}

#[test]
fn reads_retry_transient_failures_with_backoff_and_retry_after() {
    let c = client("legnext", 3.0);
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Ok(response(503, &[("retry-after", "2")], "{}")));
    rt.push(Err(TransportError::Network {
        message: "reset".into(),
        maybe_sent: true,
    }));
    rt.push(Ok(response(500, &[], "{}")));
    rt.push_json(200, &envelope("processing"));
    let t = block_on(c.fetch_task(&rt, &Input::str(JOB), &RequestOptions::default()));
    assert_eq!(
        t.map(|t| t.status).ok(),
        Some(crate::TaskStatus::Processing)
    );
    assert_eq!(rt.sent().len(), 4);
    assert_eq!(rt.sleeps(), vec![2000, 1000, 2000]);
}

#[test]
fn reads_stop_after_max_retries() {
    let c = client("apiframe", 2.0);
    let rt = ScriptedRuntime::new(0.0);
    for _ in 0..5 {
        rt.push(Ok(response(502, &[], "<html>bad gateway</html>")));
    }
    let e = block_on(c.fetch_task(&rt, &Input::str("t1"), &RequestOptions::default())).err();
    assert_eq!(rt.sent().len(), 3, "1 try + 2 retries");
    let e = e.map(|e| (e.code, e.status, e.retryable, e.ambiguous));
    assert_eq!(e, Some((ErrorCode::ProviderError, Some(502), true, false)));
}

#[test]
fn create_is_retried_only_when_no_job_can_exist() {
    // 429 and refused connections: retried.
    let c = client("legnext", 2.0);
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Ok(response(429, &[("retry-after-ms", "10")], "{}")));
    rt.push(Err(TransportError::Network {
        message: "ECONNREFUSED".into(),
        maybe_sent: false,
    }));
    rt.push_json(200, &envelope("pending"));
    let t = block_on(c.extend_video(&rt, &legnext_req(), &RequestOptions::default()));
    assert!(t.is_ok());
    assert_eq!(rt.sent().len(), 3);

    // Everything after which a job may exist: one attempt, ambiguous, not retryable.
    let ambiguous: Vec<crate::transport::scripted::Outcome> = vec![
        Ok(response(500, &[], "{}")),
        Ok(response(502, &[], "<html></html>")),
        Ok(response(503, &[("retry-after", "1")], "{}")),
        Ok(response(200, &[], "{\"job_id\":")),
        Ok(response(200, &[], "")),
        Err(TransportError::Timeout),
        Err(TransportError::Network {
            message: "socket hang up".into(),
            maybe_sent: true,
        }),
    ];
    for outcome in ambiguous {
        let rt = ScriptedRuntime::new(0.0);
        let label = format!("{outcome:?}");
        rt.push(outcome);
        rt.push_json(200, &envelope("pending"));
        let e = block_on(c.extend_video(&rt, &legnext_req(), &RequestOptions::default())).err();
        assert_eq!(rt.sent().len(), 1, "{label}");
        let e = e.map(|e| (e.retryable, e.ambiguous, e.message.contains("not retried")));
        assert_eq!(e, Some((false, true, true)), "{label}");
    }
}

#[test]
fn timeouts_use_the_call_timeout_over_the_client_one() {
    let c = client("legnext", 0.0);
    let rt = ScriptedRuntime::new(0.0);
    rt.push_after(500, Ok(response(200, &[], &envelope("pending"))));
    let call = RequestOptions {
        signal: None,
        timeout: Some(100),
    };
    let e = block_on(c.fetch_task(&rt, &Input::str(JOB), &call)).err();
    assert_eq!(e.as_ref().map(|e| e.code), Some(ErrorCode::Timeout));
    assert!(e.map(|e| e.message.contains("100 ms")).unwrap_or(false));
    assert_eq!(rt.now_ms(), 100.0);
}

#[test]
fn aborts_are_never_retried() {
    let c = client("legnext", 5.0);
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Err(TransportError::Aborted { maybe_sent: false }));
    let e = block_on(c.fetch_task(&rt, &Input::str(JOB), &RequestOptions::default())).err();
    assert_eq!(
        e.map(|e| (e.code, e.retryable)),
        Some((ErrorCode::Aborted, false))
    );
    assert_eq!(rt.sent().len(), 1);
}

#[test]
fn invalid_input_sends_nothing_and_never_echoes_the_key() {
    let c = client("legnext", 2.0);
    let rt = ScriptedRuntime::new(0.0);
    let req = Input::object(vec![
        ("jobId", Input::str(KEY)),
        ("videoNo", Input::Number(0.0)),
    ]);
    let e = block_on(c.extend_video(&rt, &req, &RequestOptions::default())).err();
    assert_eq!(rt.sent().len(), 0);
    let e = e.map(|e| (e.field.clone(), e.message.contains(KEY), e.provider));
    assert_eq!(
        e,
        Some((Some("jobId".into()), false, Some(crate::Provider::Legnext)))
    );
}

#[test]
fn provider_messages_and_raw_never_carry_secrets() {
    let c = client("apiframe", 0.0);
    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(400, &format!(r#"{{"errors":[{{"msg":"bad key {KEY}"}}]}}"#));
    let req = Input::object(vec![
        ("parentTaskId", Input::str("p1")),
        ("prompt", Input::str("go")),
        ("webhookUrl", Input::str("https://hooks.example/x")),
        ("webhookSecret", Input::str("whsec-very-secret")),
    ]);
    let e = block_on(c.extend_video(&rt, &req, &RequestOptions::default())).err();
    let text = format!("{e:?}");
    assert!(!text.contains(KEY) && text.contains("[redacted]"), "{text}");

    let rt = ScriptedRuntime::new(0.0);
    rt.push_json(
        200,
        r#"{"task_id":"t9","webhook_secret":"whsec-very-secret","note":"whsec-very-secret"}"#,
    );
    let t = block_on(c.extend_video(&rt, &req, &RequestOptions::default()));
    let raw = t.map(|t| t.raw.to_string()).unwrap_or_default();
    assert!(
        raw.contains("t9") && !raw.contains("whsec-very-secret"),
        "{raw}"
    );
}
