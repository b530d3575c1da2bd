//! The JS API: the `Client` class, the standalone functions, webhooks. The only
//! `#[wasm_bindgen]` exports of the crate; everything here converts and delegates.

// The package's two wasm modules come from this one crate: the client (the default) and, with the
// `webhooks` feature, the server-side webhook helpers (`video-extend/webhooks`). Each build
// exports only its half; the other half's private helpers are then unused, not wrong.
#![cfg_attr(feature = "webhooks", allow(dead_code, unused_imports))]

use crate::prelude::*;

mod convert;
pub(crate) mod executor;
pub(crate) mod json;
pub(crate) mod tsify;
mod types;
#[cfg(feature = "webhooks")]
mod webhook;

use crate::client::{read_one, Call, Client as Core, Prepared, Retry};
use crate::error::Error;
#[cfg(feature = "webhooks")]
use crate::input::Fields;
use crate::input::Input;
use crate::lifecycle::{
    self, ChainRequest, ChainRun, ChainStep, Job, Output, Phase, Tracked, Wait, WaitOptions,
};
use crate::options::{ClientOptions, RequestOptions};
use crate::task::Task;
use crate::transport::fetch::FetchRuntime;
use crate::transport::{drive, Runtime};
use convert::{error_to_js, strings, task_to_js, to_input};
use core::cell::Cell;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A `static`'s value on wasm32 without atomics, where `thread_local!` (std) is not available:
/// one thread, so nothing is ever shared and the `Sync` a static requires holds trivially. With
/// atomics (threads) the impl is absent and such a static does not compile.
pub(crate) struct Local<T>(pub(crate) T);

// SAFETY: without the atomics target feature a wasm32 module runs on one thread.
#[cfg(not(target_feature = "atomics"))]
unsafe impl<T> Sync for Local<T> {}

#[cfg(not(feature = "webhooks"))]
/// A client for one provider. Holds the validated options; every call returns a Promise.
#[wasm_bindgen]
pub struct Client {
    core: Core,
    fetch: Option<Function>,
}

/// A validated operation, ready to run.
enum Op {
    /// `extendVideo`, `fetchTask` (only `request` of the options is read); with `true`,
    /// `extendAndWait` (waits for the job it creates).
    Once(Prepared, WaitOptions, bool),
    Wait(String, WaitOptions),
    Chain(ChainRequest, WaitOptions),
    Many(Vec<String>, RequestOptions),
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL: JsValue;
}

/// Whether the global looks like a web page, where an API key would be visible to visitors.
/// Workers, Deno (2+), Bun and Node have no `window` + `document` pair. Both read from
/// `globalThis` with `get` (one imported static instead of one per name).
fn in_browser() -> bool {
    GLOBAL.with(|g| {
        let present = |name: &str| {
            let v = get(g, name);
            !v.is_undefined() && !v.is_null()
        };
        present("window") && present("document")
    })
}

/// A property of an object; `undefined` for anything else. Never lets `Reflect.get` throw on a
/// non-object: every exception caught across the boundary costs an externref slot that
/// wasm-bindgen 0.2.130 does not give back (about two per call leaked before this check).
pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What an exception says: an `Error`'s `message` (read with `get`: a getter that throws must
/// not unwind through wasm), else `fallback`.
pub(crate) fn message_or(e: &JsValue, fallback: &str) -> String {
    let message = if e.has_type::<js_sys::Error>() {
        get(e, "message").as_string()
    } else {
        None
    };
    message.unwrap_or_else(|| fallback.into())
}

/// A property that is a function (see [`get`]); `None` for anything else.
pub(crate) fn function(target: &JsValue, key: &str) -> Option<Function> {
    let value = get(target, key);
    if value.is_function() {
        Some(value.unchecked_into())
    } else {
        None
    }
}

fn new_core(options: &JsValue) -> Result<(Core, Option<Function>), Error> {
    let input = to_input(options, "options")?;
    let core = Core {
        options: ClientOptions::parse_in(&input, in_browser())?,
    };
    let fetch = if core.options.fetch.is_some() {
        function(options, "fetch")
    } else {
        None
    };
    Ok((core, fetch))
}

/// Turns a call's argument and options bag (both read as `Input`) into an [`Op`].
type Build = fn(&Core, Input, &Input) -> Result<Op, Error>;

/// Validates one call and starts it: the only place a Promise for a call is made. Not inlined
/// and not generic, so the eight exports share one copy.
#[inline(never)]
fn start(
    core: Core,
    fetch: Option<Function>,
    arg: &JsValue,
    arg_name: &str,
    opts: &JsValue,
    build: Build,
) -> Promise {
    let redact = |core: &Core, e: Error| {
        e.with_provider(core.options.provider)
            .redacted(&[core.options.api_key.as_str()])
    };
    // `null` options are no options, as `undefined` (what an `Option` parameter made of both).
    let none = JsValue::UNDEFINED;
    let opts = if opts.is_null() { &none } else { opts };
    let built = match to_input(arg, arg_name) {
        Ok(input) => match to_input(opts, "options") {
            Ok(options) => build(&core, input, &options),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    let op = match built {
        Ok(op) => op,
        Err(e) => return Promise::reject(&error_to_js(&redact(&core, e))),
    };
    let signal = get(opts, "signal");
    let signal = if signal.has_type::<web_sys::AbortSignal>() {
        Some(signal.unchecked_into())
    } else {
        None
    };
    let on_progress = function(opts, "onProgress");
    let runtime = FetchRuntime::new(fetch, signal);
    promise(Box::pin(async move {
        run(&core, &runtime, op, on_progress)
            .await
            .map_err(|e| error_to_js(&redact(&core, e)))
    }))
}

/// Every Promise of the package comes from here: one boxed future type, run by the package's
/// own executor (see `executor`).
fn promise(future: executor::CallFuture) -> Promise {
    executor::spawn(future)
}

/// Calls the user's progress callback; its first exception is kept and reported at the end.
struct Reporter {
    callback: Option<Function>,
    thrown: Cell<Option<String>>,
}

impl Reporter {
    fn call(&self, value: &JsValue) {
        if let Some(f) = &self.callback {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, value) {
                let why = message_or(&e, "a non-Error value");
                // The first exception is kept (a Cell: no borrow that could fail).
                let first = self.thrown.take().unwrap_or(why);
                self.thrown.set(Some(first));
            }
        }
    }
}

pub(crate) fn set(target: &Object, key: &str, value: &JsValue) {
    let ok = Reflect::set(target, &JsValue::from_str(key), value);
    debug_assert!(
        ok.is_ok(),
        "setting a property on a fresh object cannot fail"
    );
}

async fn run<R: Runtime>(
    core: &Core,
    rt: &R,
    op: Op,
    callback: Option<Function>,
) -> Result<JsValue, Error> {
    let reporter = Reporter {
        callback,
        thrown: Cell::new(None),
    };
    let mut on_task = |t: &Task| reporter.call(&task_to_js(t));
    let mut on_step = |s: &ChainStep| {
        let report = Object::new();
        set(&report, "step", &JsValue::from(s.step as u32));
        set(&report, "steps", &JsValue::from(s.steps as u32));
        set(&report, "task", &task_to_js(s.task));
        reporter.call(&report);
    };
    // Every call but `fetchTasks` is one machine (see `lifecycle::Job`).
    let job = match op {
        Op::Many(ids, options) => {
            let settled = Array::new();
            for r in &lifecycle::fetch_tasks(core, rt, &ids, &options).await {
                let o = Object::new();
                match r {
                    Ok(t) => {
                        set(&o, "status", &"fulfilled".into());
                        set(&o, "value", &task_to_js(t));
                    }
                    Err(e) => {
                        set(&o, "status", &"rejected".into());
                        set(&o, "reason", &error_to_js(e));
                    }
                }
                settled.push(&o);
            }
            // Nothing reports progress here, so nothing can have thrown.
            return Ok(settled.into());
        }
        Op::Once(prepared, options, wait) => {
            let submitted = rt.now_ms();
            let retry = Retry::new(core, prepared, &options.request, read_one);
            let then = wait.then_some((submitted, options));
            Ok(Job::Task(Tracked::new(
                Phase::Request(retry, then),
                &mut on_task,
            )))
        }
        Op::Wait(id, wait) => {
            let wait = Wait::new(core, rt, id, None, None, &wait);
            Ok(Job::Task(Tracked::new(Phase::Wait(wait), &mut on_task)))
        }
        Op::Chain(request, wait) => match ChainRun::new(core, request, wait, &mut on_step) {
            Ok(run) => Ok(Job::Chain(run)),
            Err(e) => Err(Error::from(e)),
        },
    };
    let result = match job {
        Ok(job) => match drive(rt, job).await {
            Output::Task(Ok(t)) => Ok(task_to_js(&t)),
            Output::Task(Err(e)) => Err(e),
            Output::Chain(Ok(outcome)) => {
                let o = Object::new();
                set(&o, "taskIds", &strings(&outcome.task_ids));
                set(&o, "task", &task_to_js(&outcome.task));
                Ok(o.into())
            }
            Output::Chain(Err(e)) => Err(Error::from(e)),
        },
        Err(e) => Err(e),
    };
    match reporter.thrown.into_inner() {
        None => result,
        Some(why) => {
            let mut e = Error::invalid("onProgress", "onProgress threw: ".to_string() + &why);
            if let Err(original) = &result {
                e.task_id.clone_from(&original.task_id);
            }
            Err(e)
        }
    }
}

/// A single request (`wait`: then a wait for the job it creates), validated: the options are
/// a wait's with `wait`, else only the request's. One body for the three `Op::Once` builders.
#[inline(never)]
fn once_op(core: &Core, call: Call, arg: &Input, options: &Input, wait: bool) -> Result<Op, Error> {
    // Bad input is refused before anything is sent.
    let prepared = core.prepare(call, arg)?;
    let options = if wait {
        WaitOptions::parse(options)?
    } else {
        WaitOptions {
            request: RequestOptions::parse(options)?,
            ..WaitOptions::default()
        }
    };
    Ok(Op::Once(prepared, options, wait))
}

fn extend_op(core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    once_op(core, Call::Extend, &arg, options, false)
}

fn fetch_op(core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    once_op(core, Call::Fetch, &arg, options, false)
}

fn wait_op(core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    core.prepare(Call::Fetch, &arg)?; // validates the id as the provider needs it
    let Input::String(id) = &arg else {
        return Err(Error::invalid("taskId", "taskId must be a string"));
    };
    let wait = WaitOptions::parse(options)?;
    Ok(Op::Wait(id.clone(), wait))
}

fn extend_and_wait_op(core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    once_op(core, Call::Extend, &arg, options, true)
}

fn chain_op(core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    // `resumeFrom` is the chain's; the other keys are the wait's.
    let resume = match options {
        Input::Object { entries, .. } => entries
            .iter()
            .find(|(k, _)| k == "resumeFrom")
            .map_or(&Input::Undefined, |(_, v)| v),
        _ => &Input::Undefined,
    };
    let request = lifecycle::parse_chain(core.options.provider, &arg, resume)?;
    Ok(Op::Chain(request, WaitOptions::parse_for(options, true)?))
}

fn many_op(_core: &Core, arg: Input, options: &Input) -> Result<Op, Error> {
    let Input::Array(items) = &arg else {
        return Err(arg.refused("taskIds", "an array of task ids"));
    };
    let mut ids = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Input::String(s) => ids.push(s.clone()),
            other => return Err(other.refused(&crate::input::item_path("taskIds", i), "a string")),
        }
    }
    Ok(Op::Many(ids, RequestOptions::parse(options)?))
}

#[cfg(not(feature = "webhooks"))]
impl Client {
    /// Starts a call on this client (what every exported method does).
    fn call(&self, arg: &JsValue, arg_name: &str, options: JsValue, build: Build) -> Promise {
        start(
            self.core.clone(),
            self.fetch.clone(),
            arg,
            arg_name,
            &options,
            build,
        )
    }
}

#[cfg(not(feature = "webhooks"))]
#[wasm_bindgen]
impl Client {
    /// Validates the options; throws a `VideoExtendError` (`code: "invalid_request"`) naming the bad field.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<Client, JsValue> {
        new_core(&options)
            .map(|(core, fetch)| Client { core, fetch })
            .map_err(|e| error_to_js(&e))
    }

    /// The provider this client talks to.
    #[wasm_bindgen(getter, unchecked_return_type = "Provider")]
    pub fn provider(&self) -> JsValue {
        JsValue::from_str(self.core.options.provider.as_str())
    }

    /// Starts a paid extension job and resolves with its (pending) task.
    /// Retried only when no job can have been created; see `ambiguous` on the error.
    #[wasm_bindgen(js_name = extendVideo, unchecked_return_type = "Promise<Task>")]
    pub fn extend_video(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ExtendRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&request, "request", options, extend_op)
    }

    /// Reads a task once (transient failures are retried up to `maxRetries`).
    #[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
    pub fn fetch_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&task_id, "taskId", options, fetch_op)
    }

    /// Waits for a task to finish, polling on an adaptive schedule; resolves with the completed
    /// task, rejects with `task_failed`, `timeout` or `aborted` (each carrying `taskId`).
    #[wasm_bindgen(js_name = waitForTask, unchecked_return_type = "Promise<Task>")]
    pub fn wait_for_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&task_id, "taskId", options, wait_op)
    }

    /// `extendVideo`, then `waitForTask` on the new job.
    #[wasm_bindgen(js_name = extendAndWait, unchecked_return_type = "Promise<Task>")]
    pub fn extend_and_wait(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ExtendRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&request, "request", options, extend_and_wait_op)
    }

    /// Runs extensions one after another, each from the previous result (Legnext: at most 4).
    /// On failure the error carries `step`, `taskId` and `resumeFrom` (pass it back to continue
    /// without paying again for the finished steps).
    #[wasm_bindgen(js_name = extendChain, unchecked_return_type = "Promise<ChainResult>")]
    pub fn extend_chain(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChainRequest")] request: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ChainOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&request, "request", options, chain_op)
    }

    /// Reads many tasks (APIFrame: `/fetch-many` in batches of 20; Legnext: parallel GETs),
    /// settled one by one in input order, like `Promise.allSettled`.
    #[wasm_bindgen(
        js_name = fetchTasks,
        unchecked_return_type = "Promise<PromiseSettledResult<Task>[]>"
    )]
    pub fn fetch_tasks(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] task_ids: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions | null")] options: JsValue,
    ) -> Promise {
        self.call(&task_ids, "taskIds", options, many_op)
    }
}

/// Builds a client from `client_options`, then starts the call (the standalone functions).
#[inline(never)]
fn with_client(
    client_options: &JsValue,
    arg: &JsValue,
    arg_name: &str,
    opts: JsValue,
    build: Build,
) -> Promise {
    match new_core(client_options) {
        Ok((core, fetch)) => start(core, fetch, arg, arg_name, &opts, build),
        Err(e) => Promise::reject(&error_to_js(&e)),
    }
}

#[cfg(not(feature = "webhooks"))]
/// `extendVideo` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = extendVideo, unchecked_return_type = "Promise<Task>")]
pub fn extend_video(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExtendRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions | null")] options: JsValue,
) -> Promise {
    with_client(&client_options, &request, "request", options, extend_op)
}

#[cfg(not(feature = "webhooks"))]
/// `fetchTask` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
pub fn fetch_task(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RequestOptions | null")] options: JsValue,
) -> Promise {
    with_client(&client_options, &task_id, "taskId", options, fetch_op)
}

#[cfg(not(feature = "webhooks"))]
/// `waitForTask` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = waitForTask, unchecked_return_type = "Promise<Task>")]
pub fn wait_for_task(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "WaitOptions | null")] options: JsValue,
) -> Promise {
    with_client(&client_options, &task_id, "taskId", options, wait_op)
}

#[cfg(feature = "webhooks")]
/// Reads `{ secret, ...allowed }` from an options bag: the secret must be a non-empty string.
fn secret_from<'a>(f: &Fields<'a>, known: &[&str]) -> Result<&'a str, Error> {
    f.deny_unknown(known, &[])?;
    match f.get("secret") {
        Input::String(s) if !s.is_empty() => Ok(s),
        _ => Err(Error::invalid(
            "secret",
            "secret must be a non-empty string",
        )),
    }
}

#[cfg(feature = "webhooks")]
/// Verifies and reads a provider webhook: APIFrame's `x-webhook-secret` (constant time) or
/// Legnext's signed callback URL (see `signCallbackUrl`). Rejects with `invalid_webhook` when
/// the secret or signature is missing or wrong, the body is over 1 MiB, or it is not a task.
#[wasm_bindgen(js_name = parseWebhook, unchecked_return_type = "Promise<WebhookEvent>")]
pub fn parse_webhook(
    #[wasm_bindgen(unchecked_param_type = "WebhookInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "WebhookOptions")] options: JsValue,
) -> Promise {
    let parse = || {
        let o = to_input(&options, "options")?;
        let f = Fields::open("options", &o)?;
        let secret = String::from(secret_from(&f, &["provider", "secret"])?);
        Ok::<_, Error>((crate::Provider::parse(f.get("provider"))?, secret))
    };
    let parsed = parse();
    let (provider, secret) = match parsed {
        Ok(p) => p,
        Err(e) => return Promise::reject(&error_to_js(&e)),
    };
    promise(Box::pin(async move {
        let fail = |e: Error| error_to_js(&e.with_provider(provider).redacted(&[secret.as_str()]));
        let request = webhook::read!(&input, &fail);
        let event = crate::webhook::parse_parts(
            provider,
            request.secret.as_deref(),
            request.url.as_deref(),
            request.body,
            &secret,
            js_sys::Date::now(),
        )
        .map_err(fail)?;
        let task = task_to_js(&event.task);
        set(
            task.unchecked_ref(),
            "deliveryKey",
            &JsValue::from_str(&event.delivery_key),
        );
        Ok(task)
    }))
}

#[cfg(feature = "webhooks")]
/// Appends an expiry and an HMAC-SHA256 signature to a Legnext callback URL, so that
/// `parseWebhook` can tell a genuine callback from a forged one. Throws `invalid_request`.
#[wasm_bindgen(js_name = signCallbackUrl)]
pub fn sign_callback_url(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignOptions")] options: JsValue,
) -> Result<js_sys::JsString, JsValue> {
    let sign = || {
        let url = match to_input(&url, "url")? {
            Input::String(s) => s,
            other => return Err(other.refused("url", "a string")),
        };
        let o = to_input(&options, "options")?;
        let f = Fields::open("options", &o)?;
        let secret = secret_from(&f, &["secret", "expiresIn"])?;
        let expires = f
            .integer("expiresIn", 1, 31_536_000, false)?
            .unwrap_or(86_400) as u32;
        crate::webhook::sign_callback_url(&url, secret, expires, js_sys::Date::now())
            .map_err(|e| e.redacted(&[secret]))
    };
    // A JsString, not a String: the export returns one value instead of a pointer and length
    // (and a free call in the glue); the typings still say `string`.
    match sign() {
        Ok(signed) => Ok(js_sys::JsString::from(signed)),
        Err(e) => Err(error_to_js(&e)),
    }
}

#[cfg(not(feature = "webhooks"))]
/// The SDK version (as sent in `x-video-extend-client`).
#[wasm_bindgen(js_name = version)]
pub fn version() -> js_sys::JsString {
    // A JsString, not a String: one value instead of a pointer and length (and a free call in
    // the glue); the typings still say `string`.
    js_sys::JsString::from(crate::provider::CLIENT_VERSION)
}
