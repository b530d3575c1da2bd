//! The package's one executor: runs the boxed future of each call and settles its Promise.
//!
//! A woken task is queued and the queue is drained in one microtask callback, so a
//! task resumes in the same turn of the event loop as the JS promise that woke it. Written here
//! instead of `wasm_bindgen_futures::future_to_promise` for size: that one also carries a JSPI
//! path and a fallback for runtimes without `queueMicrotask` (none of those this package
//! supports), about 3.8 KB of wasm and five imports; this is a tenth of it.

use super::convert::error_to_js;
use super::Local;
use crate::error::{Error, ErrorCode};
use crate::prelude::*;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
use js_sys::{Function, Object, Promise};
use wasm_bindgen::prelude::*;

/// The future of one call: settles its Promise with `Ok` (resolve) or `Err` (reject).
pub(crate) type CallFuture = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

#[wasm_bindgen]
extern "C" {
    /// The shared callback, as `bind` sees it.
    type Callback;
    #[wasm_bindgen(method)]
    fn bind(this: &Callback, context: &JsValue, key: u32) -> Function;
    /// A promise, as `then` sees it.
    type Thenable;
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve)]
    fn resolved(value: &JsValue) -> Promise;
    #[wasm_bindgen(method)]
    fn then(this: &Thenable, fulfilled: &Function, rejected: &Function);
}

/// The shared callback's signature: a key, then what JS passes (a value, or a Promise's
/// settle functions).
type Callback3 = dyn FnMut(u32, JsValue, JsValue);

/// A task: its future (taken out while it is polled) and its Promise's settle functions.
struct Task {
    future: Option<CallFuture>,
    resolve: JsValue,
    reject: JsValue,
}

/// A promise awaited through [`settled`]: its key (even; the key + 1 says "rejected"), its
/// outcome once it came, and the waker of the future awaiting it.
struct Wait {
    key: u32,
    outcome: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// The tasks by id, the freed ids (reused first: starting a task costs no scan, however many
/// run), the ids waiting to be polled, and the callback that drains them (made once); the
/// promises awaited, the next key, and the one callback every promise settles through.
struct Executor {
    tasks: Vec<Option<Task>>,
    free: Vec<usize>,
    ready: Vec<usize>,
    drain: Option<Closure<dyn FnMut()>>,
    waits: Vec<Wait>,
    key: u32,
    settle: Option<Closure<Callback3>>,
}

/// The executor: a `static` in a [`Local`] (no `thread_local!` without std; one thread).
static EXECUTOR: Local<RefCell<Executor>> = Local(RefCell::new(Executor {
    tasks: Vec::new(),
    free: Vec::new(),
    ready: Vec::new(),
    drain: None,
    waits: Vec::new(),
    key: 0,
    settle: None,
}));

/// Runs `f` on the executor. `try_borrow_mut`: nothing here can panic (a re-entrant call, which
/// the code below never makes, would be a no-op instead of a trap).
fn with<R>(f: impl FnOnce(&mut Executor) -> R) -> Option<R> {
    EXECUTOR.0.try_borrow_mut().ok().map(|mut ex| f(&mut ex))
}

/// Task `id`'s waker: the id itself is the data pointer (nothing allocated, nothing to free;
/// waking queues the id).
fn waker(id: usize) -> Waker {
    unsafe fn clone(id: *const ()) -> RawWaker {
        RawWaker::new(id, &WAKER)
    }
    unsafe fn wake(id: *const ()) {
        schedule(id as usize);
    }
    unsafe fn drop(_: *const ()) {}
    static WAKER: RawWakerVTable = RawWakerVTable::new(clone, wake, wake, drop);
    // SAFETY: no function of the vtable dereferences the pointer: it only carries the id.
    unsafe { Waker::from_raw(RawWaker::new(id as *const (), &WAKER)) }
}

/// Queues task `id`; the first id queued since the last drain asks for a microtask. Not
/// deduplicated: a task woken twice is polled twice, and the spare poll is a no-op (its
/// awaits are still pending, or the task is gone).
fn schedule(id: usize) {
    let callback = with(|ex| {
        ex.ready.push(id);
        if ex.ready.len() > 1 {
            return None;
        }
        let drain = ex.drain.get_or_insert_with(|| Closure::new(drain));
        Some(drain.as_ref().unchecked_ref::<Function>().clone())
    });
    // A microtask: a resolved promise's reaction (`resolve` and `then`, linked anyway, rather
    // than one more import for `queueMicrotask`).
    if let Some(callback) = callback.flatten() {
        resolved(&JsValue::UNDEFINED)
            .unchecked_ref::<Thenable>()
            .then(&callback, &callback);
    }
}

/// Polls the queued tasks in order, until none is left (tasks woken meanwhile included).
fn drain() {
    loop {
        let batch = with(|ex| core::mem::take(&mut ex.ready)).unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        batch.into_iter().for_each(poll);
    }
}

/// Polls task `id` with no borrow held (its future may start other tasks or wake itself).
fn poll(id: usize) {
    let taken = with(|ex| {
        let task = ex.tasks.get_mut(id)?.as_mut()?;
        // Not before it started (a spare poll queued for the finished task whose id it reused).
        if task.resolve.is_undefined() {
            return None;
        }
        task.future.take()
    });
    let Some(mut future) = taken.flatten() else {
        return;
    };
    let outcome = future.as_mut().poll(&mut Context::from_waker(&waker(id)));
    let done = with(|ex| {
        let slot = ex.tasks.get_mut(id)?;
        match outcome {
            Poll::Pending => {
                if let Some(task) = slot.as_mut() {
                    task.future = Some(future);
                }
                None
            }
            Poll::Ready(result) => {
                let task = slot.take()?;
                ex.free.push(id);
                Some((task, result))
            }
        }
    });
    if let Some((task, result)) = done.flatten() {
        let (settle, value) = match result {
            Ok(v) => (task.resolve, v),
            Err(e) => (task.reject, e),
        };
        // Settling a fresh Promise cannot throw; its handlers run later, as microtasks.
        let _ = settle
            .unchecked_ref::<Function>()
            .call1(&JsValue::UNDEFINED, &value);
    }
}

/// A Promise for `future`, which starts running in a microtask: `Promise.resolve` of a
/// thenable whose `then` is the shared callback bound to the task, so the Promise's own settle
/// functions arrive there with no `Promise::new` (and no closure of its own).
pub(crate) fn spawn(future: CallFuture) -> Promise {
    let id = with(|ex| {
        let id = ex.free.pop().unwrap_or(ex.tasks.len());
        let task = Task {
            future: Some(future),
            resolve: JsValue::UNDEFINED,
            reject: JsValue::UNDEFINED,
        };
        match ex.tasks.get_mut(id) {
            Some(slot) => *slot = Some(task),
            None => ex.tasks.push(Some(task)),
        }
        id
    });
    match id {
        Some(id) => {
            let thenable = Object::new();
            super::set(&thenable, "then", &bound(START + id as u32));
            resolved(&thenable)
        }
        // Only if the executor were borrowed here, which no path does: say so, never hang.
        None => {
            let e = Error::new(
                ErrorCode::Network,
                "the call could not be started (the executor was busy); nothing was sent",
            );
            Promise::reject(&error_to_js(&e))
        }
    }
}

/// A wait, as a future: `Ok` when it is fulfilled, `Err` when rejected, through the one shared
/// callback bound to its key ([`Settled::callback`]). What `wasm_bindgen_futures::JsFuture`
/// does with two closures and a shared cell per await; works under any executor. Dropped, it
/// is forgotten (a later call of its callback is ignored: keys are not reused).
pub(crate) struct Settled(u32);

impl Settled {
    /// A wait that only its callbacks settle (a timer's, an event listener's, a promise's).
    pub(crate) fn new() -> Settled {
        let key = with(|ex| {
            let key = ex.key;
            // Below `START`: reused only after 2^30 waits.
            ex.key = key.wrapping_add(2) & (START - 1);
            ex.waits.push(Wait {
                key,
                outcome: None,
                waker: None,
            });
            key
        });
        // Only if the executor were borrowed here, which no path does: an odd key never settles.
        Settled(key.unwrap_or(1))
    }

    /// The shared callback bound to this wait: called, it fulfils it (or rejects it, with
    /// `rejected`) with its first argument, unless it was settled before.
    pub(crate) fn callback(&self, rejected: bool) -> Function {
        bound(self.0 + u32::from(rejected))
    }

    /// Whether it was fulfilled, without taking the outcome.
    pub(crate) fn fulfilled(&self) -> bool {
        matches!(outcome(self.0, None, false), Some(Ok(_)))
    }
}

/// The outcome of `value` (a promise, a thenable or any value, as `Promise.resolve` takes it).
pub(crate) fn settled(value: &JsValue) -> Settled {
    let wait = Settled::new();
    resolved(value)
        .unchecked_ref::<Thenable>()
        .then(&wait.callback(false), &wait.callback(true));
    wait
}

/// The outcome of wait `key` (taken, or cloned); when it has none, `waker` is kept to be woken.
fn outcome(key: u32, waker: Option<&Waker>, take: bool) -> Option<Result<JsValue, JsValue>> {
    with(|ex| {
        let wait = ex.waits.iter_mut().find(|w| w.key == key)?;
        match &mut wait.outcome {
            None => {
                if let Some(waker) = waker {
                    wait.waker = Some(waker.clone());
                }
                None
            }
            Some(_) if take => wait.outcome.take(),
            Some(o) => Some(o.clone()),
        }
    })
    .flatten()
}

/// The keys from here on start task `key - START` (its Promise's `then`); the keys below it
/// are the waits'.
const START: u32 = 1 << 31;

/// The shared callback bound to `key`.
fn bound(key: u32) -> Function {
    let settle = with(|ex| {
        ex.settle
            .get_or_insert_with(|| Closure::new(on_settled))
            .as_ref()
            .clone()
    });
    settle
        .unwrap_or_default()
        .unchecked_into::<Callback>()
        .bind(&JsValue::NULL, key)
}

/// The shared callback. Bound to a task (`then` of its Promise's thenable): takes the
/// Promise's settle functions and starts the task. Bound to a wait: settles it (fulfilled when
/// `key` is even) with `value`; the first call counts.
fn on_settled(key: u32, value: JsValue, reject: JsValue) {
    if key >= START {
        let id = (key - START) as usize;
        let _ = with(|ex| {
            let task = ex.tasks.get_mut(id)?.as_mut()?;
            task.resolve = value;
            task.reject = reject;
            Some(())
        });
        return poll(id);
    }
    let waker = with(|ex| {
        let wait = ex.waits.iter_mut().find(|w| w.key == key & !1)?;
        if wait.outcome.is_some() {
            return None;
        }
        wait.outcome = Some(if key & 1 == 0 { Ok(value) } else { Err(value) });
        wait.waker.take()
    });
    if let Some(waker) = waker.flatten() {
        waker.wake();
    }
}

impl Future for Settled {
    type Output = Result<JsValue, JsValue>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match outcome(self.0, Some(cx.waker()), true) {
            Some(o) => Poll::Ready(o),
            None => Poll::Pending,
        }
    }
}

impl Drop for Settled {
    fn drop(&mut self) {
        with(|ex| {
            if let Some(i) = ex.waits.iter().position(|w| w.key == self.0) {
                ex.waits.swap_remove(i);
            }
        });
    }
}

/// `value`'s outcome, unless `stop` settles first: then `Err(undefined)`.
pub(crate) struct Race<'a>(Settled, &'a Settled);

/// A [`Race`] of `value` against `stop`.
pub(crate) fn race<'a>(value: &JsValue, stop: &'a Settled) -> Race<'a> {
    Race(settled(value), stop)
}

impl Future for Race<'_> {
    type Output = Result<JsValue, JsValue>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if outcome(self.1 .0, Some(cx.waker()), false).is_some() {
            return Poll::Ready(Err(JsValue::UNDEFINED));
        }
        Pin::new(&mut self.0).poll(cx)
    }
}
