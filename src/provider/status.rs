//! The providers' status words mapped to the neutral [`TaskStatus`].

use crate::task::TaskStatus;

/// Maps a provider's status word (case-insensitive). Every documented word of both providers is
/// listed; a word nobody documented is "not finished" (`processing`), never `completed`.
pub fn map_status(word: &str) -> TaskStatus {
    match word.trim().to_ascii_lowercase().as_str() {
        // Legnext: pending, staged. APIFrame: pending, staged (+ common queue words).
        "pending" | "staged" | "queued" | "submitted" | "waiting" => TaskStatus::Pending,
        // Legnext: processing. APIFrame: starting, processing, retry, retrying.
        "processing" | "starting" | "retry" | "retrying" | "running" | "in_progress" => {
            TaskStatus::Processing
        }
        // Legnext: completed. APIFrame: finished.
        "completed" | "finished" | "succeeded" | "success" | "done" => TaskStatus::Completed,
        // Both: failed. Words that plainly mean the task ended without output.
        "failed" | "failure" | "error" | "cancelled" | "canceled" | "expired" => TaskStatus::Failed,
        _ => TaskStatus::Processing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_words() {
        use TaskStatus::*;
        for (word, status) in [
            ("pending", Pending),
            ("staged", Pending),
            ("starting", Processing),
            ("processing", Processing),
            ("retry", Processing),
            ("retrying", Processing),
            ("completed", Completed),
            ("finished", Completed),
            ("failed", Failed),
            ("FAILED", Failed),
            (" Completed ", Completed),
        ] {
            assert_eq!(map_status(word), status, "{word}");
        }
    }

    #[test]
    fn unknown_words_are_not_finished() {
        for word in ["", "upscaling", "mystery", "complete-ish"] {
            assert!(!map_status(word).is_finished(), "{word}");
        }
    }
}
