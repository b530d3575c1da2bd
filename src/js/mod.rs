//! The JS API: the `Client` class and the standalone `extendVideo` / `fetchTask`. The only
//! `#[wasm_bindgen]` exports of the crate; everything here converts and delegates.

mod convert;
pub(crate) mod json;
mod types;

use crate::client::{Call, Client as Core};
use crate::error::Error;
use crate::options::RequestOptions;
use crate::transport::fetch::FetchRuntime;
use convert::{error_to_js, task_to_js, to_input};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A client for one provider. Holds the validated options; every call returns a Promise.
#[wasm_bindgen]
pub struct Client {
    core: Core,
    fetch: Option<Function>,
}

/// Validates one call's argument and options and starts it: the only place a Promise is made.
fn start(
    core: Core,
    fetch: Option<Function>,
    call: Call,
    arg: &JsValue,
    opts: &JsValue,
) -> Promise {
    let provider = core.options.provider;
    let key = core.options.api_key.as_str();
    let redact = |e: Error| e.with_provider(provider).redacted(&[key]);
    let arg_name = match call {
        Call::Extend => "request",
        Call::Fetch => "taskId",
    };
    let prepared = to_input(arg, arg_name).map_err(redact).and_then(|input| {
        let options = to_input(opts, "requestOptions")
            .and_then(|i| RequestOptions::parse(&i))
            .map_err(redact)?;
        Ok((core.prepare(call, &input)?, options))
    });
    let (prepared, options) = match prepared {
        Ok(p) => p,
        Err(e) => return Promise::reject(&error_to_js(&e)),
    };
    let signal = if options.signal.is_some() {
        Reflect::get(opts, &"signal".into())
            .ok()
            .and_then(|s| s.dyn_into().ok())
    } else {
        None
    };
    let runtime = FetchRuntime::new(fetch, signal);
    future_to_promise(async move {
        match core.run(&runtime, &prepared, &options).await {
            Ok(task) => Ok(task_to_js(&task)),
            Err(e) => Err(error_to_js(&e)),
        }
    })
}

fn new_core(options: &JsValue) -> Result<(Core, Option<Function>), Error> {
    let input = to_input(options, "options")?;
    let core = Core::new(&input)?;
    let fetch = if core.options.fetch.is_some() {
        Reflect::get(options, &"fetch".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    } else {
        None
    };
    Ok((core, fetch))
}

/// The standalone form: builds a client from `client_options`, then starts the call.
fn start_once(client_options: &JsValue, call: Call, arg: &JsValue, opts: &JsValue) -> Promise {
    match new_core(client_options) {
        Ok((core, fetch)) => start(core, fetch, call, arg, opts),
        Err(e) => Promise::reject(&error_to_js(&e)),
    }
}

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
        #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
    ) -> Promise {
        start(
            self.core.clone(),
            self.fetch.clone(),
            Call::Extend,
            &request,
            &options,
        )
    }

    /// Reads a task once (transient failures are retried up to `maxRetries`).
    #[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
    pub fn fetch_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
    ) -> Promise {
        start(
            self.core.clone(),
            self.fetch.clone(),
            Call::Fetch,
            &task_id,
            &options,
        )
    }
}

/// `extendVideo` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = extendVideo, unchecked_return_type = "Promise<Task>")]
pub fn extend_video(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExtendRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
) -> Promise {
    start_once(&client_options, Call::Extend, &request, &options)
}

/// `fetchTask` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
pub fn fetch_task(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
) -> Promise {
    start_once(&client_options, Call::Fetch, &task_id, &options)
}

/// The SDK version (as sent in `x-video-extend-client`).
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::provider::CLIENT_VERSION.to_string()
}
