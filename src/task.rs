//! The provider-neutral task: what both providers' answers are normalised into.

#[cfg(target_arch = "wasm32")]
use crate::js::tsify;
use crate::json::Value;
use crate::prelude::*;
use crate::provider::Provider;
use serde::Serialize;

/// Where a task is in its life. Unknown provider words map to a not-finished state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    /// Accepted, waiting to start (Legnext `pending`/`staged`, APIFrame `pending`/`staged`/`queued`).
    Pending,
    /// Running (`processing`, `starting`, `retry`, or a status this SDK does not know yet).
    Processing,
    /// Finished with output.
    Completed,
    /// Finished without output.
    Failed,
}

impl TaskStatus {
    /// The JS name (`"pending"`, `"processing"`, `"completed"`, `"failed"`).
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Pending => "pending",
            TaskStatus::Processing => "processing",
            TaskStatus::Completed => "completed",
            TaskStatus::Failed => "failed",
        }
    }

    /// Whether the task will not change any more.
    pub fn is_finished(self) -> bool {
        matches!(self, TaskStatus::Completed | TaskStatus::Failed)
    }
}

/// What the task cost, as the provider reports it (Legnext `meta.usage`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// The unit, e.g. `"point"` or `"credit"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Points reserved for the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frozen: Option<f64>,
    /// Points consumed by the task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumed: Option<f64>,
}

/// Why a task failed, as the provider said it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TaskError {
    /// The provider's code as text (Legnext's integer `error.code`, e.g. `"403"`), or `"failed"`.
    pub code: String,
    /// The provider's message (may be empty when the provider gave none).
    pub message: String,
}

/// One video-extension task, the same shape for both providers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// The provider's task id (Legnext `job_id`, APIFrame `task_id`).
    pub id: String,
    /// Which provider runs it.
    pub provider: Provider,
    /// The normalised status.
    pub status: TaskStatus,
    /// The provider's own status word, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_status: Option<String>,
    /// Progress from 0 to 100, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    /// The result videos (Legnext: 4; APIFrame: 1); empty until completed.
    pub video_urls: Vec<String>,
    /// The generation seed, when reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<String>,
    /// What the task cost, when reported.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// When the provider accepted the task (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When processing started (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When the task finished (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Why it failed, when `status` is `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<TaskError>,
    /// The provider's JSON as received (secrets redacted).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub raw: Value,
}

impl Task {
    /// A task with only an id and a status; the rest is filled by the provider's parser.
    pub fn new(provider: Provider, id: String, status: TaskStatus, raw: Value) -> Self {
        let mut t = Task::with_word(provider, id, status, None);
        t.raw = raw;
        t
    }

    /// A task with an id, a status and the provider's status word (`raw` still null): what the
    /// parsers start from, with nothing to drop when they set the word. Out of line: one copy of
    /// the initialisation for both providers.
    #[inline(never)]
    pub(crate) fn with_word(
        provider: Provider,
        id: String,
        status: TaskStatus,
        provider_status: Option<String>,
    ) -> Self {
        Task {
            id,
            provider,
            status,
            provider_status,
            progress: None,
            video_urls: Vec::new(),
            seed: None,
            usage: None,
            created_at: None,
            started_at: None,
            ended_at: None,
            error: None,
            raw: Value::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_names_match_the_serialised_form() {
        use TaskStatus::*;
        for s in [Pending, Processing, Completed, Failed] {
            assert_eq!(
                serde_json::to_value(s).ok(),
                Some(serde_json::Value::from(s.as_str()))
            );
        }
    }
}
