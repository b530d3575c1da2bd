//! Tables for the poll schedule: each regime, its bounds, and the timestamp reader.

use super::*;
use crate::json::Value;

fn obs(
    at_s: f64,
    status: TaskStatus,
    progress: Option<f64>,
    started_s: Option<f64>,
) -> Observation {
    Observation {
        at_ms: at_s * 1000.0,
        status,
        progress,
        started_ms: started_s.map(|s| s * 1000.0),
    }
}

fn input(provider: Provider, now_s: f64, history: &[Observation]) -> PollInput<'_> {
    PollInput {
        provider,
        now_ms: now_s * 1000.0,
        wait_started_ms: 0.0,
        submitted_ms: None,
        history,
        jitter: 0.5,
        fixed_interval_ms: None,
        retry_after_ms: None,
        failures: 0,
    }
}

use TaskStatus::{Pending, Processing};

#[test]
fn unknown_backs_off_by_half_the_time_waited_between_bounds() {
    let h = [obs(0.0, Pending, None, None)];
    // (now s, expected delay ms)
    for (now, want) in [
        (0.0, 2_000),
        (3.0, 2_000),
        (4.0, 2_000),
        (10.0, 5_000),
        (40.0, 20_000),
        (60.0, 30_000),
        (600.0, 30_000),
    ] {
        assert_eq!(
            next_poll_delay_ms(&input(Provider::Legnext, now, &h)),
            want,
            "{now}"
        );
        assert_eq!(
            next_poll_delay_ms(&input(Provider::Apiframe, now, &h)),
            want,
            "{now}"
        );
    }
}

#[test]
fn legnext_start_predicts_the_finish() {
    let h = [
        obs(0.0, Pending, None, None),
        obs(4.0, Processing, None, Some(2.0)),
    ];
    let i = input(Provider::Legnext, 4.0, &h);
    assert_eq!(predict_finish_ms(&i), Some(155_000.0));
    // (now s, delay ms): halving on the way to 155 s, growing after it.
    for (now, want) in [
        (4.0, 30_000),
        (125.0, 17_000),
        (143.0, 8_000),
        (151.0, 4_000),
        (155.0, 2_000),
        (159.0, 4_000),
        (175.0, 12_000),
        (300.0, 30_000),
    ] {
        assert_eq!(
            next_poll_delay_ms(&input(Provider::Legnext, now, &h)),
            want,
            "{now}"
        );
    }
    // Without started_at, the first processing sighting stands in for it.
    let h = [
        obs(0.0, Pending, None, None),
        obs(6.0, Processing, None, None),
    ];
    assert_eq!(
        predict_finish_ms(&input(Provider::Legnext, 6.0, &h)),
        Some(159_000.0)
    );
    // APIFrame has no typical duration: no prediction from a start alone.
    assert_eq!(predict_finish_ms(&input(Provider::Apiframe, 6.0, &h)), None);
}

#[test]
fn progress_rate_predicts_the_finish() {
    let h = [
        obs(2.0, Processing, Some(10.0), None),
        obs(12.0, Processing, Some(30.0), None),
    ];
    // 2 %/s from 30 % at 12 s: 100 % at 47 s.
    assert_eq!(
        predict_finish_ms(&input(Provider::Apiframe, 12.0, &h)),
        Some(47_000.0)
    );
    assert_eq!(
        next_poll_delay_ms(&input(Provider::Apiframe, 12.0, &h)),
        19_500
    );
    // One reading: the submit time is 0 %.
    let one = [obs(10.0, Processing, Some(20.0), None)];
    let mut i = input(Provider::Apiframe, 10.0, &one);
    assert_eq!(predict_finish_ms(&i), None);
    i.submitted_ms = Some(0.0);
    assert_eq!(predict_finish_ms(&i), Some(50_000.0));
    // A stalled percentage gives no rate; Legnext progress wins over its start time.
    let stalled = [
        obs(2.0, Processing, Some(0.0), None),
        obs(9.0, Processing, Some(0.0), None),
    ];
    assert_eq!(
        predict_finish_ms(&input(Provider::Apiframe, 9.0, &stalled)),
        None
    );
    let both = [
        obs(10.0, Processing, Some(50.0), Some(0.0)),
        obs(20.0, Processing, Some(60.0), Some(0.0)),
    ];
    assert_eq!(
        predict_finish_ms(&input(Provider::Legnext, 20.0, &both)),
        Some(60_000.0)
    );
    // Absurd predictions are dropped.
    let slow = [
        obs(0.0, Processing, Some(1.0), None),
        obs(100.0, Processing, Some(1.1), None),
    ];
    assert_eq!(
        predict_finish_ms(&input(Provider::Apiframe, 100.0, &slow)),
        None
    );
}

#[test]
fn jitter_spreads_by_a_tenth_within_bounds() {
    let h = [obs(0.0, Pending, None, None)];
    let mut i = input(Provider::Apiframe, 20.0, &h);
    for (j, want) in [
        (0.0, 9_000),
        (0.5, 10_000),
        (0.999_999, 11_000),
        (f64::NAN, 10_000),
    ] {
        i.jitter = j;
        assert_eq!(next_poll_delay_ms(&i), want, "{j}");
    }
    i.now_ms = 0.0;
    i.jitter = 0.0;
    assert_eq!(next_poll_delay_ms(&i), FLOOR_MS);
    i.now_ms = 1e9;
    i.jitter = 0.999;
    assert_eq!(next_poll_delay_ms(&i), CEILING_MS);
}

#[test]
fn fixed_interval_retry_after_and_failures() {
    let h = [obs(0.0, Pending, None, None)];
    let mut i = input(Provider::Legnext, 100.0, &h);
    i.fixed_interval_ms = Some(5_000);
    assert_eq!(next_poll_delay_ms(&i), 5_000);
    i.fixed_interval_ms = Some(10);
    assert_eq!(next_poll_delay_ms(&i), MIN_FIXED_INTERVAL_MS);
    i.retry_after_ms = Some(7_000);
    assert_eq!(next_poll_delay_ms(&i), 7_000);
    i.fixed_interval_ms = None;
    // Scheduled 30 s; Retry-After only lengthens.
    assert_eq!(next_poll_delay_ms(&i), 30_000);
    i.retry_after_ms = Some(45_000);
    assert_eq!(next_poll_delay_ms(&i), 45_000);
    // After failed polls: the server's wish, else 2 s, 4 s, 8 s.
    i.failures = 1;
    assert_eq!(next_poll_delay_ms(&i), 45_000);
    i.retry_after_ms = None;
    i.jitter = 0.0;
    for (failures, want) in [(1, 2_000), (2, 4_000), (3, 8_000), (9, 8_000)] {
        i.failures = failures;
        assert_eq!(next_poll_delay_ms(&i), want, "{failures}");
    }
    i.retry_after_ms = Some(100);
    assert_eq!(next_poll_delay_ms(&i), FLOOR_MS);
}

#[test]
fn timestamps() {
    let day = 86_400_000.0;
    for (s, want) in [
        ("1970-01-01T00:00:00Z", Some(0.0)),
        ("1970-01-02T00:00:01Z", Some(day + 1000.0)),
        ("1970-01-01T00:00:00.250Z", Some(250.0)),
        ("1970-01-01T01:00:00+01:00", Some(0.0)),
        ("1970-01-01T00:00:00-00:30", Some(1_800_000.0)),
        ("1970-01-01 00:00:00", Some(0.0)),
        ("2025-10-14T06:23:06Z", Some(1_760_422_986_000.0)),
        ("2025-10-14", None),
        ("2025-13-14T06:23:06Z", None),
        ("2025-10-14T06:23:06+0100", None),
        ("2025-10-14T06:23:06.Z", None),
        ("yesterday", None),
        ("", None),
    ] {
        assert_eq!(parse_iso8601_ms(s), want, "{s}");
    }
    // Fractions read as parse_decimal reads "0.{digits}" (up to 15 digits).
    for frac in [
        "5",
        "123",
        "999999",
        "1234567",
        "000000001",
        "123456789012345",
    ] {
        let s = format!("2025-10-14T06:23:06.{frac}Z");
        let want = crate::input::parse_decimal(&format!("0.{frac}"))
            .map(|f| 1_760_422_986_000.0 + f * 1000.0);
        assert_eq!(parse_iso8601_ms(&s), want, "{s}");
    }
    assert_eq!(
        parse_iso8601_ms("2025-10-14T06:23:06.1234567890123456Z"),
        None
    );
}

#[test]
fn start_time_in_the_client_clock() {
    let mut t = Task::new(Provider::Legnext, "j".into(), Processing, Value::Null);
    assert_eq!(started_in_client_clock(&t, 5e12, None), None);
    t.created_at = Some("2025-10-14T06:23:05Z".into());
    t.started_at = Some("2025-10-14T06:23:06Z".into());
    // Submitted at client time 1000: queue time 1 s, whatever the server clock says.
    assert_eq!(
        started_in_client_clock(&t, 9_000.0, Some(1_000.0)),
        Some(2_000.0)
    );
    // Not submitted here: the provider's time, never in the future.
    assert_eq!(
        started_in_client_clock(&t, 2e12, None),
        Some(1_760_422_986_000.0)
    );
    assert_eq!(started_in_client_clock(&t, 1_000.0, None), Some(1_000.0));
    let o = Observation::of(&t, 9_000.0, Some(1_000.0));
    assert_eq!((o.status, o.started_ms), (Processing, Some(2_000.0)));
}
