//! Prints, as one JSON document on stdout, the poll-schedule figures the benchmark reports:
//! status requests and detection delay of the adaptive schedule (both providers) and of the peer
//! SDKs' schedules, for jobs finishing at 30 s, 154 s and 300 s.
//!
//! `cargo run --example poll_sim [-- RUNS]` (default 201 runs per cell). Two spreads are
//! simulated: `0` (the job finishes exactly at the nominal time; only the adaptive schedule's
//! jitter varies) and `10000` (the finish is drawn uniformly within ±5 s of it, so fixed grids
//! are not judged on one lucky or unlucky phase).

use video_extend::policy::poll::sim::{simulate, Schedule, SimFigures, PEERS};
use video_extend::Provider;

const FINISHES_MS: [f64; 3] = [30_000.0, 154_000.0, 300_000.0];
const SPREADS_MS: [f64; 2] = [0.0, 10_000.0];
const SEED: u64 = 0x5EED_2025;

/// Median, min and max of `v` (sorted in place).
fn stats(v: &mut [f64]) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return (0.0, 0.0, 0.0);
    }
    let med = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    (med, v[0], v[n - 1])
}

fn cell(name: &str, provider: Provider, finish: f64, spread: f64, f: &SimFigures) -> String {
    let mut req: Vec<f64> = f.runs.iter().map(|r| f64::from(r.requests)).collect();
    let mut delay: Vec<f64> = f.runs.iter().map(|r| r.delay_ms).collect();
    let (rm, rmin, rmax) = stats(&mut req);
    let (dm, dmin, dmax) = stats(&mut delay);
    format!(
        concat!(
            "{{\"schedule\":\"{}\",\"provider\":\"{}\",\"finishMs\":{},\"spreadMs\":{},",
            "\"runs\":{},\"requests\":{{\"median\":{},\"min\":{},\"max\":{}}},",
            "\"delayMs\":{{\"median\":{:.1},\"min\":{:.1},\"max\":{:.1}}}}}"
        ),
        name,
        provider.as_str(),
        finish,
        spread,
        f.runs.len(),
        rm,
        rmin,
        rmax,
        dm,
        dmin,
        dmax
    )
}

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(201);
    let mut schedules: Vec<(&str, Schedule)> = vec![("adaptive (ours)", Schedule::Adaptive)];
    schedules.extend(PEERS);
    let mut cells = Vec::new();
    for spread in SPREADS_MS {
        for finish in FINISHES_MS {
            for provider in [Provider::Legnext, Provider::Apiframe] {
                for (name, schedule) in &schedules {
                    let f = simulate(*schedule, provider, finish, spread, runs, SEED);
                    cells.push(cell(name, provider, finish, spread, &f));
                }
            }
        }
    }
    println!("{{\"runs\":{runs},\"cells\":[\n{}\n]}}", cells.join(",\n"));
}
