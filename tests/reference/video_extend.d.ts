/* tslint:disable */
/* eslint-disable */

/** Every rejection of this package: an `Error` with a stable `code` and the facts of the failure. */
export interface VideoExtendError extends VideoExtendErrorData {}
export declare class VideoExtendError extends Error {
    private constructor(data: VideoExtendErrorData);
    readonly name: "VideoExtendError";
}



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


/**
 * A Legnext chain: up to 4 extensions, each from the previous result.
 */
export interface LegnextChainRequest {
    /**
     * The video job to start from.
     */
    jobId: string;
    /**
     * Which of its four videos to extend first (later steps extend video 0 of the previous step).
     */
    videoNo: 0 | 1 | 2 | 3;
    /**
     * One entry per extension (1 to 4); `undefined` for an extension without a prompt.
     */
    prompts: (string | undefined)[];
}

/**
 * A finished chain.
 */
export interface ChainResult {
    /**
     * Every step's task id, in order.
     */
    taskIds: string[];
    /**
     * The last step's completed task: its videos are the chain's result.
     */
    task: Task;
}

/**
 * An APIFrame chain: each step extends the previous task with the next prompt.
 */
export interface ApiframeChainRequest {
    /**
     * The Luma task to start from.
     */
    parentTaskId: string;
    /**
     * One prompt per extension.
     */
    prompts: string[];
    /**
     * The same for every step.
     */
    aspectRatio?: "1:1" | "16:9" | "9:16" | "4:3" | "3:4" | "21:9" | "9:21";
    /**
     * The same for every step.
     */
    enhancePrompt?: boolean;
    /**
     * Receives every step's updates.
     */
    webhookUrl?: string;
    /**
     * Sent back in `x-webhook-secret`.
     */
    webhookSecret?: string;
}

/**
 * Every failure the SDK reports. In JS it becomes a `VideoExtendError` with these properties.
 */
export interface VideoExtendErrorData {
    /**
     * The stable failure class.
     */
    code: ErrorCode;
    /**
     * A lowercase-first sentence saying what went wrong and, where useful, what to do.
     */
    message: string;
    /**
     * The input field at fault, for `invalid_request` raised before sending (e.g. `"videoNo"`).
     */
    field?: string;
    /**
     * The HTTP status, when a response arrived.
     */
    status?: number;
    /**
     * Whether sending the same call again may succeed and cannot create a second paid job.
     */
    retryable: boolean;
    /**
     * True when a paid job may or may not have been created (e.g. a timeout after sending).
     */
    ambiguous: boolean;
    /**
     * The provider's request id, when it sent one.
     */
    requestId?: string;
    /**
     * The provider's own error message, as sent (secrets removed).
     */
    providerMessage?: string;
    /**
     * The provider that answered (or would have).
     */
    provider?: Provider;
    /**
     * The task concerned, when one is known, so a paid job is never lost.
     */
    taskId?: string;
    /**
     * For `extendChain`: the step that failed, from 1.
     */
    step?: number;
    /**
     * For `extendChain`: pass this as `resumeFrom` to continue without paying again for the
     * finished steps.
     */
    resumeFrom?: ChainProgress;
}

/**
 * How far a chain got.
 */
export interface ChainProgress {
    /**
     * The task ids of the finished steps, in order.
     */
    finishedTaskIds: string[];
    /**
     * A step created but not seen to finish (the wait timed out or was aborted): resuming waits
     * for it instead of paying for it again.
     */
    pendingTaskId?: string;
}

/**
 * One progress report of a chain.
 */
export interface ChainStepReport {
    /**
     * The step, from 1.
     */
    step: number;
    /**
     * How many steps the chain has.
     */
    steps: number;
    /**
     * The step's task as last seen.
     */
    task: Task;
}

/**
 * One video-extension task, the same shape for both providers.
 */
export interface Task {
    /**
     * The provider's task id (Legnext `job_id`, APIFrame `task_id`).
     */
    id: string;
    /**
     * Which provider runs it.
     */
    provider: Provider;
    /**
     * The normalised status.
     */
    status: TaskStatus;
    /**
     * The provider's own status word, when it sent one.
     */
    providerStatus?: string;
    /**
     * Progress from 0 to 100, when known.
     */
    progress?: number;
    /**
     * The result videos (Legnext: 4; APIFrame: 1); empty until completed.
     */
    videoUrls: string[];
    /**
     * The generation seed, when reported.
     */
    seed?: string;
    /**
     * What the task cost, when reported.
     */
    usage?: Usage;
    /**
     * When the provider accepted the task (ISO 8601).
     */
    createdAt?: string;
    /**
     * When processing started (ISO 8601).
     */
    startedAt?: string;
    /**
     * When the task finished (ISO 8601).
     */
    endedAt?: string;
    /**
     * Why it failed, when `status` is `failed`.
     */
    error?: TaskError;
    /**
     * The provider's JSON as received (secrets redacted).
     */
    raw: unknown;
}

/**
 * Options of `extendChain`.
 */
export interface ChainOptions {
    /**
     * The most each step's wait may take, in ms (default 15 minutes).
     */
    timeout?: number;
    /**
     * Poll at this fixed interval (ms) instead of the adaptive schedule.
     */
    pollInterval?: number;
    /**
     * Called on every change of a step's status or progress.
     */
    onProgress?: (report: ChainStepReport) => void;
    /**
     * Cancels the chain.
     */
    signal?: AbortSignal;
    /**
     * Continue a chain that stopped: the `resumeFrom` of its error. Finished steps are not redone.
     */
    resumeFrom?: ChainProgress;
}

/**
 * Options of a `Client` (and the first argument of the standalone functions).
 */
export interface ClientOptions {
    /**
     * Which API to call: `"legnext"` (Midjourney video) or `"apiframe"` (Luma).
     */
    provider: Provider;
    /**
     * The provider API key (required, except in a browser page behind a proxy that adds it).
     * Never echoed in errors, logs or `raw`.
     */
    apiKey?: string;
    /**
     * Another base URL: a proxy, a Worker, or the local emulator. Must be https unless the host is loopback.
     */
    baseURL?: string;
    /**
     * Milliseconds allowed for each HTTP attempt (default 60000).
     */
    timeout?: number;
    /**
     * How many times a retryable failure is retried (default 2, at most 10).
     */
    maxRetries?: number;
    /**
     * A `fetch` to use instead of the global one (for tests, proxies, instrumentation).
     */
    fetch?: typeof fetch;
    /**
     * Allow an `apiKey` in a browser page, where every visitor can read it. Prefer a proxy.
     */
    dangerouslyAllowBrowser?: boolean;
}

/**
 * Options of a wait (`waitForTask`, `extendAndWait`).
 */
export interface WaitOptions {
    /**
     * The most the whole wait may take, in ms (default 15 minutes).
     */
    timeout?: number;
    /**
     * Poll at this fixed interval (ms, at least 500) instead of the adaptive schedule.
     */
    pollInterval?: number;
    /**
     * Called with the task on every change of status or progress, and only then.
     */
    onProgress?: (task: Task) => void;
    /**
     * Cancels the wait (the task goes on at the provider; the error carries its id).
     */
    signal?: AbortSignal;
}

/**
 * Options of one call: the second argument of `extendVideo` / `fetchTask`.
 */
export interface RequestOptions {
    /**
     * Cancels the call; it then rejects with `code: "aborted"`.
     */
    signal?: AbortSignal;
    /**
     * Milliseconds allowed for each HTTP attempt of this call (overrides the client's `timeout`).
     */
    timeout?: number;
}

/**
 * Stable, machine-readable failure classes. The string form (`as_str`) is the JS `code`.
 */
export type ErrorCode = "invalid_request" | "authentication" | "permission" | "not_found" | "rate_limited" | "provider_error" | "invalid_response" | "timeout" | "aborted" | "network" | "task_failed" | "invalid_webhook";

/**
 * The API a client talks to.
 */
export type Provider = "legnext" | "apiframe";

/**
 * What the task cost, as the provider reports it (Legnext `meta.usage`).
 */
export interface Usage {
    /**
     * The unit, e.g. `"point"` or `"credit"`.
     */
    unit?: string;
    /**
     * Points reserved for the task.
     */
    frozen?: number;
    /**
     * Points consumed by the task.
     */
    consumed?: number;
}

/**
 * Where a task is in its life. Unknown provider words map to a not-finished state.
 */
export type TaskStatus = "pending" | "processing" | "completed" | "failed";

/**
 * Why a task failed, as the provider said it.
 */
export interface TaskError {
    /**
     * The provider's code as text (Legnext's integer `error.code`, e.g. `"403"`), or `"failed"`.
     */
    code: string;
    /**
     * The provider's message (may be empty when the provider gave none).
     */
    message: string;
}

/**
 * `extendVideo` input for APIFrame (Luma).
 */
export interface ApiframeExtendRequest {
    /**
     * The id of the Luma task to extend.
     */
    parentTaskId: string;
    /**
     * What happens next, 1 to 8192 characters, not blank.
     */
    prompt: string;
    /**
     * An http(s) URL of an image for the first frame.
     */
    imageUrl?: string;
    /**
     * An http(s) URL of an image for the last frame.
     */
    endImageUrl?: string;
    /**
     * Let Luma rewrite the prompt (APIFrame's default: false).
     */
    enhancePrompt?: boolean;
    /**
     * The frame shape (APIFrame's default: `"1:1"`).
     */
    aspectRatio?: "1:1" | "16:9" | "9:16" | "4:3" | "3:4" | "21:9" | "9:21";
    /**
     * An http(s) URL that receives updates and the result.
     */
    webhookUrl?: string;
    /**
     * Sent back in the `x-webhook-secret` header of each webhook call (needs `webhookUrl`).
     */
    webhookSecret?: string;
    /**
     * Extra provider parameters, merged into the JSON body as they are.
     */
    extraBody?: Record<string, unknown>;
}

/**
 * `extendVideo` input for Legnext. Each extension adds 4 s; at most 4 per original video.
 */
export interface LegnextExtendRequest {
    /**
     * The id (UUID) of the video job to extend.
     */
    jobId: string;
    /**
     * Which of the job's four videos to extend: 0, 1, 2 or 3.
     */
    videoNo: 0 | 1 | 2 | 3;
    /**
     * Text to guide the extension, 1 to 8192 characters.
     */
    prompt?: string;
    /**
     * An http(s) URL that receives the finished task (see `signCallbackUrl`).
     */
    callback?: string;
    /**
     * Extra provider parameters, merged into the JSON body as they are.
     */
    extraBody?: Record<string, unknown>;
}


/**
 * A client for one provider. Holds the validated options; every call returns a Promise.
 */
export class Client {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `extendVideo`, then `waitForTask` on the new job.
     */
    extendAndWait(request: ExtendRequest, options?: WaitOptions | null): Promise<Task>;
    /**
     * Runs extensions one after another, each from the previous result (Legnext: at most 4).
     * On failure the error carries `step`, `taskId` and `resumeFrom` (pass it back to continue
     * without paying again for the finished steps).
     */
    extendChain(request: ChainRequest, options?: ChainOptions | null): Promise<ChainResult>;
    /**
     * Starts a paid extension job and resolves with its (pending) task.
     * Retried only when no job can have been created; see `ambiguous` on the error.
     */
    extendVideo(request: ExtendRequest, options?: RequestOptions | null): Promise<Task>;
    /**
     * Reads a task once (transient failures are retried up to `maxRetries`).
     */
    fetchTask(task_id: string, options?: RequestOptions | null): Promise<Task>;
    /**
     * Reads many tasks (APIFrame: `/fetch-many` in batches of 20; Legnext: parallel GETs),
     * settled one by one in input order, like `Promise.allSettled`.
     */
    fetchTasks(task_ids: string[], options?: RequestOptions | null): Promise<PromiseSettledResult<Task>[]>;
    /**
     * Validates the options; throws a `VideoExtendError` (`code: "invalid_request"`) naming the bad field.
     */
    constructor(options: ClientOptions);
    /**
     * Waits for a task to finish, polling on an adaptive schedule; resolves with the completed
     * task, rejects with `task_failed`, `timeout` or `aborted` (each carrying `taskId`).
     */
    waitForTask(task_id: string, options?: WaitOptions | null): Promise<Task>;
    /**
     * The provider this client talks to.
     */
    readonly provider: Provider;
}

/**
 * `extendVideo` without a class: the first argument is the client options.
 */
export function extendVideo(client_options: ClientOptions, request: ExtendRequest, options?: RequestOptions | null): Promise<Task>;

/**
 * `fetchTask` without a class: the first argument is the client options.
 */
export function fetchTask(client_options: ClientOptions, task_id: string, options?: RequestOptions | null): Promise<Task>;

/**
 * The SDK version (as sent in `x-video-extend-client`).
 */
export function version(): string;

/**
 * `waitForTask` without a class: the first argument is the client options.
 */
export function waitForTask(client_options: ClientOptions, task_id: string, options?: WaitOptions | null): Promise<Task>;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly a: WebAssembly.Memory;
    readonly b: (a: number, b: number) => void;
    readonly c: (a: number, b: any, c: any) => any;
    readonly d: (a: number, b: any, c: any) => any;
    readonly e: (a: number, b: any, c: any) => any;
    readonly f: (a: number, b: any, c: any) => any;
    readonly g: (a: number, b: any, c: any) => any;
    readonly h: (a: any) => [number, number, number];
    readonly i: (a: number) => any;
    readonly j: (a: number, b: any, c: any) => any;
    readonly k: (a: any, b: any, c: any) => any;
    readonly l: (a: any, b: any, c: any) => any;
    readonly m: () => any;
    readonly n: (a: any, b: any, c: any) => any;
    readonly q: (a: number, b: number, c: number, d: any, e: any) => void;
    readonly r: (a: number, b: number) => void;
    readonly s: (a: number, b: number) => number;
    readonly t: (a: number, b: number, c: number, d: number) => number;
    readonly u: (a: number, b: number, c: number) => void;
    readonly v: (a: number) => void;
    readonly w: () => number;
    readonly x: WebAssembly.Table;
    readonly y: (a: number, b: number) => void;
    readonly z: (a: number) => void;
    readonly A: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
