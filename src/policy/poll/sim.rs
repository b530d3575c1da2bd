//! A virtual-clock simulation of poll schedules against synthetic jobs, for tests and the
//! benchmark: how many status reads a schedule makes and how late it sees completion.

use super::{next_poll_delay_ms, Observation, PollInput};
use crate::prelude::*;
use crate::provider::Provider;
use crate::task::TaskStatus;

/// When the synthetic Legnext job leaves `pending` and reports `started_at` (ms after creation).
pub const LEGNEXT_START_MS: f64 = 2_000.0;

/// A poll schedule to simulate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// This crate's adaptive schedule ([`next_poll_delay_ms`]).
    Adaptive,
    /// The same interval every time, no jitter.
    Fixed {
        /// The interval in ms.
        interval_ms: u32,
    },
    /// `initial_ms`, multiplied by `factor` after each poll, up to `max_ms`; no jitter.
    Backoff {
        /// The first interval in ms.
        initial_ms: u32,
        /// The growth per poll.
        factor: f64,
        /// The largest interval in ms.
        max_ms: u32,
    },
}

/// The schedules of comparable SDKs, named for reports.
pub const PEERS: [(&str, Schedule); 4] = [
    ("fixed 0.5 s", Schedule::Fixed { interval_ms: 500 }),
    ("fixed 3 s", Schedule::Fixed { interval_ms: 3_000 }),
    (
        "2 s x1.5 up to 5 s",
        Schedule::Backoff {
            initial_ms: 2_000,
            factor: 1.5,
            max_ms: 5_000,
        },
    ),
    (
        "fixed 10 s",
        Schedule::Fixed {
            interval_ms: 10_000,
        },
    ),
];

/// One simulated wait.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimRun {
    /// Status reads made, including the one that saw completion.
    pub requests: u32,
    /// Time of the poll that saw completion minus the actual finish time, in ms.
    pub delay_ms: f64,
}

/// The runs of one simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct SimFigures {
    /// One entry per jitter draw sequence.
    pub runs: Vec<SimRun>,
}

impl SimFigures {
    /// The median detection delay in ms.
    pub fn median_delay_ms(&self) -> f64 {
        median(self.runs.iter().map(|r| r.delay_ms).collect())
    }

    /// The median number of requests.
    pub fn median_requests(&self) -> f64 {
        median(self.runs.iter().map(|r| f64::from(r.requests)).collect())
    }

    /// The largest number of requests of any run.
    pub fn max_requests(&self) -> u32 {
        self.runs.iter().map(|r| r.requests).max().unwrap_or(0)
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v.get(n / 2).copied().unwrap_or(0.0),
        n => {
            (v.get(n / 2 - 1).copied().unwrap_or(0.0) + v.get(n / 2).copied().unwrap_or(0.0)) / 2.0
        }
    }
}

/// What the synthetic job of `provider` finishing at `finish_ms` reports at time `t` (ms after
/// creation). Legnext: `pending` until [`LEGNEXT_START_MS`], then `processing` with `started_at`,
/// no progress. APIFrame: `processing` with an integer percentage rising linearly to 100.
pub fn synthetic_job(provider: Provider, finish_ms: f64, t: f64) -> Observation {
    let (status, progress, started_ms) = if t >= finish_ms {
        (TaskStatus::Completed, Some(100.0), None)
    } else {
        match provider {
            Provider::Legnext if t < LEGNEXT_START_MS => (TaskStatus::Pending, None, None),
            Provider::Legnext => (TaskStatus::Processing, None, Some(LEGNEXT_START_MS)),
            Provider::Apiframe => (
                TaskStatus::Processing,
                Some((100.0 * t / finish_ms).floor()),
                None,
            ),
        }
    };
    Observation {
        at_ms: t,
        status,
        progress,
        started_ms,
    }
}

/// Simulates `runs` waits on a job created at time 0 and finishing at `finish_ms`, or, with a
/// `spread_ms`, at a time drawn uniformly within `finish_ms ± spread_ms / 2` per run (so fixed
/// grids are not judged on one lucky or unlucky phase). Each run draws its own jitter sequence
/// from `seed`. The wait starts with the creation answer (`pending`, no progress) and ends at
/// the first poll that sees completion.
pub fn simulate(
    schedule: Schedule,
    provider: Provider,
    finish_ms: f64,
    spread_ms: f64,
    runs: u32,
    seed: u64,
) -> SimFigures {
    let runs = (0..runs)
        .map(|i| {
            let mut rng = SplitMix(seed ^ (u64::from(i) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let finish = finish_ms + spread_ms * (rng.next_f64() - 0.5);
            run_once(schedule, provider, finish, &mut rng)
        })
        .collect();
    SimFigures { runs }
}

/// Gives up after this many reads (a schedule that never reaches the finish).
const MAX_SIM_REQUESTS: u32 = 100_000;

fn run_once(schedule: Schedule, provider: Provider, finish_ms: f64, rng: &mut SplitMix) -> SimRun {
    let mut history = vec![Observation {
        at_ms: 0.0,
        status: TaskStatus::Pending,
        progress: None,
        started_ms: None,
    }];
    let mut now = 0.0;
    let mut requests = 0;
    while requests < MAX_SIM_REQUESTS {
        let delay = match schedule {
            Schedule::Adaptive => next_poll_delay_ms(&PollInput {
                provider,
                now_ms: now,
                wait_started_ms: 0.0,
                submitted_ms: Some(0.0),
                history: &history,
                jitter: rng.next_f64(),
                fixed_interval_ms: None,
                retry_after_ms: None,
                failures: 0,
            }),
            Schedule::Fixed { interval_ms } => interval_ms,
            Schedule::Backoff {
                initial_ms,
                factor,
                max_ms,
            } => {
                let d = f64::from(initial_ms) * factor.powi(requests.min(64) as i32);
                d.min(f64::from(max_ms)).round() as u32
            }
        };
        now += f64::from(delay.max(1));
        requests += 1;
        let seen = synthetic_job(provider, finish_ms, now);
        if seen.status.is_finished() {
            break;
        }
        history.push(seen);
    }
    SimRun {
        requests,
        delay_ms: now - finish_ms,
    }
}

/// A small deterministic generator (SplitMix64) for jitter draws.
struct SplitMix(u64);

impl SplitMix {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINISHES: [f64; 3] = [30_000.0, 154_000.0, 300_000.0];

    fn line(name: &str, provider: Provider, finish: f64, f: &SimFigures) {
        println!(
            "{name:>20} {:>8} finish {:>3} s: requests median {:>5.1} max {:>4}, median delay {:>6.2} s",
            provider.as_str(),
            finish / 1000.0,
            f.median_requests(),
            f.max_requests(),
            f.median_delay_ms() / 1000.0
        );
    }

    #[test]
    fn adaptive_meets_the_target_at_154_s_for_both_providers() {
        for provider in [Provider::Legnext, Provider::Apiframe] {
            let f = simulate(Schedule::Adaptive, provider, 154_000.0, 0.0, 51, 7);
            line("adaptive", provider, 154_000.0, &f);
            assert!(f.max_requests() <= 12, "{provider:?}: {f:?}");
            assert!(f.median_delay_ms() < 3_000.0, "{provider:?}: {f:?}");
            assert!(f.runs.iter().all(|r| r.delay_ms >= 0.0));
        }
    }

    #[test]
    fn adaptive_is_reasonable_for_short_and_long_jobs() {
        for provider in [Provider::Legnext, Provider::Apiframe] {
            for finish in FINISHES {
                let f = simulate(Schedule::Adaptive, provider, finish, 5_000.0, 51, 11);
                line("adaptive", provider, finish, &f);
                // Never more reads than a 10 s poller, never later than the 30 s ceiling.
                assert!(
                    f64::from(f.max_requests()) <= finish / 10_000.0 + 3.0,
                    "{f:?}"
                );
                assert!(f.median_delay_ms() <= f64::from(super::super::CEILING_MS));
                if provider == Provider::Apiframe {
                    // A steady percentage predicts the finish whatever the duration.
                    assert!(f.median_delay_ms() < 3_000.0, "{finish}: {f:?}");
                }
            }
        }
    }

    #[test]
    fn peer_figures() {
        for (name, schedule) in PEERS {
            for finish in FINISHES {
                let f = simulate(schedule, Provider::Legnext, finish, 5_000.0, 51, 3);
                line(name, Provider::Legnext, finish, &f);
                assert!(f.max_requests() > 0);
            }
        }
        let f = simulate(PEERS[1].1, Provider::Apiframe, 154_000.0, 0.0, 5, 3);
        assert_eq!(f.max_requests(), 52);
        assert_eq!(f.median_delay_ms(), 2_000.0);
    }

    #[test]
    fn synthetic_jobs() {
        let l = synthetic_job(Provider::Legnext, 154_000.0, 1_000.0);
        assert_eq!(l.status, TaskStatus::Pending);
        let l = synthetic_job(Provider::Legnext, 154_000.0, 5_000.0);
        assert_eq!(
            (l.status, l.started_ms),
            (TaskStatus::Processing, Some(2_000.0))
        );
        let a = synthetic_job(Provider::Apiframe, 154_000.0, 77_000.0);
        assert_eq!(a.progress, Some(50.0));
        let done = synthetic_job(Provider::Apiframe, 154_000.0, 154_000.0);
        assert_eq!(done.status, TaskStatus::Completed);
        assert_eq!(median(vec![3.0, 1.0, 2.0, 10.0]), 2.5);
    }
}
