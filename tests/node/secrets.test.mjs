// No secret in anything the SDK hands back. Every path is exercised with a distinctive API key
// and webhook secret (the emulator is started accepting that key): successes, every emulator
// fault, wrong keys, a provider that echoes both secrets back in headers, bodies and messages,
// a fetch that throws with them in its message, validation errors, webhooks, signed URLs,
// progress reports and the CLI. Every Task, VideoExtendError, progress report and CLI output is
// collected and rendered every way a caller could log it; none may contain either secret.
//
// Not counted: the emulator's request log (/__emulator/requests) stores raw request bodies on
// purpose, so APIFrame's webhook_secret (which the SDK must send) is in it. That is the
// emulator's introspection, not SDK output.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { inspect } from "node:util";
import { join } from "node:path";
import { Client, fetchTask, VideoExtendError } from "video-extend";
import { parseWebhook, signCallbackUrl } from "video-extend/webhooks";
import { startEmulator, root, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

const KEY = "sk-secrets-suite-7d41a0e9";
const WRONG_KEY = "sk-secrets-wrong-5c3f1b27";
const WHSEC = "whsec-secrets-suite-2b9e64";
const SECRETS = [KEY, WRONG_KEY, WHSEC];
const FAULTS = ["rate_limited", "server_error", "bad_gateway", "unavailable", "forbidden", "slow", "hang", "reset_before", "reset_after", "malformed_json", "html_error", "wrong_content_type", "huge_body"];

let emu;
before(async () => {
  emu = await startEmulator(["--api-key", KEY, "--job-seconds", "0.5"]);
});
after(async () => emu && (await emu.stop()));

const items = [];
/** Every way a value could end up in a log: JSON, inspect, String, the stack, each own property. */
function renderings(v) {
  const out = [];
  const push = (f) => {
    try {
      out.push(String(f()));
    } catch {}
  };
  push(() => JSON.stringify(v));
  push(() => inspect(v, { depth: Infinity, showHidden: true, getters: true }));
  push(() => String(v));
  if (v instanceof Error) {
    push(() => v.stack);
    push(() => v.message);
    for (const k of Reflect.ownKeys(v)) push(() => JSON.stringify(v[k]));
  }
  return out.join("\n");
}
function collect(label, v) {
  items.push({ label, text: renderings(v) });
  return v;
}
async function outcome(label, promise) {
  try {
    return collect(label, await promise);
  } catch (e) {
    assert.ok(e instanceof VideoExtendError, `${label}: ${e}`);
    return collect(label, e);
  }
}

const legnext = (extra = {}) => new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url, timeout: 2000, ...extra });
const apiframe = (extra = {}) => new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url, timeout: 2000, ...extra });
const hookRequest = { parentTaskId: APIFRAME_TASK, prompt: "go", webhookUrl: "http://127.0.0.1:9/hook", webhookSecret: WHSEC };
const progress = (label) => ({ pollInterval: 500, onProgress: (r) => collect(`${label} progress`, r) });

test("successes, waits, chains, many reads and progress reports carry no secret", async () => {
  const t = await outcome("legnext extend", legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, callback: "http://127.0.0.1:9/cb" }));
  await outcome("legnext fetch", legnext().fetchTask(t.id));
  await outcome("legnext wait", legnext().waitForTask(t.id, progress("legnext wait")));
  const a = await outcome("apiframe extend with webhookSecret", apiframe().extendVideo(hookRequest));
  await outcome("apiframe wait", apiframe().waitForTask(a.id, progress("apiframe wait")));
  await outcome("apiframe extendAndWait", apiframe().extendAndWait(hookRequest, progress("apiframe extendAndWait")));
  await outcome("legnext chain", legnext().extendChain({ jobId: LEGNEXT_JOB, videoNo: 0, prompts: ["a", "b"] }, progress("legnext chain")));
  await outcome("apiframe chain", apiframe().extendChain({ parentTaskId: APIFRAME_TASK, prompts: ["a", "b [fail]"], webhookUrl: "http://127.0.0.1:9/h", webhookSecret: WHSEC }, progress("apiframe chain")));
  await outcome("legnext failed task", legnext().extendAndWait({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "[fail]" }, progress("legnext failed")));
  for (const [label, c, ids] of [["apiframe many", apiframe(), [APIFRAME_TASK, a.id, "missing"]], ["legnext many", legnext(), [LEGNEXT_JOB, t.id, "missing"]]]) {
    const settled = await outcome(label, c.fetchTasks(ids));
    for (const s of settled) collect(`${label} item`, s.value ?? s.reason);
  }
});

test("every emulator fault on every call, and wrong keys", async () => {
  for (const fault of FAULTS) {
    for (const [match, label, call] of [
      ["POST /api/v1/extend-video", "legnext extend", () => legnext({ timeout: 400 }).extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 })],
      ["GET /api/v1/job/", "legnext fetch", () => legnext({ timeout: 400, maxRetries: 0 }).fetchTask(LEGNEXT_JOB)],
      ["POST /luma-extend", "apiframe extend", () => apiframe({ timeout: 400 }).extendVideo(hookRequest)],
      ["POST /fetch", "apiframe fetch", () => apiframe({ timeout: 400, maxRetries: 0 }).fetchTask(APIFRAME_TASK)],
    ]) {
      await emu.reset();
      await emu.fault(match, fault, 1, { delayMs: 100 });
      await outcome(`${fault} on ${label}`, call());
    }
  }
  await emu.clearFaults();
  for (const provider of ["legnext", "apiframe"]) {
    const c = new Client({ provider, apiKey: WRONG_KEY, baseURL: emu.url });
    await outcome(`${provider} wrong key fetch`, c.fetchTask(provider === "legnext" ? LEGNEXT_JOB : APIFRAME_TASK));
    await outcome(`${provider} wrong key extend`, provider === "legnext" ? c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }) : c.extendVideo(hookRequest));
    await outcome(`${provider} wrong key standalone`, fetchTask({ provider, apiKey: WRONG_KEY, baseURL: emu.url }, "x"));
  }
});

/**
 * A provider that echoes the key, and the webhook secret when the call sent one, back everywhere
 * it can. (A secret the call never carried can only be removed by field name, e.g.
 * `webhook_secret`: it is also planted there.)
 */
function echoingFetch(status, shape) {
  return async (url, init) => {
    const sent = init.body?.includes(WHSEC) ? WHSEC : "";
    const echo = `key ${KEY} secret ${sent} auth ${init.headers["x-api-key"] ?? init.headers.authorization}`;
    const body =
      shape === "legnext"
        ? { job_id: `${LEGNEXT_JOB}`, status: status === 200 ? "failed" : "failed", error: { code: status, message: echo, raw_message: echo }, config: { webhook_config: { secret: WHSEC, endpoint: echo } }, output: { video_urls: [`https://cdn.example/${KEY}.mp4`] }, [`k-${KEY}`]: sent, apiKey: KEY }
        : { task_id: "t1", status: "failed", message: echo, errors: [{ msg: echo }], webhook_secret: WHSEC, video_url: `https://cdn.example/${sent}.mp4`, [`k-${sent}`]: KEY };
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-request-id": `req-${KEY}-${sent}`, "retry-after-ms": "1" } });
  };
}

test("a provider echoing the key and secret back, and a fetch that throws with them", async () => {
  for (const status of [200, 400, 401, 403, 404, 409, 429, 500, 503]) {
    for (const provider of ["legnext", "apiframe"]) {
      const c = new Client({ provider, apiKey: KEY, fetch: echoingFetch(status, provider), maxRetries: 1 });
      const req = provider === "legnext" ? { jobId: LEGNEXT_JOB, videoNo: 0 } : hookRequest;
      await outcome(`${provider} echo ${status} extend`, c.extendVideo(req));
      await outcome(`${provider} echo ${status} fetch`, c.fetchTask(provider === "legnext" ? LEGNEXT_JOB : "t1"));
      await outcome(`${provider} echo ${status} wait`, c.waitForTask(provider === "legnext" ? LEGNEXT_JOB : "t1", { pollInterval: 500, timeout: 3000 }));
    }
  }
  const throwing = async (url, init) => {
    const e = new Error(`connect failed with ${init.headers["x-api-key"] ?? init.headers.authorization} and ${init.body}`);
    e.cause = { code: `E_${KEY}` };
    throw e;
  };
  for (const provider of ["legnext", "apiframe"]) {
    const c = new Client({ provider, apiKey: KEY, fetch: throwing, maxRetries: 0 });
    const req = provider === "legnext" ? { jobId: LEGNEXT_JOB, videoNo: 0 } : hookRequest;
    await outcome(`${provider} throwing fetch extend`, c.extendVideo(req));
    await outcome(`${provider} throwing fetch fetch`, c.fetchTask("t1"));
    await outcome(`${provider} throwing fetch chain`, c.extendChain(provider === "legnext" ? { jobId: LEGNEXT_JOB, videoNo: 0, prompts: ["a"] } : { parentTaskId: APIFRAME_TASK, prompts: ["a"], webhookUrl: "https://a.example/h", webhookSecret: WHSEC }));
  }
});

test("validation errors never quote a secret, wherever it was put", async () => {
  const throws = (label, f) => {
    try {
      collect(label, f());
    } catch (e) {
      assert.ok(e instanceof VideoExtendError, `${label}: ${e}`);
      collect(label, e);
    }
  };
  throws("apiKey with a typo'd option", () => new Client({ provider: "legnext", api_key: KEY }));
  throws("apiKey as an array", () => new Client({ provider: "legnext", apiKey: [KEY] }));
  throws("apiKey as a boxed string", () => new Client({ provider: "legnext", apiKey: new String(KEY) }));
  throws("apiKey and a bad provider", () => new Client({ provider: KEY.slice(0, 5), apiKey: KEY }));
  throws("apiKey and a bad baseURL", () => new Client({ provider: "legnext", apiKey: KEY, baseURL: "http://api.example" }));
  const c = apiframe();
  await outcome("webhookSecret without webhookUrl", c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "p", webhookSecret: WHSEC }));
  await outcome("webhookSecret as a number key typo", c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "p", webhook_secret: WHSEC }));
  await outcome("webhookSecret not a string", c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "p", webhookUrl: "https://a.example/h", webhookSecret: [WHSEC] }));
  await outcome("webhookSecret in extraBody", c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "p", extraBody: { webhook_secret: WHSEC } }));
  await outcome("chain with the secret but no url", c.extendChain({ parentTaskId: APIFRAME_TASK, prompts: ["a"], webhookSecret: WHSEC }));
  throws("sign with an unusable url", () => signCallbackUrl("ftp://x", { secret: WHSEC }));
  throws("sign with a bad expiry", () => signCallbackUrl("https://a.example/h", { secret: WHSEC, expiresIn: -1 }));
  throws("sign with an unknown option", () => signCallbackUrl("https://a.example/h", { secret: WHSEC, secrte: WHSEC }));
  throws("sign a signed url", () => signCallbackUrl(signCallbackUrl("https://a.example/h", { secret: WHSEC }), { secret: WHSEC }));
});

test("webhooks: wrong, right and echoed secrets", async () => {
  const body = JSON.stringify({ task_id: "t1", status: "failed", message: `echo ${WHSEC}`, webhook_secret: WHSEC });
  const hook = async (label, input, options) => outcome(label, parseWebhook(input, options));
  await hook("apiframe right secret, echoing body", { body, headers: { "x-webhook-secret": WHSEC } }, { provider: "apiframe", secret: WHSEC });
  await hook("apiframe wrong secret", { body, headers: { "x-webhook-secret": WRONG_KEY } }, { provider: "apiframe", secret: WHSEC });
  await hook("apiframe header is the secret, body not a task", { body: `not json ${WHSEC}`, headers: { "x-webhook-secret": WHSEC } }, { provider: "apiframe", secret: WHSEC });
  await hook("apiframe body too big", { body: WHSEC.repeat(50_000), headers: { "x-webhook-secret": WHSEC } }, { provider: "apiframe", secret: WHSEC });
  await hook("unknown option", { body, headers: {} }, { provider: "apiframe", secret: WHSEC, secrte: WHSEC });
  const signed = signCallbackUrl("https://a.example/h", { secret: WHSEC });
  collect("signed url", signed);
  const lbody = JSON.stringify({ job_id: LEGNEXT_JOB, status: "failed", error: { code: 1, message: `echo ${WHSEC}` } });
  await hook("legnext signed, echoing body", new Request(signed, { method: "POST", body: lbody }), { provider: "legnext", secret: WHSEC });
  await hook("legnext other secret", new Request(signed, { method: "POST", body: lbody }), { provider: "legnext", secret: WRONG_KEY });
  await hook("legnext unsigned", new Request("https://a.example/h", { method: "POST", body: lbody }), { provider: "legnext", secret: WHSEC });
});

function cli(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, "pkg", "cli.mjs"), ...args], { env: { ...process.env, CI: "1", ...env } });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve(`exit ${code}\n${out}`));
  });
}

test("the CLI prints no secret, whatever happens", async () => {
  const base = ["--base-url", emu.url];
  const runs = [
    [["status", LEGNEXT_JOB, "--provider", "legnext", ...base, "--api-key", KEY, "--json"]],
    [["status", LEGNEXT_JOB, "--provider", "legnext", ...base, "--api-key", WRONG_KEY]],
    [["status", LEGNEXT_JOB, "--provider", "legnext", ...base], { LEGNEXT_API_KEY: KEY }],
    [["extend", "--provider", "apiframe", "--parent-task-id", APIFRAME_TASK, "--prompt", "p", "--webhook-url", "http://127.0.0.1:9/h", "--webhook-secret", WHSEC, "--wait", "--poll-interval", "500", "--json", ...base, "--api-key", KEY]],
    [["extend", "--provider", "apiframe", "--parent-task-id", APIFRAME_TASK, "--prompt", "p", "--webhook-secret", WHSEC, ...base, "--api-key", KEY]],
    [["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "9", ...base, "--api-key", KEY]],
    [["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "0", "--prompt", "[fail]", "--wait", "--poll-interval", "500", ...base, "--api-key", KEY]],
    [["status", "x", "--provider", "legnext", "--base-url", "http://127.0.0.1:1", "--api-key", KEY]],
    [["frobnicate", "--api-key", KEY]],
  ];
  for (const [args, env] of runs) collect(`cli ${args.slice(0, 2).join(" ")}`, await cli(args, env));
});

test("none of the collected outputs contains a secret", () => {
  assert.ok(items.length > 150, `only ${items.length} items collected`);
  const leaks = items.filter(({ text }) => SECRETS.some((s) => text.includes(s)));
  assert.deepEqual(leaks.map((l) => l.label), [], `leaked in: ${leaks.map((l) => `${l.label}: ${l.text.slice(0, 300)}`).join("\n")}`);
  console.log(`# secrets: ${items.length} outputs checked (tasks, errors, progress reports, webhooks, CLI runs), 0 contain the key or a secret`);
});
