//! The job model shared by both providers: seeded jobs, created jobs and their time-driven lifecycle.

use crate::timefmt;
use serde::Serialize;
use std::time::{Duration, Instant, SystemTime};

/// Legnext's completed original video job (task_type `video-diffusion`, depth 0).
pub const SEED_LEGNEXT_ORIGINAL: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
/// Legnext completed job already extended 4 times (extending it is refused).
pub const SEED_LEGNEXT_DEPTH4: &str = "d4d4d4d4-0000-4000-8000-000000000004";
/// Legnext failed job.
pub const SEED_LEGNEXT_FAILED: &str = "f0f0f0f0-0000-4000-8000-00000000000f";
/// APIFrame completed Luma generation.
pub const SEED_APIFRAME_ORIGINAL: &str = "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a";

/// Most extensions allowed in one chain from an original video.
pub const MAX_DEPTH: u32 = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Legnext,
    Apiframe,
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phase {
    Pending,
    Staged,
    /// Running; `fraction` of the job time has elapsed (0..1).
    Processing {
        fraction: f64,
    },
    Completed,
    Failed,
}

impl Phase {
    pub fn is_finished(self) -> bool {
        matches!(self, Phase::Completed | Phase::Failed)
    }

    /// Legnext status word.
    pub fn legnext_status(self) -> &'static str {
        match self {
            Phase::Pending => "pending",
            Phase::Staged => "staged",
            Phase::Processing { .. } => "processing",
            Phase::Completed => "completed",
            Phase::Failed => "failed",
        }
    }
}

/// One job of either provider.
#[derive(Debug, Clone)]
pub struct Job {
    pub provider: Provider,
    pub id: String,
    pub task_type: &'static str,
    pub parent: Option<String>,
    pub depth: u32,
    pub prompt: Option<String>,
    /// Which of the parent's videos was extended (Legnext).
    pub video_no: Option<u8>,
    /// Legnext `callback` or APIFrame `webhook_url`.
    pub callback: Option<String>,
    pub webhook_secret: Option<String>,
    pub seed: String,
    /// `http://host:port` seen by the request that created the job (for deliveries).
    pub base_url: String,
    pub created: Instant,
    pub created_wall: SystemTime,
    /// Seeded jobs have a fixed outcome and timestamps.
    pub fixed: Option<Fixed>,
    /// The prompt contained the fail word: the job ends `failed`.
    pub will_fail: bool,
}

/// The frozen state of a seeded job.
#[derive(Debug, Clone, Copy)]
pub struct Fixed {
    pub phase: Phase,
    pub started: SystemTime,
    pub ended: SystemTime,
}

/// A job's state at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    pub phase: Phase,
    pub started: Option<SystemTime>,
    pub ended: Option<SystemTime>,
}

impl Job {
    /// The state at `now` for a job time of `job_seconds`.
    pub fn snapshot(&self, now: Instant, job_seconds: f64) -> Snapshot {
        if let Some(f) = self.fixed {
            return Snapshot {
                phase: f.phase,
                started: Some(f.started),
                ended: Some(f.ended),
            };
        }
        let total = job_seconds.max(0.0);
        let elapsed = now.saturating_duration_since(self.created).as_secs_f64();
        let at = |f: f64| self.created_wall + Duration::from_secs_f64(total * f);
        let phase = if elapsed >= total {
            if self.will_fail {
                Phase::Failed
            } else {
                Phase::Completed
            }
        } else if elapsed < total * 0.1 {
            Phase::Pending
        } else if elapsed < total * 0.2 && self.provider == Provider::Legnext {
            Phase::Staged
        } else {
            Phase::Processing {
                fraction: elapsed / total,
            }
        };
        let started = match phase {
            Phase::Pending | Phase::Staged => None,
            _ => Some(at(0.2)),
        };
        let ended = phase.is_finished().then(|| at(1.0));
        Snapshot {
            phase,
            started,
            ended,
        }
    }

    /// The instant at which this job finishes (created + job time).
    pub fn finishes_at(&self, job_seconds: f64) -> Instant {
        self.created + Duration::from_secs_f64(job_seconds.max(0.0))
    }

    /// Media URL of video `n` (0..=3) of this job.
    pub fn video_url(&self, base: &str, n: usize) -> String {
        format!("{base}/media/{}-{}.mp4", self.id, n % 4)
    }
}

/// A row of `GET /__emulator/jobs`.
#[derive(Debug, Serialize)]
pub struct JobSummary {
    pub provider: Provider,
    pub id: String,
    pub task_type: &'static str,
    pub parent: Option<String>,
    pub depth: u32,
    pub video_no: Option<u8>,
    pub status: &'static str,
    pub prompt: Option<String>,
    pub seeded: bool,
    pub created_at: String,
}

impl Job {
    pub fn summary(&self, now: Instant, job_seconds: f64) -> JobSummary {
        let phase = self.snapshot(now, job_seconds).phase;
        JobSummary {
            provider: self.provider,
            id: self.id.clone(),
            task_type: self.task_type,
            parent: self.parent.clone(),
            depth: self.depth,
            video_no: self.video_no,
            status: match (self.provider, phase) {
                (Provider::Apiframe, Phase::Completed) => "finished",
                (_, p) => p.legnext_status(),
            },
            prompt: self.prompt.clone(),
            seeded: self.fixed.is_some(),
            created_at: timefmt::rfc3339(self.created_wall),
        }
    }
}

/// One seeded job: id, provider, task type, depth, outcome, creation time, prompt, seed.
struct SeedSpec {
    provider: Provider,
    id: &'static str,
    task_type: &'static str,
    depth: u32,
    phase: Phase,
    created_unix: u64,
    prompt: &'static str,
    seed: &'static str,
}

impl SeedSpec {
    fn into_job(self) -> Job {
        let created_wall = timefmt::from_unix(self.created_unix);
        Job {
            provider: self.provider,
            id: self.id.to_string(),
            task_type: self.task_type,
            parent: None,
            depth: self.depth,
            prompt: Some(self.prompt.to_string()),
            video_no: None,
            callback: None,
            webhook_secret: None,
            seed: self.seed.to_string(),
            base_url: String::new(),
            created: Instant::now(),
            created_wall,
            fixed: Some(Fixed {
                phase: self.phase,
                started: created_wall + Duration::from_secs(1),
                ended: created_wall + Duration::from_secs(154),
            }),
            will_fail: self.phase == Phase::Failed,
        }
    }
}

/// The fixed jobs every emulator starts with.
pub fn seeds() -> Vec<Job> {
    [
        SeedSpec {
            provider: Provider::Legnext,
            id: SEED_LEGNEXT_ORIGINAL,
            task_type: "video-diffusion",
            depth: 0,
            phase: Phase::Completed,
            created_unix: 1_760_422_985,
            prompt: "a paper boat drifting down a neon river",
            seed: "2053075314",
        },
        SeedSpec {
            provider: Provider::Legnext,
            id: SEED_LEGNEXT_DEPTH4,
            task_type: "extend_video",
            depth: MAX_DEPTH,
            phase: Phase::Completed,
            created_unix: 1_760_426_585,
            prompt: "the boat reaches the sea (fourth extension)",
            seed: "1184302217",
        },
        SeedSpec {
            provider: Provider::Legnext,
            id: SEED_LEGNEXT_FAILED,
            task_type: "video-diffusion",
            depth: 0,
            phase: Phase::Failed,
            created_unix: 1_760_430_185,
            prompt: "a seeded job that failed",
            seed: "",
        },
        SeedSpec {
            provider: Provider::Apiframe,
            id: SEED_APIFRAME_ORIGINAL,
            task_type: "luma",
            depth: 0,
            phase: Phase::Completed,
            created_unix: 1_760_433_785,
            prompt: "a colossal mech suit towering over a futuristic cityscape",
            seed: "",
        },
    ]
    .into_iter()
    .map(SeedSpec::into_job)
    .collect()
}

/// Every job the emulator knows, seeded ones first, in creation order.
#[derive(Debug)]
pub struct Store {
    jobs: Vec<Job>,
}

impl Store {
    pub fn new() -> Self {
        Store { jobs: seeds() }
    }

    pub fn get(&self, provider: Provider, id: &str) -> Option<&Job> {
        self.jobs
            .iter()
            .find(|j| j.provider == provider && j.id.eq_ignore_ascii_case(id))
    }

    pub fn insert(&mut self, job: Job) {
        self.jobs.push(job);
    }

    pub fn all(&self) -> &[Job] {
        &self.jobs
    }

    /// Forgets created jobs; seeded jobs stay.
    pub fn reset(&mut self) {
        self.jobs.retain(|j| j.fixed.is_some());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created(provider: Provider, fail: bool) -> Job {
        let mut j = seeds().remove(0);
        j.provider = provider;
        j.fixed = None;
        j.will_fail = fail;
        j.created = Instant::now();
        j
    }

    #[test]
    fn lifecycle_follows_job_time() {
        let j = created(Provider::Legnext, false);
        let t = 10.0;
        let at = |s: f64| j.snapshot(j.created + Duration::from_secs_f64(s), t);
        assert_eq!(at(0.5).phase, Phase::Pending);
        assert!(at(0.5).started.is_none());
        assert_eq!(at(1.5).phase, Phase::Staged);
        assert!(matches!(at(5.0).phase, Phase::Processing { .. }));
        assert!(at(5.0).started.is_some() && at(5.0).ended.is_none());
        assert_eq!(at(10.0).phase, Phase::Completed);
        assert!(at(10.0).ended.is_some());
        let f = created(Provider::Legnext, true);
        assert_eq!(
            f.snapshot(f.created + Duration::from_secs(11), t).phase,
            Phase::Failed
        );
        let a = created(Provider::Apiframe, false);
        assert!(matches!(
            a.snapshot(a.created + Duration::from_secs_f64(1.5), t)
                .phase,
            Phase::Processing { .. }
        ));
    }

    #[test]
    fn reset_keeps_seeds() {
        let mut s = Store::new();
        let n = s.all().len();
        s.insert(created(Provider::Legnext, false));
        assert_eq!(s.all().len(), n + 1);
        s.reset();
        assert_eq!(s.all().len(), n);
        assert!(s.get(Provider::Legnext, SEED_LEGNEXT_DEPTH4).is_some());
        assert!(s.get(Provider::Apiframe, SEED_LEGNEXT_DEPTH4).is_none());
    }
}
