//! TypeScript declarations of the JS-only shapes (option bags with callbacks, progress reports),
//! derived from Rust structs by tsify, plus the combinations the generated types need: the
//! request union that refuses one provider's fields on the other's request, and the error class.
//! The structs exist for their generated TypeScript only; they are never built as values.
#![allow(dead_code)]

use super::tsify::{self, Tsify};
use crate::lifecycle::ChainProgress;
use crate::prelude::*;
use crate::task::Task;
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The client module's request unions (see `ExtendRequest` and `ChainRequest` below).
#[cfg(not(feature = "webhooks"))]
#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &'static str = r#"
/** Keys of `U` that `T` lacks, forbidden (so a union member refuses the other's fields). */
type Forbid<T, U> = T & { [K in Exclude<keyof U, keyof T>]?: never };

/** An extension request: Legnext's or APIFrame's, never a mix of both. */
export type ExtendRequest =
  | Forbid<LegnextExtendRequest, ApiframeExtendRequest>
  | Forbid<ApiframeExtendRequest, LegnextExtendRequest>;

/** A chain request: Legnext's or APIFrame's. */
export type ChainRequest =
  | Forbid<LegnextChainRequest, ApiframeChainRequest>
  | Forbid<ApiframeChainRequest, LegnextChainRequest>;
"#;

// The webhooks module's event and input (`video-extend/webhooks`).
#[cfg(feature = "webhooks")]
#[wasm_bindgen(typescript_custom_section)]
const TS_WEBHOOKS: &'static str = r#"
/** A verified webhook: the task it carries, and a key to drop duplicate deliveries. */
export type WebhookEvent = Task & { deliveryKey: string };

/** What `parseWebhook` reads: a Web `Request`, or the parts of a Node/Express request. */
export type WebhookInput = Request | { body: string | Uint8Array; headers: Headers | Record<string, string | string[] | undefined>; url?: string };
"#;

// Both modules: the one error class (the webhooks module re-exports the client's).
#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &'static str = r#"
/** Every rejection of this package: an `Error` with a stable `code` and the facts of the failure. */
export interface VideoExtendError extends VideoExtendErrorData {}
export declare class VideoExtendError extends Error {
  private constructor(data: VideoExtendErrorData);
  readonly name: "VideoExtendError";
}
"#;

#[cfg(not(feature = "webhooks"))]
/// Options of a wait (`waitForTask`, `extendAndWait`).
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "WaitOptions")]
pub struct WaitOptionsTs {
    /// The most the whole wait may take, in ms (default 15 minutes).
    #[tsify(optional)]
    pub timeout: Option<u32>,
    /// Poll at this fixed interval (ms, at least 500) instead of the adaptive schedule.
    #[tsify(optional)]
    pub poll_interval: Option<u32>,
    /// Called with the task on every change of status or progress, and only then.
    #[tsify(optional, type = "(task: Task) => void")]
    pub on_progress: Option<()>,
    /// Cancels the wait (the task goes on at the provider; the error carries its id).
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<()>,
}

#[cfg(not(feature = "webhooks"))]
/// One progress report of a chain.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChainStepReport {
    /// The step, from 1.
    pub step: u32,
    /// How many steps the chain has.
    pub steps: u32,
    /// The step's task as last seen.
    pub task: Task,
}

#[cfg(not(feature = "webhooks"))]
/// Options of `extendChain`.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChainOptions {
    /// The most each step's wait may take, in ms (default 15 minutes).
    #[tsify(optional)]
    pub timeout: Option<u32>,
    /// Poll at this fixed interval (ms) instead of the adaptive schedule.
    #[tsify(optional)]
    pub poll_interval: Option<u32>,
    /// Called on every change of a step's status or progress.
    #[tsify(optional, type = "(report: ChainStepReport) => void")]
    pub on_progress: Option<()>,
    /// Cancels the chain.
    #[tsify(optional, type = "AbortSignal")]
    pub signal: Option<()>,
    /// Continue a chain that stopped: the `resumeFrom` of its error. Finished steps are not redone.
    #[tsify(optional)]
    pub resume_from: Option<ChainProgress>,
}

#[cfg(not(feature = "webhooks"))]
/// A Legnext chain: up to 4 extensions, each from the previous result.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LegnextChainRequest {
    /// The video job to start from.
    pub job_id: String,
    /// Which of its four videos to extend first (later steps extend video 0 of the previous step).
    #[tsify(type = "0 | 1 | 2 | 3")]
    pub video_no: u8,
    /// One entry per extension (1 to 4); `undefined` for an extension without a prompt.
    #[tsify(type = "(string | undefined)[]")]
    pub prompts: Vec<Option<String>>,
}

#[cfg(not(feature = "webhooks"))]
/// An APIFrame chain: each step extends the previous task with the next prompt.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ApiframeChainRequest {
    /// The Luma task to start from.
    pub parent_task_id: String,
    /// One prompt per extension.
    pub prompts: Vec<String>,
    /// The same for every step.
    #[tsify(
        optional,
        type = "\"1:1\" | \"16:9\" | \"9:16\" | \"4:3\" | \"3:4\" | \"21:9\" | \"9:21\""
    )]
    pub aspect_ratio: Option<String>,
    /// The same for every step.
    #[tsify(optional)]
    pub enhance_prompt: Option<bool>,
    /// Receives every step's updates.
    #[tsify(optional)]
    pub webhook_url: Option<String>,
    /// Sent back in `x-webhook-secret`.
    #[tsify(optional)]
    pub webhook_secret: Option<String>,
}

#[cfg(not(feature = "webhooks"))]
/// A finished chain.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ChainResult {
    /// Every step's task id, in order.
    pub task_ids: Vec<String>,
    /// The last step's completed task: its videos are the chain's result.
    pub task: Task,
}

#[cfg(feature = "webhooks")]
/// How to verify a webhook.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WebhookOptions {
    /// Which provider sent it.
    pub provider: crate::Provider,
    /// APIFrame: the `webhookSecret` given to `extendVideo`; Legnext: the secret of `signCallbackUrl`.
    pub secret: String,
}

#[cfg(feature = "webhooks")]
/// How to sign a Legnext callback URL.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SignOptions {
    /// The secret `parseWebhook` will verify with.
    pub secret: String,
    /// Seconds the URL stays valid (default 86400; a job takes minutes, deliveries may retry).
    #[tsify(optional)]
    pub expires_in: Option<u32>,
}
