// Hostile inputs, property-based (fast-check, seeded, bounded): every export of the package fed
// arbitrary JS values (wrong types, odd and huge Unicode, NaN/±Infinity/-0, sparse and huge
// arrays, throwing getters, throwing and revoked Proxies, prototype-pollution keys, deep, wide
// and cyclic objects). Every outcome must be a result or a VideoExtendError: never a wasm trap,
// never another error type, never a synchronous throw from a Promise-returning call, never a
// changed built-in prototype, and the next valid call must still work. No network: the `fetch`
// option is a stub that answers like the providers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  Client,
  extendVideo,
  fetchTask,
  waitForTask,
  version,
  VideoExtendError,
} from "video-extend";
import { parseWebhook, signCallbackUrl } from "video-extend/webhooks";
import { root, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

const SEED = Number(process.env.HOSTILE_SEED ?? 20261121);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
const KEY = "sk-hostile-key-0c1d2e";
const SECRET = "whsec-hostile-4b5a69";
const fixture = (p) => JSON.parse(readFileSync(join(root, "tests", "fixtures", p), "utf8"));

// ---------------------------------------------------------------- the fetch stub (no network)

let stubCalls = 0;
/** Answers like the providers: every task is completed, so waits and chains end at once. */
async function stubFetch(url, init) {
  stubCalls++;
  const path = new URL(url).pathname;
  const json = (body, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "x-request-id": "req_stub" } });
  const legnext = (id) => ({ ...fixture("legnext/completed.json"), job_id: id });
  const apiframe = (id) => ({ ...fixture("apiframe/finished.json"), task_id: id });
  if (path === "/api/v1/extend-video") return json(legnext(crypto.randomUUID()));
  if (path.startsWith("/api/v1/job/")) return json(legnext(decodeURIComponent(path.slice("/api/v1/job/".length))));
  if (path === "/luma-extend") return json(apiframe(crypto.randomUUID()));
  if (path === "/fetch") return json(apiframe(JSON.parse(init.body).task_id));
  if (path === "/fetch-many") return json({ tasks: JSON.parse(init.body).task_ids.map(apiframe) });
  return json({}, 404);
}

const legnextOptions = () => ({ provider: "legnext", apiKey: KEY, fetch: stubFetch, maxRetries: 0 });
const apiframeOptions = () => ({ provider: "apiframe", apiKey: KEY, fetch: stubFetch, maxRetries: 0 });

// ---------------------------------------------------------------- hostile values

function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
const thrower = (what) => () => {
  throw new Error(`hostile ${what}`);
};
/** A Proxy whose every trap throws (with an Error, a string, or a Symbol). */
function trapAll(target, thrown) {
  const t = () => {
    throw thrown;
  };
  return new Proxy(target, {
    get: t, set: t, has: t, ownKeys: t, getOwnPropertyDescriptor: t, getPrototypeOf: t,
    defineProperty: t, deleteProperty: t, apply: t, construct: t, isExtensible: t,
  });
}
function wideCycle(width) {
  const o = {};
  for (let i = 0; i < width; i++) o[`k${i}`] = o;
  return o;
}
function shared(levels) {
  let v = 1;
  for (let i = 0; i < levels; i++) v = { a: v, b: v, c: [v, v] };
  return v;
}
function nested(levels, make) {
  let v = "leaf";
  for (let i = 0; i < levels; i++) v = make(v);
  return v;
}
function hugeSparse() {
  const a = [];
  a.length = 2 ** 32 - 1;
  return a;
}

/** Fresh hostile values (factories, since some are single-use: revoked proxies, read bodies). */
const SPECIALS = {
  nan: () => NaN,
  inf: () => Infinity,
  ninf: () => -Infinity,
  negzero: () => -0,
  maxnum: () => Number.MAX_VALUE,
  unsafe: () => 2 ** 53 + 1,
  loneHigh: () => "\uD800",
  loneLow: () => "a\uDC00b",
  huge: () => "x".repeat(100_000),
  emoji: () => "😀".repeat(9000),
  nul: () => "\u0000",
  nuls: () => "a\u0000b\u0000",
  rtl: () => "\u202e\u200b\ufeff",
  empty: () => "",
  blank: () => " \t\n ",
  protoWord: () => "__proto__",
  ctorWord: () => "constructor",
  symbol: () => Symbol("hostile"),
  bigint: () => 10n ** 30n,
  fn: () => () => 1,
  asyncFn: () => async () => 1,
  klass: () => class Hostile {},
  date: () => new Date(NaN),
  map: () => new Map([["provider", "legnext"]]),
  set: () => new Set([1]),
  regexp: () => /x/g,
  typed: () => new Uint8Array([1, 2, 3]),
  buffer: () => new ArrayBuffer(8),
  promise: () => Promise.resolve({ provider: "legnext" }),
  error: () => new Error("an error as a value"),
  boxed: () => new String("legnext"),
  nullProto: () => Object.assign(Object.create(null), { provider: "legnext", apiKey: KEY }),
  instance: () => new (class Opts { constructor() { this.provider = "legnext"; this.apiKey = KEY; } })(),
  sparse: () => [, , "x", ,],
  lengthOnly: () => Object.assign([], { length: 5 }),
  hugeSparse,
  getterThrows: () => ({ get provider() { throw new Error("getter"); }, apiKey: KEY }),
  getterThrowsString: () => ({ get jobId() { throw "a thrown string"; } }),
  getterThrowsSymbol: () => Object.defineProperty({}, "apiKey", { get() { throw Symbol("s"); }, enumerable: true }),
  arrayGetterThrows: () => Object.defineProperty(["a", "b"], 1, { get: thrower("array item") }),
  lengthThrows: () => new Proxy([], { get: (t, k) => (k === "length" ? thrower("length")() : t[k]) }),
  proxyAll: () => trapAll({ provider: "legnext" }, new Error("trap")),
  proxyAllString: () => trapAll({}, "trap string"),
  proxyArray: () => trapAll(["a"], new TypeError("array trap")),
  proxyFn: () => trapAll(function f() {}, new Error("fn trap")),
  proxyOwnKeys: () => new Proxy({ a: 1 }, { ownKeys: thrower("ownKeys") }),
  proxyProto: () => new Proxy({}, { getPrototypeOf: thrower("getPrototypeOf") }),
  proxyGet: () => new Proxy({ provider: "legnext", apiKey: KEY }, { get: thrower("get") }),
  proxyDescriptor: () => new Proxy({ a: 1 }, { getOwnPropertyDescriptor: thrower("descriptor") }),
  proxyLies: () => new Proxy({}, { ownKeys: () => ["ghost"], getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }) }),
  revokedObject: () => revoked({}),
  revokedArray: () => revoked([]),
  revokedFn: () => revoked(() => 1),
  pollute: () => JSON.parse('{"__proto__": {"polluted": "yes"}, "provider": "legnext"}'),
  polluteCtor: () => ({ constructor: { prototype: { polluted: "yes" } } }),
  polluteNested: () => JSON.parse('{"extraBody": {"__proto__": {"polluted": "yes"}}, "jobId": "b24ffa07-7b76-49a2-963e-f6c527f7cec7", "videoNo": 0}'),
  protoKeyLiteral: () => ({ ["__proto__"]: { polluted: "yes" } }),
  deepArray: () => nested(10_000, (v) => [v]),
  deepObject: () => nested(10_000, (v) => ({ a: v })),
  cycle: () => {
    const o = { provider: "legnext" };
    o.self = o;
    return o;
  },
  cycleArray: () => {
    const a = [];
    a.push(a);
    return a;
  },
  wideCycle: () => wideCycle(4),
  sharedDag: () => shared(40),
  signalAborted: () => AbortSignal.abort(),
  signal: () => new AbortController().signal,
  fakeSignal: () => Object.create(AbortSignal.prototype),
  headers: () => new Headers({ "x-webhook-secret": SECRET }),
  fakeHeaders: () => Object.create(Headers.prototype),
  request: () => new Request("https://app.example/hook", { method: "POST", body: "{}" }),
  usedRequest: () => {
    const r = new Request("https://app.example/hook", { method: "POST", body: "{}" });
    r.text();
    return r;
  },
  fakeRequest: () => Object.create(Request.prototype),
  fakeResponse: () => Object.create(Response.prototype),
  responseBadJson: () => new Response("{\"job_id\": ", { status: 200 }),
  responseHeadersThrow: () => Object.defineProperty(new Response("{}"), "headers", { get: thrower("headers") }),
  arrayBufferLies: () => ({ body: undefined, headers: {}, arrayBuffer: () => Promise.resolve(1e12) }),
  arrayBufferThrows: () => ({ headers: {}, arrayBuffer: thrower("arrayBuffer") }),
  arrayBufferRevoked: () => ({ headers: {}, arrayBuffer: () => Promise.resolve(revoked({})) }),
  arrayBufferThenThrows: () => ({ headers: {}, arrayBuffer: () => trapAll(Promise.resolve(new ArrayBuffer(2)), new Error("then trap")) }),
};
const special = fc.constantFrom(...Object.keys(SPECIALS)).map((name) => ({ name, value: SPECIALS[name]() }));

const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: "binary",
});
const leaf = fc.oneof({ arbitrary: special, weight: 3 }, { arbitrary: anything.map((value) => ({ name: "fc.anything", value })), weight: 2 });

/** Valid objects for each argument slot; a hostile value replaces or adds one key. */
const BASES = {
  legnextRequest: () => ({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "go", callback: "https://app.example/h", extraBody: { a: 1 } }),
  apiframeRequest: () => ({ parentTaskId: APIFRAME_TASK, prompt: "go", aspectRatio: "16:9", enhancePrompt: true, webhookUrl: "https://app.example/h", webhookSecret: SECRET }),
  legnextChain: () => ({ jobId: LEGNEXT_JOB, videoNo: 0, prompts: ["a", undefined] }),
  apiframeChain: () => ({ parentTaskId: APIFRAME_TASK, prompts: ["a"] }),
  clientOptions: () => legnextOptions(),
  callOptions: () => ({ timeout: 1000, signal: new AbortController().signal }),
  waitOptions: () => ({ timeout: 5000, pollInterval: 500, onProgress: () => {} }),
  chainOptions: () => ({ pollInterval: 500, resumeFrom: { finishedTaskIds: [] } }),
  webhookInput: () => ({ body: JSON.stringify(fixture("apiframe/finished.json")), headers: { "x-webhook-secret": SECRET }, url: "https://app.example/h" }),
  webhookOptions: () => ({ provider: "apiframe", secret: SECRET }),
  signOptions: () => ({ secret: SECRET, expiresIn: 60 }),
};
const KEYS = fc.constantFrom(
  "provider", "apiKey", "baseURL", "timeout", "maxRetries", "fetch", "jobId", "videoNo", "prompt", "prompts",
  "callback", "extraBody", "parentTaskId", "aspectRatio", "enhancePrompt", "webhookUrl", "webhookSecret",
  "signal", "pollInterval", "onProgress", "resumeFrom", "body", "headers", "url", "secret", "expiresIn",
  "__proto__", "constructor", "toString", "",
);
/** One slot: a bare hostile value, or a valid object of some kind with one hostile key. */
const slot = fc.oneof(
  leaf,
  fc.record({ base: fc.constantFrom(...Object.keys(BASES)), key: KEYS, v: leaf }).map(({ base, key, v }) => {
    const value = BASES[base]();
    Object.defineProperty(value, key, { value: v.value, enumerable: true, configurable: true, writable: true });
    return { name: `${base} with ${JSON.stringify(key)} = ${v.name}`, value };
  }),
);
const validOrHostile = (kind) => fc.oneof({ arbitrary: slot, weight: 3 }, { arbitrary: fc.constant(kind).map((k) => ({ name: `valid ${k}`, value: BASES[k]() })), weight: 1 });

// ---------------------------------------------------------------- the checks

const PROTOS = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Promise: Promise.prototype, Error: Error.prototype };
const snapshot = () => Object.fromEntries(Object.entries(PROTOS).map(([k, p]) => [k, Reflect.ownKeys(p).map(String).sort().join(",")]));
const pristine = snapshot();
let checked = 0;

function describe(e) {
  try {
    return `${Object.prototype.toString.call(e)} ${e?.constructor?.name}: ${e?.message ?? String(e)}`;
  } catch {
    return "an undescribable value";
  }
}

/** Runs a call; returns "ok" or the VideoExtendError, failing on anything else. */
async function settle(label, call, { promise }) {
  if (process.env.HOSTILE_DEBUG) console.error("settle", label.slice(0, 150));
  let r;
  try {
    r = call();
  } catch (e) {
    assert.ok(!promise, `${label}: threw synchronously instead of rejecting: ${describe(e)}`);
    assert.ok(e instanceof VideoExtendError, `${label}: threw ${describe(e)}`);
    return e;
  }
  if (promise) assert.ok(r instanceof Promise, `${label}: did not return a Promise`);
  try {
    await r;
    return "ok";
  } catch (e) {
    assert.ok(e instanceof VideoExtendError, `${label}: rejected with ${describe(e)}`);
    assert.equal(typeof e.code, "string", label);
    assert.equal(typeof e.message, "string", label);
    assert.ok(!e.message.includes(KEY), `${label}: the key in the message`);
    return e;
  }
}

/** After every run: prototypes untouched, and valid calls still work. */
async function stillHealthy(label) {
  checked++;
  assert.deepEqual(snapshot(), pristine, `${label}: a built-in prototype changed`);
  assert.equal({}.polluted, undefined, `${label}: Object.prototype polluted`);
  assert.equal([].polluted, undefined, `${label}: Array.prototype polluted`);
  const task = await new Client(legnextOptions()).fetchTask(LEGNEXT_JOB);
  assert.equal(task.status, "completed", `${label}: the next valid call`);
  assert.match(signCallbackUrl("https://app.example/h", { secret: SECRET }), /ve_sig=[0-9a-f]{64}$/, label);
}

const params = (n) => ({ seed: SEED + n, numRuns: RUNS, endOnFailure: true });
const OPT = { timeout: 120_000 };

// ---------------------------------------------------------------- the properties

test("new Client(anything) returns a Client or throws a VideoExtendError", OPT, async () => {
  await fc.assert(
    fc.asyncProperty(validOrHostile("clientOptions"), async (o) => {
      const r = await settle(`new Client(${o.name})`, () => new Client(o.value), { promise: false });
      await stillHealthy(o.name);
      return r === "ok" || r instanceof VideoExtendError;
    }),
    params(1),
  );
});

const METHODS = [
  ["extendVideo", "legnextRequest", "callOptions"],
  ["extendVideo", "apiframeRequest", "callOptions"],
  ["fetchTask", null, "callOptions"],
  ["waitForTask", null, "waitOptions"],
  ["extendAndWait", "legnextRequest", "waitOptions"],
  ["extendAndWait", "apiframeRequest", "waitOptions"],
  ["extendChain", "legnextChain", "chainOptions"],
  ["extendChain", "apiframeChain", "chainOptions"],
  ["fetchTasks", null, "callOptions"],
];

for (const [method, requestKind, optionsKind] of METHODS) {
  const provider = requestKind?.startsWith("apiframe") ? "apiframe" : "legnext";
  test(`Client#${method} (${provider}) with anything settles with a result or a VideoExtendError`, OPT, async () => {
    const client = new Client(provider === "apiframe" ? apiframeOptions() : legnextOptions());
    const first = requestKind ? validOrHostile(requestKind) : fc.oneof(slot, fc.constant({ name: "valid id", value: LEGNEXT_JOB }));
    await fc.assert(
      fc.asyncProperty(first, validOrHostile(optionsKind), async (a, b) => {
        const label = `${method}(${a.name}, ${b.name})`;
        await settle(label, () => client[method](a.value, b.value), { promise: true });
        await settle(`${method}(${a.name})`, () => client[method](a.value), { promise: true });
        await stillHealthy(label);
      }),
      params(2 + METHODS.findIndex(([m, r]) => m === method && r === requestKind)),
    );
  });
}

test("the standalone extendVideo, fetchTask and waitForTask with anything", OPT, async () => {
  const fns = [
    ["extendVideo", extendVideo, "legnextRequest", "callOptions"],
    ["fetchTask", fetchTask, null, "callOptions"],
    ["waitForTask", waitForTask, null, "waitOptions"],
  ];
  await fc.assert(
    fc.asyncProperty(fc.nat(fns.length - 1), validOrHostile("clientOptions"), slot, validOrHostile("callOptions"), async (i, o, a, b) => {
      const [name, fn, kind] = fns[i];
      const arg = kind ? BASES[kind]() : LEGNEXT_JOB;
      await settle(`${name}(${o.name}, valid, ${b.name})`, () => fn(o.value, arg, b.value), { promise: true });
      await settle(`${name}(valid, ${a.name}, ${b.name})`, () => fn(legnextOptions(), a.value, b.value), { promise: true });
      await stillHealthy(name);
    }),
    params(20),
  );
});

test("parseWebhook with any input and any options rejects with a VideoExtendError or verifies", OPT, async () => {
  await fc.assert(
    fc.asyncProperty(validOrHostile("webhookInput"), validOrHostile("webhookOptions"), async (input, options) => {
      const label = `parseWebhook(${input.name}, ${options.name})`;
      const r = await settle(label, () => parseWebhook(input.value, options.value), { promise: true });
      if (r instanceof VideoExtendError) assert.ok(!r.message.includes(SECRET), `${label}: the secret in the message`);
      await stillHealthy(label);
    }),
    params(21),
  );
});

test("parseWebhook with hostile headers, bodies and Request-likes", OPT, async () => {
  const options = BASES.webhookOptions();
  await fc.assert(
    fc.asyncProperty(fc.constantFrom("body", "headers", "url", "arrayBuffer", "whole"), leaf, async (part, v) => {
      const input = part === "whole" ? v.value : { ...BASES.webhookInput(), [part]: v.value };
      const label = `parseWebhook({${part}: ${v.name}})`;
      await settle(label, () => parseWebhook(input, options), { promise: true });
      await stillHealthy(label);
    }),
    params(22),
  );
  // A headers object whose values are hostile (the lookup reads every key).
  for (const name of Object.keys(SPECIALS)) {
    const input = { ...BASES.webhookInput(), headers: { "X-Webhook-Secret": SPECIALS[name](), "content-length": SPECIALS[name]() } };
    await settle(`headers valued ${name}`, () => parseWebhook(input, options), { promise: true });
    await stillHealthy(name);
  }
});

test("signCallbackUrl(anything, anything) returns a signed URL or throws a VideoExtendError", OPT, async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(slot, fc.webUrl().map((u) => ({ name: u, value: u }))), validOrHostile("signOptions"), async (url, options) => {
      const label = `signCallbackUrl(${url.name}, ${options.name})`;
      const r = await settle(label, () => signCallbackUrl(url.value, options.value), { promise: false });
      if (r instanceof VideoExtendError) assert.ok(!r.message.includes(SECRET), `${label}: the secret in the message`);
      await stillHealthy(label);
    }),
    params(23),
  );
});

test("version() ignores any arguments; VideoExtendError keeps its prototype whatever data it gets", OPT, async () => {
  await fc.assert(
    fc.asyncProperty(slot, async (v) => {
      assert.match(version(v.value), /^video-extend\/\d+\.\d+\.\d+/);
      let e;
      try {
        e = new VideoExtendError(v.value);
      } catch {
        // A throwing getter or trap in the data may throw (the constructor is private in the
        // typings); what matters is that nothing global changed.
      }
      if (e) {
        assert.ok(e instanceof Error && e.name === "VideoExtendError", v.name);
        assert.equal(Object.getPrototypeOf(e), VideoExtendError.prototype, v.name);
      }
      await stillHealthy(v.name);
    }),
    params(24),
  );
});

test("every special value reached every argument slot at least once (no property skipped it)", OPT, async () => {
  // The properties above sample; this sweeps each special value through each export once.
  const client = new Client(legnextOptions());
  const calls = [
    (v) => new Client(v),
    (v) => client.extendVideo(v),
    (v) => client.extendVideo(BASES.legnextRequest(), v),
    (v) => client.fetchTask(v),
    (v) => client.waitForTask(v, { pollInterval: 500 }),
    (v) => client.waitForTask(LEGNEXT_JOB, v),
    (v) => client.extendAndWait(v),
    (v) => client.extendChain(v),
    (v) => client.extendChain(BASES.legnextChain(), v),
    (v) => client.fetchTasks(v),
    (v) => client.fetchTasks([LEGNEXT_JOB], v),
    (v) => extendVideo(v, BASES.legnextRequest()),
    (v) => fetchTask(v, LEGNEXT_JOB),
    (v) => waitForTask(v, LEGNEXT_JOB),
    (v) => parseWebhook(v, BASES.webhookOptions()),
    (v) => parseWebhook(BASES.webhookInput(), v),
    (v) => client.fetchTask(LEGNEXT_JOB, { signal: v }),
    (v) => client.waitForTask(LEGNEXT_JOB, { signal: v, pollInterval: 500 }),
    // A custom fetch that returns, or resolves to, the hostile value instead of a Response.
    (v) => new Client({ ...legnextOptions(), fetch: () => v }).fetchTask(LEGNEXT_JOB),
    (v) => new Client({ ...legnextOptions(), fetch: async () => v }).extendVideo(BASES.legnextRequest()),
    (v) => signCallbackUrl(v, BASES.signOptions()),
    (v) => signCallbackUrl("https://app.example/h", v),
  ];
  const sync = new Set([0, calls.length - 2, calls.length - 1]);
  for (const name of Object.keys(SPECIALS)) {
    for (const [i, call] of calls.entries()) {
      const label = `${name} in slot ${i} (${call.toString().slice(6, 60)})`;
      await settle(label, () => call(SPECIALS[name]()), { promise: !sync.has(i) });
    }
    await stillHealthy(name);
  }
  console.log(`# hostile: ${checked} runs checked, ${stubCalls} stub fetch calls`);
});
