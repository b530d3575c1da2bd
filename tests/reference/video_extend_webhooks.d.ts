/* tslint:disable */
/* eslint-disable */

/** A verified webhook: the task it carries, and a key to drop duplicate deliveries. */
export type WebhookEvent = Task & { deliveryKey: string };

/** What `parseWebhook` reads: a Web `Request`, or the parts of a Node/Express request. */
export type WebhookInput = Request | { body: string | Uint8Array; headers: Headers | Record<string, string | string[] | undefined>; url?: string };



/** Every rejection of this package: an `Error` with a stable `code` and the facts of the failure. */
export interface VideoExtendError extends VideoExtendErrorData {}
export declare class VideoExtendError extends Error {
    private constructor(data: VideoExtendErrorData);
    readonly name: "VideoExtendError";
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
 * How to sign a Legnext callback URL.
 */
export interface SignOptions {
    /**
     * The secret `parseWebhook` will verify with.
     */
    secret: string;
    /**
     * Seconds the URL stays valid (default 86400; a job takes minutes, deliveries may retry).
     */
    expiresIn?: number;
}

/**
 * How to verify a webhook.
 */
export interface WebhookOptions {
    /**
     * Which provider sent it.
     */
    provider: Provider;
    /**
     * APIFrame: the `webhookSecret` given to `extendVideo`; Legnext: the secret of `signCallbackUrl`.
     */
    secret: string;
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
 * Verifies and reads a provider webhook: APIFrame's `x-webhook-secret` (constant time) or
 * Legnext's signed callback URL (see `signCallbackUrl`). Rejects with `invalid_webhook` when
 * the secret or signature is missing or wrong, the body is over 1 MiB, or it is not a task.
 */
export function parseWebhook(input: WebhookInput, options: WebhookOptions): Promise<WebhookEvent>;

/**
 * Appends an expiry and an HMAC-SHA256 signature to a Legnext callback URL, so that
 * `parseWebhook` can tell a genuine callback from a forged one. Throws `invalid_request`.
 */
export function signCallbackUrl(url: string, options: SignOptions): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly a: WebAssembly.Memory;
    readonly b: (a: any, b: any) => any;
    readonly c: (a: any, b: any) => [number, number, number];
    readonly f: (a: number, b: number, c: number, d: any, e: any) => void;
    readonly g: (a: number, b: number) => void;
    readonly h: (a: number, b: number) => number;
    readonly i: (a: number, b: number, c: number, d: number) => number;
    readonly j: (a: number, b: number, c: number) => void;
    readonly k: (a: number) => void;
    readonly l: () => number;
    readonly m: WebAssembly.Table;
    readonly n: (a: number, b: number) => void;
    readonly o: (a: number) => void;
    readonly p: () => void;
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
