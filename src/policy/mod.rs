//! Pure decisions of the client loop: when to retry and how long to wait. Functions of their
//! inputs only (attempt, status, headers, time, jitter), so they are table-tested on the host.

pub mod poll;
pub mod retry;
