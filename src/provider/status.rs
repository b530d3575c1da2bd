//! The providers' status words mapped to the neutral [`TaskStatus`].

use crate::task::TaskStatus;

/// Maps a provider's status word (case-insensitive). Every documented word of both providers is
/// listed; a word nobody documented is "not finished" (`processing`), never `completed`.
/// Legnext's `processing` and APIFrame's `starting`, `processing`, `retry`, `retrying` (and
/// `running`, `in_progress`) are `processing` by that same rule: one table, no lowercased copy.
pub fn map_status(word: &str) -> TaskStatus {
    let word = word.trim();
    for (words, status) in WORDS {
        if words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            return *status;
        }
    }
    TaskStatus::Processing
}

const WORDS: &[(&[&str], TaskStatus)] = &[
    // Legnext: pending, staged. APIFrame: pending, staged (+ common queue words).
    (
        &["pending", "staged", "queued", "submitted", "waiting"],
        TaskStatus::Pending,
    ),
    // Legnext: completed. APIFrame: finished.
    (
        &["completed", "finished", "succeeded", "success", "done"],
        TaskStatus::Completed,
    ),
    // Both: failed. Words that plainly mean the task ended without output.
    (
        &[
            "failed",
            "failure",
            "error",
            "cancelled",
            "canceled",
            "expired",
        ],
        TaskStatus::Failed,
    ),
];

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
