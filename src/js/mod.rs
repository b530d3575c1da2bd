//! The JS API: the `Client` class and the standalone `extendVideo` / `fetchTask`. The only
//! `#[wasm_bindgen]` exports of the crate; everything here converts and delegates.

mod convert;
mod types;

use crate::client::Client as Core;
use crate::error::Error;
use crate::input::Input;
use crate::options::RequestOptions;
use crate::transport::fetch::FetchRuntime;
use convert::{error_to_js, to_input, to_js};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// A client for one provider. Holds the validated options; every call returns a Promise.
#[wasm_bindgen]
pub struct Client {
    core: Core,
    fetch: Option<Function>,
}

/// What one call needs besides its arguments.
struct Call {
    input: Input,
    options: RequestOptions,
    runtime: FetchRuntime,
}

fn prepare(
    core: &Core,
    fetch: &Option<Function>,
    arg: &JsValue,
    arg_name: &str,
    opts: &JsValue,
) -> Result<Call, Error> {
    let key = core.options.api_key.as_str();
    let redact = |e: Error| e.with_provider(core.options.provider).redacted(&[key]);
    let input = to_input(arg, arg_name).map_err(redact)?;
    let options = to_input(opts, "requestOptions")
        .and_then(|i| RequestOptions::parse(&i))
        .map_err(redact)?;
    let signal = if options.signal.is_some() {
        Reflect::get(opts, &"signal".into())
            .ok()
            .and_then(|s| s.dyn_into().ok())
    } else {
        None
    };
    Ok(Call {
        input,
        options,
        runtime: FetchRuntime::new(fetch.clone(), signal),
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

fn reject(e: Error) -> Promise {
    Promise::reject(&error_to_js(&e))
}

fn settle(result: Result<crate::task::Task, Error>) -> Result<JsValue, JsValue> {
    result.and_then(|t| to_js(&t)).map_err(|e| error_to_js(&e))
}

fn extend(core: Core, fetch: Option<Function>, request: JsValue, opts: JsValue) -> Promise {
    let call = match prepare(&core, &fetch, &request, "request", &opts) {
        Ok(c) => c,
        Err(e) => return reject(e),
    };
    future_to_promise(async move {
        settle(
            core.extend_video(&call.runtime, &call.input, &call.options)
                .await,
        )
    })
}

fn fetch_one(core: Core, fetch: Option<Function>, task_id: JsValue, opts: JsValue) -> Promise {
    let call = match prepare(&core, &fetch, &task_id, "taskId", &opts) {
        Ok(c) => c,
        Err(e) => return reject(e),
    };
    future_to_promise(async move {
        settle(
            core.fetch_task(&call.runtime, &call.input, &call.options)
                .await,
        )
    })
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
        extend(self.core.clone(), self.fetch.clone(), request, options)
    }

    /// Reads a task once (transient failures are retried up to `maxRetries`).
    #[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
    pub fn fetch_task(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
    ) -> Promise {
        fetch_one(self.core.clone(), self.fetch.clone(), task_id, options)
    }
}

/// `extendVideo` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = extendVideo, unchecked_return_type = "Promise<Task>")]
pub fn extend_video(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExtendRequest")] request: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
) -> Promise {
    match new_core(&client_options) {
        Ok((core, fetch)) => extend(core, fetch, request, options),
        Err(e) => reject(e),
    }
}

/// `fetchTask` without a class: the first argument is the client options.
#[wasm_bindgen(js_name = fetchTask, unchecked_return_type = "Promise<Task>")]
pub fn fetch_task(
    #[wasm_bindgen(unchecked_param_type = "ClientOptions")] client_options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] task_id: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RequestOptions | undefined")] options: JsValue,
) -> Promise {
    match new_core(&client_options) {
        Ok((core, fetch)) => fetch_one(core, fetch, task_id, options),
        Err(e) => reject(e),
    }
}

/// The SDK version (as sent in `x-video-extend-client`).
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    crate::provider::CLIENT_VERSION.to_string()
}
