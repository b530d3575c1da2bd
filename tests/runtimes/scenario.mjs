// The one scenario every runtime runs against the emulator (Node ESM/CJS, Deno, Bun, workerd under
// miniflare and wrangler, Chromium from a plain page and from a Vite build). Runtime-agnostic:
// only `fetch`, `setTimeout`, `AbortController` and the SDK module handed in. It never throws; it
// returns a plain JSON-able report that the Node test compares with what each runtime must give.
const KEY = "ve-emulator-key";
const LEGNEXT_JOB = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";

/** Runs `fn`, returning its result or a summary of what it threw. */
async function attempt(fn) {
  try {
    return { value: await fn() };
  } catch (e) {
    return { error: e };
  }
}

/** The fields of a rejection the report keeps (names only what the scenario asserts on). */
function describe(sdk, e) {
  if (e === undefined) return null;
  return {
    isVideoExtendError: e instanceof sdk.VideoExtendError,
    isError: e instanceof Error,
    name: e?.name,
    code: e?.code,
    field: e?.field,
  };
}

async function control(emulator, method, path, body) {
  const res = await fetch(emulator + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}`);
  return res.json();
}

/**
 * Runs the scenario with `sdk` (the `video-extend` module as this runtime imports it) and `hooks`
 * (`video-extend/webhooks`) against the emulator at `emulator`; resolves with the report.
 */
export async function runScenario(sdk, emulator, hooks) {
  const report = {};
  const base = { provider: "legnext", baseURL: emulator };

  // The browser key guard: an apiKey is refused in a web page unless explicitly allowed; a key-less
  // client pointed at a proxy is fine there. Outside a browser the key is required instead.
  const guarded = await attempt(() => new sdk.Client({ ...base, apiKey: KEY }));
  report.keyWithoutOptIn = guarded.error ? describe(sdk, guarded.error) : "allowed";
  const keyless = await attempt(() => new sdk.Client(base));
  report.keylessClient = keyless.error ? describe(sdk, keyless.error) : "allowed";

  const client = new sdk.Client({ ...base, apiKey: KEY, dangerouslyAllowBrowser: true });

  // extend -> waitForTask with onProgress -> completed with video URLs.
  const flow = await attempt(async () => {
    const created = await client.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "more motion" });
    const seen = [];
    const done = await client.waitForTask(created.id, { pollInterval: 500, onProgress: (t) => seen.push(t.status) });
    return { created, done, seen };
  });
  if (flow.error) report.flow = { error: describe(sdk, flow.error), message: String(flow.error?.message) };
  else {
    const { created, done, seen } = flow.value;
    report.flow = {
      createdStatus: ["pending", "processing"].includes(created.status) ? "pending-or-processing" : created.status,
      sameId: done.id === created.id,
      status: done.status,
      progress: done.progress,
      videoUrls: done.videoUrls.length,
      videoUrlsOnEmulator: done.videoUrls.every((u) => u.startsWith(emulator + "/media/") && u.endsWith(".mp4")),
      progressCalls: seen.length > 0,
      lastProgress: seen[seen.length - 1],
    };
  }

  // Validation: refused before sending, a real VideoExtendError naming the field.
  const invalid = await attempt(() => client.extendVideo({ jobId: "not-a-uuid", videoNo: 0 }));
  report.validation = describe(sdk, invalid.error);

  // Abort while the request hangs at the emulator.
  await control(emulator, "POST", "/__emulator/faults", { match: `GET /api/v1/job/${LEGNEXT_JOB}`, fault: "hang", count: 1 });
  const controller = new AbortController();
  const abortTimer = setTimeout(() => controller.abort(), 200);
  const aborted = await attempt(() => client.fetchTask(LEGNEXT_JOB, { signal: controller.signal }));
  clearTimeout(abortTimer);
  report.abort = describe(sdk, aborted.error);

  // Timeout: a hanging read with a small per-call timeout and no retries.
  await control(emulator, "DELETE", "/__emulator/faults");
  await control(emulator, "POST", "/__emulator/faults", { match: `GET /api/v1/job/${LEGNEXT_JOB}`, fault: "hang", count: 1 });
  const noRetry = new sdk.Client({ ...base, apiKey: KEY, dangerouslyAllowBrowser: true, maxRetries: 0 });
  const timedOut = await attempt(() => noRetry.fetchTask(LEGNEXT_JOB, { timeout: 300 }));
  report.timeout = describe(sdk, timedOut.error);

  // A 429 on a read is retried (after the emulator's Retry-After: 1) and then succeeds.
  await control(emulator, "DELETE", "/__emulator/faults");
  await control(emulator, "POST", "/__emulator/reset");
  await control(emulator, "POST", "/__emulator/faults", { match: `GET /api/v1/job/${LEGNEXT_JOB}`, fault: "rate_limited", count: 1 });
  const retried = await attempt(() => client.fetchTask(LEGNEXT_JOB));
  const log = await control(emulator, "GET", "/__emulator/requests");
  const reads = log.filter((r) => r.method === "GET" && r.path === `/api/v1/job/${LEGNEXT_JOB}`);
  report.retry = {
    result: retried.error ? describe(sdk, retried.error) : retried.value.status,
    statuses: reads.map((r) => r.status),
  };

  // The webhooks entry loads beside the client: a signed Legnext callback verifies, a forged
  // signature is refused with the client's own error class (one class for both modules).
  const secret = "whsec-runtime-scenario";
  const signed = await attempt(() => hooks.signCallbackUrl("https://app.example/hooks/legnext", { secret, expiresIn: 600 }));
  const url = signed.value ?? "";
  const body = JSON.stringify({ job_id: LEGNEXT_JOB, status: "completed", output: { video_urls: ["https://cdn.example/a.mp4"] } });
  const verified = await attempt(() => hooks.parseWebhook({ body, headers: {}, url }, { provider: "legnext", secret }));
  const forgedUrl = url.slice(0, -1) + (url.endsWith("0") ? "1" : "0");
  const forged = await attempt(() => hooks.parseWebhook({ body, headers: {}, url: forgedUrl }, { provider: "legnext", secret }));
  report.webhook = {
    signed: signed.error ? describe(sdk, signed.error) : /[?&]ve_sig=[0-9a-f]{64}$/.test(url),
    verified: verified.error ? describe(sdk, verified.error) : `${verified.value.status} ${verified.value.deliveryKey}`,
    forged: describe(sdk, forged.error),
    sameErrorClass: hooks.VideoExtendError === sdk.VideoExtendError,
  };
  return report;
}

/** What every runtime must report; `browser` says whether the key guard applies there. */
export function expectedReport(browser) {
  const invalidKey = { isVideoExtendError: true, isError: true, name: "VideoExtendError", code: "invalid_request", field: "apiKey" };
  return {
    keyWithoutOptIn: browser ? invalidKey : "allowed",
    keylessClient: browser ? "allowed" : invalidKey,
    flow: {
      createdStatus: "pending-or-processing",
      sameId: true,
      status: "completed",
      progress: 100,
      videoUrls: 4,
      videoUrlsOnEmulator: true,
      progressCalls: true,
      lastProgress: "completed",
    },
    validation: { isVideoExtendError: true, isError: true, name: "VideoExtendError", code: "invalid_request", field: "jobId" },
    abort: { isVideoExtendError: true, isError: true, name: "VideoExtendError", code: "aborted", field: undefined },
    timeout: { isVideoExtendError: true, isError: true, name: "VideoExtendError", code: "timeout", field: undefined },
    retry: { result: "completed", statuses: [429, 200] },
    webhook: {
      signed: true,
      verified: `completed ${LEGNEXT_JOB}:completed`,
      forged: { isVideoExtendError: true, isError: true, name: "VideoExtendError", code: "invalid_webhook", field: undefined },
      sameErrorClass: true,
    },
  };
}
