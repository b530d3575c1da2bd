// The built package in Node against the real emulator: the bytes that cross the wire, the Task
// that comes back, and the error code of every failure path.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Client, extendVideo, fetchTask, VideoExtendError, version } from "video-extend";
import { shortName } from "../../scripts/wasm-names.mjs";
import { startEmulator, received, rejection, sleep, KEY, LEGNEXT_JOB, LEGNEXT_DEPTH4, APIFRAME_TASK, root } from "./helpers/emulator.mjs";

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => emu && (await emu.stop()));
beforeEach(async () => emu.reset());

const legnext = (extra = {}) => new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url, ...extra });
const apiframe = (extra = {}) => new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url, ...extra });

/** Wraps the global fetch to record exactly what the SDK hands it. */
function spyFetch() {
  const calls = [];
  const f = async (url, init) => {
    calls.push({ url, method: init.method, headers: { ...init.headers }, body: init.body });
    return fetch(url, init);
  };
  return { f, calls };
}

test("legnext extendVideo sends the documented request and returns a pending Task", async () => {
  const spy = spyFetch();
  const task = await legnext({ fetch: spy.f }).extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "Continue with more dynamic movement" });
  assert.equal(spy.calls.length, 1);
  const call = spy.calls[0];
  assert.equal(call.url, `${emu.url}/api/v1/extend-video`);
  assert.equal(call.method, "POST");
  assert.equal(call.headers["x-api-key"], KEY);
  assert.equal(call.headers["content-type"], "application/json");
  assert.equal(call.headers["x-video-extend-client"], version());
  assert.equal(call.headers.authorization, undefined);
  const [req] = await received(emu, "POST", "/api/v1/extend-video");
  assert.deepEqual(JSON.parse(req.body), { jobId: LEGNEXT_JOB, videoNo: 0, prompt: "Continue with more dynamic movement" });
  assert.equal(req.body, `{"jobId":"${LEGNEXT_JOB}","videoNo":0,"prompt":"Continue with more dynamic movement"}`, "the exact bytes, in the documented field order");
  assert.equal(req.headers["x-api-key"], "[redacted]", "the emulator saw the key header");
  assert.equal(req.status, 200);
  assert.equal(task.provider, "legnext");
  assert.match(task.id, /^[0-9a-f-]{36}$/);
  assert.ok(["pending", "processing"].includes(task.status));
  assert.deepEqual(task.videoUrls, []);
  assert.equal(task.createdAt !== undefined, true);
  assert.equal(task.endedAt, undefined, "0001-01-01 timestamps are absent");
  assert.equal(task.raw.job_id, task.id);
});

test("legnext fetchTask follows a job to completed with 4 playable video URLs", async () => {
  const c = legnext();
  const created = await c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 2 });
  await sleep(1300);
  const done = await c.fetchTask(created.id);
  assert.equal(done.status, "completed");
  assert.equal(done.providerStatus, "completed");
  assert.equal(done.progress, 100);
  assert.equal(done.videoUrls.length, 4);
  assert.ok(done.seed);
  assert.deepEqual(done.usage, { unit: "point", frozen: 480, consumed: 480 });
  assert.ok(done.startedAt && done.endedAt);
  const video = await fetch(done.videoUrls[0]);
  assert.equal(video.headers.get("content-type"), "video/mp4");
  const bytes = new Uint8Array(await video.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.slice(4, 8)), "ftyp");
  const [get] = await received(emu, "GET", `/api/v1/job/${created.id}`);
  assert.equal(get.body, "", "GET carries no body");
});

test("apiframe sends snake_case with the bare key and absent optionals absent", async () => {
  const spy = spyFetch();
  const c = apiframe({ fetch: spy.f });
  const task = await c.extendVideo({
    parentTaskId: APIFRAME_TASK,
    prompt: "A colossal mech",
    aspectRatio: "16:9",
    enhancePrompt: false,
    webhookUrl: "http://127.0.0.1:9/hook",
    webhookSecret: "whsec-node-test-1",
    extraBody: { seed: 7 },
  });
  assert.equal(spy.calls[0].headers.authorization, KEY, "bare key, no Bearer");
  assert.equal(spy.calls[0].headers["x-api-key"], undefined);
  const [req] = await received(emu, "POST", "/luma-extend");
  assert.deepEqual(JSON.parse(req.body), {
    parent_task_id: APIFRAME_TASK,
    prompt: "A colossal mech",
    aspect_ratio: "16:9",
    enhance_prompt: false,
    webhook_url: "http://127.0.0.1:9/hook",
    webhook_secret: "whsec-node-test-1",
    seed: 7,
  });
  assert.equal(
    req.body,
    `{"parent_task_id":"${APIFRAME_TASK}","prompt":"A colossal mech","enhance_prompt":false,"aspect_ratio":"16:9","webhook_url":"http://127.0.0.1:9/hook","webhook_secret":"whsec-node-test-1","seed":7}`,
    "the exact bytes: the wire fields in the SDK's order, then extraBody's",
  );
  assert.equal(task.status, "pending");
  assert.deepEqual(task.raw, { task_id: task.id });

  await c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "minimal" });
  const minimal = (await received(emu, "POST", "/luma-extend"))[1];
  assert.deepEqual(JSON.parse(minimal.body), { parent_task_id: APIFRAME_TASK, prompt: "minimal" });

  const running = await c.fetchTask(task.id);
  const [fetchReq] = await received(emu, "POST", "/fetch");
  assert.deepEqual(JSON.parse(fetchReq.body), { task_id: task.id });
  assert.equal(fetchReq.body, `{"task_id":"${task.id}"}`);
  assert.ok(["pending", "processing"].includes(running.status));
  assert.equal(typeof running.progress === "number" || running.progress === undefined, true);
  await sleep(1300);
  const done = await c.fetchTask(task.id);
  assert.equal(done.status, "completed");
  assert.equal(done.providerStatus, undefined, "the finished shape has no status");
  assert.equal(done.videoUrls.length, 1);
  assert.match(done.videoUrls[0], /\.mp4$/);
});

test("the standalone functions take the client options first", async () => {
  const opts = { provider: "legnext", apiKey: KEY, baseURL: emu.url };
  const t = await extendVideo(opts, { jobId: LEGNEXT_JOB, videoNo: 1 });
  const again = await fetchTask(opts, t.id);
  assert.equal(again.id, t.id);
  const a = await fetchTask({ provider: "apiframe", apiKey: KEY, baseURL: emu.url }, APIFRAME_TASK);
  assert.equal(a.status, "completed");
});

test("invalid input rejects before any request, naming the field", async () => {
  const cases = [
    [legnext(), { jobId: LEGNEXT_JOB, videoNo: 1.5 }, "videoNo", /integer from 0 to 3, got 1\.5/],
    [legnext(), { jobId: LEGNEXT_JOB, videoNo: "1" }, "videoNo", /got "1"/],
    [legnext(), { jobId: LEGNEXT_JOB, videoNo: NaN }, "videoNo", /NaN/],
    [legnext(), { jobId: "nope", videoNo: 0 }, "jobId", /UUID/],
    [legnext(), { jobId: LEGNEXT_JOB, videoNo: 0, prompt: "x".repeat(8193) }, "prompt", /8192/],
    [legnext(), { jobId: LEGNEXT_JOB, videoNo: 0, aspectRatio: "16:9" }, "aspectRatio", /APIFrame/],
    [apiframe(), { parent_task_id: "x", prompt: "p" }, "parent_task_id", /did you mean parentTaskId\?/],
    [apiframe(), { parentTaskId: "x", prompt: "   " }, "prompt", /blank/],
    [apiframe(), { parentTaskId: "x", prompt: "p", webhookSecret: "s3cr3t-value" }, "webhookSecret", /webhookUrl/],
    [apiframe(), { parentTaskId: "x", prompt: "p", enhancePrompt: "yes" }, "enhancePrompt", /boolean/],
    [legnext(), null, "request", /object/],
  ];
  for (const [client, req, field, message] of cases) {
    const e = await rejection(client.extendVideo(req));
    assert.ok(e instanceof VideoExtendError, `${field}: instanceof`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "VideoExtendError");
    assert.equal(e.code, "invalid_request", field);
    assert.equal(e.field, field);
    assert.match(e.message, message);
    assert.equal(e.retryable, false);
  }
  // emoji count as one character each: 8192 of them are fine
  await legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "😀".repeat(8192) });
  assert.equal((await received(emu, "POST", "/api/v1/extend-video")).length, 1, "only the valid call was sent");
});

test("client options are validated in the constructor", () => {
  const bad = [
    [{ provider: "runway", apiKey: KEY }, "provider"],
    [{ provider: "legnext" }, "apiKey"],
    [{ provider: "legnext", apiKey: "  " }, "apiKey"],
    [{ provider: "legnext", apiKey: KEY, baseURL: "http://api.example.com" }, "baseURL"],
    [{ provider: "legnext", apiKey: KEY, timeout: -1 }, "timeout"],
    [{ provider: "legnext", apiKey: KEY, maxRetries: 1.5 }, "maxRetries"],
    [{ provider: "legnext", apiKey: KEY, fetch: "fetch" }, "fetch"],
    [{ provider: "legnext", apiKey: KEY, baseUrl: "https://x.example" }, "baseUrl"],
  ];
  for (const [opts, field] of bad) {
    assert.throws(() => new Client(opts), (e) => e instanceof VideoExtendError && e.code === "invalid_request" && e.field === field, field);
  }
  assert.equal(new Client({ provider: "apiframe", apiKey: KEY }).provider, "apiframe");
});

test("provider errors map to stable codes", async () => {
  const wrongKey = new Client({ provider: "legnext", apiKey: "wrong-key-123", baseURL: emu.url });
  let e = await rejection(wrongKey.fetchTask(LEGNEXT_JOB));
  assert.deepEqual([e.code, e.status, e.retryable], ["authentication", 401, false]);
  assert.ok(!e.message.includes("wrong-key-123"));
  assert.match(e.requestId, /^req_/);

  e = await rejection(new Client({ provider: "apiframe", apiKey: "wrong-key-123", baseURL: emu.url }).fetchTask("t1"));
  assert.deepEqual([e.code, e.status], ["authentication", 401]);

  e = await rejection(legnext().fetchTask("00000000-0000-4000-8000-000000000000"));
  assert.deepEqual([e.code, e.status], ["not_found", 404]);

  e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_DEPTH4, videoNo: 0 }));
  assert.deepEqual([e.code, e.status, e.ambiguous], ["invalid_request", 400, false]);
  assert.match(e.providerMessage, /4/);

  e = await rejection(apiframe().extendVideo({ parentTaskId: "no-such-parent", prompt: "p" }));
  assert.deepEqual([e.code, e.status], ["not_found", 404]);
  assert.equal(e.providerMessage, "parent task not found");

  await emu.fault("POST /api/v1/extend-video", "forbidden");
  e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }));
  assert.deepEqual([e.code, e.status], ["permission", 403]);
});

test("reads retry 429/5xx and honour Retry-After; a create is never sent twice after a 5xx", async () => {
  await emu.fault("GET /api/v1/job", "rate_limited");
  await emu.fault("GET /api/v1/job", "server_error");
  const t = await legnext().fetchTask(LEGNEXT_JOB);
  assert.equal(t.status, "completed");
  assert.equal((await received(emu, "GET", "/api/v1/job")).length, 3);

  await emu.fault("POST /api/v1/extend-video", "server_error");
  const e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }));
  assert.deepEqual([e.code, e.status, e.retryable, e.ambiguous], ["provider_error", 500, false, true]);
  assert.match(e.message, /not retried/);
  assert.equal((await received(emu, "POST", "/api/v1/extend-video")).length, 1);

  await emu.reset();
  await emu.fault("POST /luma-extend", "rate_limited");
  const ok = await apiframe().extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "p" });
  assert.equal(ok.status, "pending");
  assert.equal((await received(emu, "POST", "/luma-extend")).length, 2, "429 on create is retried");
  assert.equal((await emu.jobs()).filter((j) => !j.seeded).length, 1, "one job created");
});

test("unreadable bodies, resets, hangs, timeouts and aborts", async () => {
  await emu.fault("POST /fetch", "malformed_json", 5);
  let e = await rejection(apiframe({ maxRetries: 0 }).fetchTask(APIFRAME_TASK));
  assert.deepEqual([e.code, e.status], ["invalid_response", 200]);

  await emu.clearFaults();
  await emu.fault("POST /api/v1/extend-video", "malformed_json");
  e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }));
  assert.deepEqual([e.code, e.ambiguous, e.retryable], ["invalid_response", true, false]);

  await emu.fault("POST /api/v1/extend-video", "html_error");
  e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }));
  assert.deepEqual([e.code, e.status, e.ambiguous], ["provider_error", 502, true]);

  await emu.fault("POST /api/v1/extend-video", "reset_after");
  e = await rejection(legnext().extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }));
  assert.deepEqual([e.code, e.ambiguous, e.retryable], ["network", true, false]);

  await emu.fault("GET /api/v1/job", "hang");
  e = await rejection(legnext({ maxRetries: 0 }).fetchTask(LEGNEXT_JOB, { timeout: 300 }));
  assert.deepEqual([e.code, e.retryable], ["timeout", true]);
  assert.match(e.message, /300 ms/);

  await emu.fault("GET /api/v1/job", "slow", 1, { delayMs: 2000 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  e = await rejection(legnext().fetchTask(LEGNEXT_JOB, { signal: ac.signal }));
  assert.equal(e.code, "aborted");

  const pre = new AbortController();
  pre.abort();
  const before = (await emu.requests()).length;
  e = await rejection(legnext().fetchTask(LEGNEXT_JOB, { signal: pre.signal }));
  assert.equal(e.code, "aborted");
  assert.equal((await emu.requests()).length, before, "an aborted signal sends nothing");

  e = await rejection(legnext().fetchTask(LEGNEXT_JOB, { signal: "no" }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "signal"]);
});

test("a closed port is a network error", async () => {
  const c = new Client({ provider: "legnext", apiKey: KEY, baseURL: "http://127.0.0.1:9", maxRetries: 0 });
  const e = await rejection(c.fetchTask(LEGNEXT_JOB));
  assert.equal(e.code, "network");
  assert.equal(e.status, undefined);
});

test("garbage never breaks the module; the next valid call works", async () => {
  const junk = [undefined, null, 0, -0, NaN, Infinity, "", [], [1, , 3], () => 1, Symbol("s"), 10n, new Date(), new Map(),
    Object.create(null), { get jobId() { throw new Error("boom"); } }, new Proxy({}, { ownKeys() { throw new Error("trap"); } })];
  const c = legnext();
  for (const j of junk) {
    const e1 = await rejection(c.extendVideo(j));
    assert.ok(e1 instanceof VideoExtendError, String(typeof j));
    const e2 = await rejection(c.fetchTask(j));
    assert.ok(e2 instanceof VideoExtendError);
    assert.throws(() => new Client(j), VideoExtendError);
  }
  const cyclic = { a: 1 };
  cyclic.self = cyclic;
  const e = await rejection(c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, extraBody: cyclic }));
  assert.equal(e.code, "invalid_request");
  assert.equal(Object.prototype.polluted, undefined);
  const ok = await c.fetchTask(LEGNEXT_JOB);
  assert.equal(ok.status, "completed");
});

test("the API key never appears in errors", async () => {
  const secret = "sk-live-never-print-me-42";
  const c = new Client({ provider: "legnext", apiKey: secret, baseURL: emu.url });
  const errors = [
    await rejection(c.fetchTask(LEGNEXT_JOB)),
    await rejection(c.extendVideo({ jobId: secret, videoNo: 0 })),
    await rejection(c.fetchTask(secret)),
  ];
  for (const e of errors) {
    const text = JSON.stringify({ ...e, message: e.message, stack: e.stack });
    assert.ok(!text.includes(secret), text);
  }
});

test("require() works from CommonJS with no init call", () => {
  const out = execFileSync(process.execPath, ["-e", `
    const m = require("video-extend");
    const ok = typeof m.Client === "function" && typeof m.extendVideo === "function" && typeof m.VideoExtendError === "function";
    try { new m.Client({ provider: "x" }); } catch (e) { console.log(ok && e instanceof m.VideoExtendError && e.code); }
  `], { cwd: root, encoding: "utf8" });
  assert.equal(out.trim(), "invalid_request");
});

test("the exports keep their names in the minified glue (Client.name, stack frames)", async () => {
  const pkg = await import("video-extend");
  assert.equal(Client.name, "Client");
  for (const name of ["extendVideo", "fetchTask", "waitForTask", "version"]) {
    assert.equal(pkg[name].name, name);
  }
  const hooks = await import("video-extend/webhooks");
  for (const name of ["parseWebhook", "signCallbackUrl"]) assert.equal(hooks[name].name, name);
  assert.equal(VideoExtendError.name, "VideoExtendError");
  const e = await rejection(new Client({ provider: "legnext", apiKey: KEY }).fetchTask("nope"));
  assert.match(e.stack, /VideoExtendError/);
});

test("the wasm's import and export names are the short ones the build gives (scripts/wasm-names.mjs)", () => {
  const module = new WebAssembly.Module(readFileSync(join(root, "pkg", "video_extend_bg.wasm")));
  const imports = WebAssembly.Module.imports(module);
  const exports = WebAssembly.Module.exports(module);
  assert.ok(imports.length > 30 && exports.length > 10, "the module imports and exports what the glue needs");
  assert.deepEqual([...new Set(imports.map((i) => i.module))], ["a"]);
  for (const { name } of [...imports, ...exports]) assert.match(name, /^[A-Za-z]{1,2}$/);
  assert.equal(shortName(0), "a");
  assert.equal(shortName(51), "Z");
  assert.equal(shortName(52), "aa");
  assert.equal(shortName(52 + 52 * 52 - 1), "ZZ");
  assert.equal(new Set(Array.from({ length: 3000 }, (_, i) => shortName(i))).size, 3000);
});
