//! The adaptive poll schedule: how long to wait before the next status read, as a pure function
//! of what the polls have seen so far, the time, and a jitter draw.
//!
//! The schedule predicts when the task will finish and polls densest around that moment:
//! - APIFrame reports a percentage: its rate gives the predicted finish.
//! - Legnext reports `started_at`: start + the typical extension time gives the predicted finish.
//! - With a prediction `P`, the next poll comes after `|P - now| / 2 + 2 s`: intervals halve on
//!   the way to `P` and grow by half again after it (an exponential backoff restarted at `P`).
//! - With none, the wait backs off exponentially (x1.5 per poll, as half the time waited so far).
//!
//! Every delay stays between [`FLOOR_MS`] and [`CEILING_MS`], honours a `Retry-After`, and a
//! caller's fixed interval replaces the schedule.

#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
use crate::float::F64Math;

pub mod sim;

use crate::policy::retry;
use crate::provider::Provider;
use crate::task::{Task, TaskStatus};

/// Never poll more often than this (except a caller's fixed interval).
pub const FLOOR_MS: u32 = 2_000;
/// Never wait longer than this between two polls.
pub const CEILING_MS: u32 = 30_000;
/// The shortest fixed interval accepted from a caller.
pub const MIN_FIXED_INTERVAL_MS: u32 = 500;
/// How long a Legnext extension typically runs once started (the documented sample ran 153 s).
pub const LEGNEXT_TYPICAL_MS: f64 = 153_000.0;
/// The interval at the predicted finish; it grows by half the distance from it.
pub const FOCUS_MS: f64 = 2_000.0;
/// Predictions further away than this are not trusted (the schedule backs off instead).
pub const MAX_PREDICTION_MS: f64 = 3_600_000.0;
/// Jitter spreads each scheduled delay by up to this fraction either way.
pub const JITTER_SPREAD: f64 = 0.1;

/// What one poll saw, in the client's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// When the answer arrived (client clock, ms since the Unix epoch).
    pub at_ms: f64,
    /// The normalised status.
    pub status: TaskStatus,
    /// Progress 0..=100, when the provider reports it.
    pub progress: Option<f64>,
    /// When processing started, converted to the client clock (see [`started_in_client_clock`]).
    pub started_ms: Option<f64>,
}

impl Observation {
    /// The observation of `task` arriving at `now_ms`; `submitted_ms` is when this client
    /// created the task, if it did (it anchors the provider's timestamps to the client clock).
    #[inline(always)]
    pub fn of(task: &Task, now_ms: f64, submitted_ms: Option<f64>) -> Self {
        Observation {
            at_ms: now_ms,
            status: task.status,
            progress: task.progress,
            started_ms: started_in_client_clock(task, now_ms, submitted_ms),
        }
    }
}

/// Everything the schedule decides from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollInput<'a> {
    /// Which provider runs the task.
    pub provider: Provider,
    /// The current time (client clock, ms).
    pub now_ms: f64,
    /// When the wait began.
    pub wait_started_ms: f64,
    /// When this client created the task, if it did: progress was 0 then.
    pub submitted_ms: Option<f64>,
    /// What the polls saw so far, oldest first.
    pub history: &'a [Observation],
    /// A draw in `[0, 1)`.
    pub jitter: f64,
    /// A caller's fixed interval: replaces the schedule (at least [`MIN_FIXED_INTERVAL_MS`]).
    pub fixed_interval_ms: Option<u32>,
    /// What the provider asked for in `Retry-After` on the last answer.
    pub retry_after_ms: Option<u32>,
    /// How many polls in a row failed with a retryable error.
    pub failures: u32,
}

/// The delay in ms before the next status read.
#[inline(always)]
pub fn next_poll_delay_ms(input: &PollInput) -> u32 {
    let asked = input.retry_after_ms.unwrap_or(0);
    if let Some(fixed) = input.fixed_interval_ms {
        return fixed.max(MIN_FIXED_INTERVAL_MS).max(asked);
    }
    if input.failures > 0 {
        // The schedule wanted an answer now and did not get one: retry soon.
        let backoff = retry::backoff_ms(input.failures.saturating_add(1), input.jitter);
        return input.retry_after_ms.unwrap_or(backoff).max(FLOOR_MS);
    }
    let raw = match predict_finish_ms(input) {
        Some(finish) => (finish - input.now_ms).abs() / 2.0 + FOCUS_MS,
        None => {
            let origin = input.submitted_ms.unwrap_or(input.wait_started_ms);
            (input.now_ms - origin) / 2.0
        }
    };
    let j = if input.jitter.is_finite() {
        input.jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let spread = raw * (1.0 + JITTER_SPREAD * (2.0 * j - 1.0));
    let delay = if spread.is_finite() { spread } else { 0.0 };
    (delay
        .clamp(f64::from(FLOOR_MS), f64::from(CEILING_MS))
        .round() as u32)
        .max(asked)
}

/// When the task is expected to finish (client clock), from its progress rate or, for Legnext,
/// its start time plus [`LEGNEXT_TYPICAL_MS`]. `None` when nothing useful is known.
#[inline(always)]
pub fn predict_finish_ms(input: &PollInput) -> Option<f64> {
    // The observations of the task still running, read with plain loops (no iterator adapters).
    let mut newest = None;
    for o in input.history {
        if !o.status.is_finished() {
            newest = Some(o);
        }
    }
    let newest = newest?;
    let mut prediction = None;
    if let Some(p1) = newest.progress {
        let t1 = newest.at_ms;
        // The oldest reading below the newest one; else 0 % when this client submitted the task.
        let mut origin = input.submitted_ms.map(|s| (s, 0.0));
        for o in input.history {
            match o.progress {
                Some(p0) if p0 < p1 && !o.status.is_finished() => {
                    origin = Some((o.at_ms, p0));
                    break;
                }
                _ => {}
            }
        }
        if let Some((t0, p0)) = origin {
            let rate = (p1 - p0) / (t1 - t0);
            if rate.is_finite() && rate > 0.0 {
                prediction = Some(t1 + (100.0 - p1) / rate);
            }
        }
    }
    if prediction.is_none() && input.provider == Provider::Legnext {
        // The newest start time reported; else the first poll that saw the task processing.
        let mut started = None;
        for o in input.history {
            if o.started_ms.is_some() && !o.status.is_finished() {
                started = o.started_ms;
            }
        }
        if started.is_none() {
            for o in input.history {
                if o.status == TaskStatus::Processing {
                    started = Some(o.at_ms);
                    break;
                }
            }
        }
        if let Some(s) = started {
            prediction = Some(s + LEGNEXT_TYPICAL_MS);
        }
    }
    match prediction {
        Some(p) if p.is_finite() && p - input.now_ms <= MAX_PREDICTION_MS => Some(p),
        _ => None,
    }
}

/// The task's processing start in the client clock. When this client submitted the task, the
/// provider's queue time (`started_at - created_at`) is added to the submit time, which removes
/// any clock skew; otherwise `started_at` is used as is. Never later than `now_ms`.
#[inline(always)]
pub fn started_in_client_clock(task: &Task, now_ms: f64, submitted_ms: Option<f64>) -> Option<f64> {
    let started = match &task.started_at {
        Some(s) => parse_iso8601_ms(s)?,
        None => return None,
    };
    let created = match &task.created_at {
        Some(c) => parse_iso8601_ms(c),
        None => None,
    };
    let client = match (submitted_ms, created) {
        (Some(sub), Some(created)) if started >= created => sub + (started - created),
        _ => started,
    };
    Some(client.min(now_ms))
}

/// Parses an RFC 3339 timestamp (`2025-10-14T06:23:06Z`, optional fraction, `Z` or `±hh:mm`,
/// none meaning UTC) into Unix milliseconds.
pub fn parse_iso8601_ms(s: &str) -> Option<f64> {
    let b = s.trim().as_bytes();
    // Year, month, day, hour, minute, second: the digits of the fixed form, between its
    // separators (`T` also `t` or a space).
    // Each field is shifted in at the separator after it (the last one after the loop).
    let mut f = [0i64; 6];
    let mut cur = 0;
    for (i, &p) in b"0000-00-00T00:00:00".iter().enumerate() {
        let c = *b.get(i)?;
        if p == b'0' {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            cur = cur * 10 + i64::from(d);
        } else if c == p || (i == 10 && (c == b't' || c == b' ')) {
            f = [f[1], f[2], f[3], f[4], f[5], cur];
            cur = 0;
        } else {
            return None;
        }
    }
    let f = [f[1], f[2], f[3], f[4], f[5], cur];
    let mut rest = b.get(19..)?;
    let mut frac_ms = 0.0;
    if let [b'.', r @ ..] = rest {
        // What parse_decimal("0.{frac}") gives (1 to 15 digits), without building that text.
        let (mut n, mut scale, mut digits) = (0u64, 1.0, 0);
        for &c in r {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                break;
            }
            if digits == 15 {
                return None;
            }
            n = n * 10 + u64::from(d);
            scale *= 10.0;
            digits += 1;
        }
        if digits == 0 {
            return None;
        }
        frac_ms = n as f64 / scale * 1000.0;
        rest = r.get(digits..)?;
    }
    let offset_min = match *rest {
        [] | [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |x: u8, y: u8| {
                let (x, y) = (x.wrapping_sub(b'0'), y.wrapping_sub(b'0'));
                (x < 10 && y < 10).then(|| i64::from(x * 10 + y))
            };
            let v = two(h1, h2)? * 60 + two(m1, m2)?;
            if sign == b'-' {
                -v
            } else {
                v
            }
        }
        _ => return None,
    };
    let secs = retry::civil_secs(f)? - offset_min * 60;
    Some(secs as f64 * 1000.0 + frac_ms)
}

#[cfg(test)]
mod tests;
