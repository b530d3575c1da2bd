//! A tiny join with a concurrency limit for single-threaded runtimes: at most `limit` futures
//! are polled at once, results come back in input order. No dependency needed (~40 lines
//! instead of `futures-util`, whose size the wasm build would pay for).

use crate::prelude::*;
use core::future::{poll_fn, Future};
use core::pin::Pin;
use core::task::Poll;

/// Runs `futures` with at most `limit` (at least 1) in flight; outputs keep the input order.
/// On a runtime whose futures complete at once (the scripted one) this is sequential.
pub async fn join_limited<F: Future>(futures: Vec<F>, limit: usize) -> Vec<F::Output> {
    let mut slots: Vec<Slot<F>> = Vec::with_capacity(futures.len());
    for f in futures {
        slots.push(Slot::Running(Box::pin(f)));
    }
    join_slots(&mut slots, limit).await;
    // Taken out in place (no consuming iterator to drop).
    let mut outputs = Vec::with_capacity(slots.len());
    for slot in &mut slots {
        if let Slot::Done(v) = core::mem::replace(slot, Slot::Taken) {
            outputs.push(v);
        }
    }
    outputs
}

/// [`join_limited`] on futures already in their slots, each left `Done` with its output (what a
/// caller that builds the futures one by one and reads the outputs one by one passes: no
/// second list either way).
pub(crate) async fn join_slots<F: Future>(slots: &mut [Slot<F>], limit: usize) {
    let limit = limit.max(1);
    // Futures `..next` have started; `running` of them have not finished.
    let mut next = 0;
    let mut running = 0;
    poll_fn(|cx| {
        loop {
            while running < limit && next < slots.len() {
                next += 1;
                running += 1;
            }
            let before = running;
            for slot in slots.get_mut(..next).unwrap_or_default() {
                if let Slot::Running(fut) = slot {
                    if let Poll::Ready(v) = fut.as_mut().poll(cx) {
                        *slot = Slot::Done(v);
                        running -= 1;
                    }
                }
            }
            if running == 0 && next >= slots.len() {
                return Poll::Ready(());
            }
            // Start the next ones at once if some finished; otherwise wait for a wake-up.
            if running == before {
                return Poll::Pending;
            }
        }
    })
    .await;
}

/// A future of [`join_limited`], then its output.
pub(crate) enum Slot<F: Future> {
    /// Not finished.
    Running(Pin<Box<F>>),
    /// Finished with this.
    Done(F::Output),
    /// The output was handed back.
    Taken,
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::cell::{Cell, RefCell};

    /// Pending `n` times (waking itself), then ready.
    async fn yield_times(n: u32) {
        let left = Cell::new(n);
        poll_fn(|cx| {
            if left.get() == 0 {
                return Poll::Ready(());
            }
            left.set(left.get() - 1);
            cx.waker().wake_by_ref();
            Poll::Pending
        })
        .await
    }

    #[test]
    fn keeps_order_and_limit() {
        let in_flight = Cell::new(0);
        let peak = Cell::new(0);
        let log = RefCell::new(Vec::new());
        let work = |i: u32| {
            let (in_flight, peak, log) = (&in_flight, &peak, &log);
            async move {
                in_flight.set(in_flight.get() + 1);
                peak.set(peak.get().max(in_flight.get()));
                log.borrow_mut().push(format!("start {i}"));
                yield_times(5 - i % 5).await;
                in_flight.set(in_flight.get() - 1);
                i * 10
            }
        };
        let futures: Vec<_> = (0..9).map(work).collect();
        let out = pollster::block_on(join_limited(futures, 3));
        assert_eq!(out, (0..9).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(peak.get(), 3);
        assert_eq!(log.borrow().len(), 9);
        let none: Vec<core::future::Ready<u8>> = vec![];
        assert!(pollster::block_on(join_limited(none, 0)).is_empty());
        let one = vec![core::future::ready(1), core::future::ready(2)];
        assert_eq!(pollster::block_on(join_limited(one, 0)), vec![1, 2]);
    }
}
