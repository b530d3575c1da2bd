//! Secret leaks found by tests/node/secrets.test.mjs, kept as host tests.

mod common;

use common::{KEY, WHSEC};
use pollster::block_on;
use video_extend::client::Client;
use video_extend::input::Input;
use video_extend::options::RequestOptions;
use video_extend::transport::scripted::ScriptedRuntime;
use video_extend::transport::TransportError;

/// A transport error whose message quotes the request body (a custom `fetch` or a proxy that
/// does) kept the APIFrame webhook secret: only the API key was removed from it.
#[test]
fn transport_errors_lose_the_webhook_secret_too() {
    let opts = common::options_input("apiframe", vec![("maxRetries", Input::Number(0.0))]);
    let client = match Client::new(&opts) {
        Ok(c) => c,
        Err(e) => panic!("valid options refused: {e:?}"),
    };
    let rt = ScriptedRuntime::new(0.0);
    rt.push(Err(TransportError::Network {
        message: format!("connect failed with {KEY} and {{\"webhook_secret\":\"{WHSEC}\"}}"),
        maybe_sent: true,
    }));
    let request = Input::object(vec![
        ("parentTaskId", Input::str("parent-1")),
        ("prompt", Input::str("go on")),
        ("webhookUrl", Input::str("https://hooks.example/luma")),
        ("webhookSecret", Input::str(WHSEC)),
    ]);
    let err = match block_on(client.extend_video(&rt, &request, &RequestOptions::default())) {
        Ok(t) => panic!("a network failure gave a task: {t:?}"),
        Err(e) => e,
    };
    let text = format!("{err:?}\n{err}");
    assert!(text.contains("connect failed"), "{text}");
    assert!(!text.contains(WHSEC), "webhook secret leaked: {text}");
    assert!(!text.contains(KEY), "API key leaked: {text}");
}
