// 4. Memory: wasm linear memory (the module's exported WebAssembly.Memory, reached through the
// package's re-exported `initSync()`, which returns the already-initialised wasm exports) and the
// JS heap, after every 10,000 of 100,000 calls, a mix of successes and failures. Run with
// `node --expose-gc`: two full collections before each sample.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { BODIES, KEY, REQUESTS, SNAP, TASK_IDS, stubFetch, writeJson } from "./lib/common.mjs";

const pkg = await import(pathToFileURL(join(SNAP, "node.mjs")).href);
const { Client } = pkg;
const memory = Object.values(pkg.initSync()).find((v) => v instanceof WebAssembly.Memory);
if (!(memory instanceof WebAssembly.Memory)) throw new Error("memory: initSync() did not return the wasm exports");

const TOTAL = Number(process.env.BENCH_MEM_CALLS ?? 100_000), EVERY = TOTAL / 10, BATCH = 100;
const mk = (provider, body, status = 200) =>
  new Client({ provider, apiKey: KEY, baseURL: "http://127.0.0.1:9", maxRetries: 0, fetch: stubFetch(body, status) });
const clients = {
  lOk: mk("legnext", BODIES.legnextTask),
  lCreated: mk("legnext", BODIES.legnextCreated),
  aOk: mk("apiframe", BODIES.apiframeTask),
  l404: mk("legnext", '{"job_id":"","status":"failed","error":{"code":404,"message":"job not found"}}', 404),
  a500: mk("apiframe", "{}", 500),
  lBad: mk("legnext", '{"job_id":"b24ffa07', 200),
};
// The mix, one entry per call in a cycle of 8: 3 successes, 5 failures of 4 kinds.
const MIX = [
  ["ok", () => clients.lOk.fetchTask(TASK_IDS.legnext)],
  ["ok", () => clients.lCreated.extendVideo(REQUESTS.legnext)],
  ["ok", () => clients.aOk.fetchTask(TASK_IDS.apiframe)],
  ["invalid_request", () => clients.lOk.extendVideo({ ...REQUESTS.legnext, videoNo: 7 })],
  ["invalid_request", () => clients.lOk.extendVideo({ job_id: "x" })],
  ["not_found", () => clients.l404.fetchTask(TASK_IDS.legnext)],
  ["provider_error", () => clients.a500.fetchTask(TASK_IDS.apiframe)],
  ["invalid_response", () => clients.lBad.fetchTask(TASK_IDS.legnext)],
];

// BENCH_MEM_MODE=validation: only the calls refused before anything is sent (no fetch, no timer),
// to tell the request path's growth from the rest.
const MODE = process.env.BENCH_MEM_MODE ?? "mix";
if (MODE === "validation") MIX.splice(0, MIX.length, ...MIX.filter(([want]) => want === "invalid_request"));

const sample = (calls) => {
  globalThis.gc(); globalThis.gc();
  const m = process.memoryUsage();
  return { calls, wasmBytes: memory.buffer.byteLength, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss };
};

const outcomes = {};
const unexpected = [];
const curve = [sample(0)];
let done = 0;
while (done < TOTAL) {
  const batch = [];
  for (let i = 0; i < BATCH; i++) {
    const [want, f] = MIX[(done + i) % MIX.length];
    batch.push(f().then(() => "ok", (e) => e.code).then((got) => {
      outcomes[got] = (outcomes[got] ?? 0) + 1;
      if (got !== want) unexpected.push({ want, got });
    }));
  }
  await Promise.all(batch);
  done += BATCH;
  if (done % EVERY === 0) curve.push(sample(done));
}
if (unexpected.length) throw new Error(`memory: unexpected outcomes: ${JSON.stringify(unexpected.slice(0, 5))}`);
const first = curve[1], last = curve[curve.length - 1];
writeJson(`memory-${MODE}.json`, {
  mode: MODE, mix: MIX.map(([want]) => want), total: TOTAL, batch: BATCH, outcomes, curve,
  growthFrom10k: { wasmBytes: last.wasmBytes - first.wasmBytes, heapUsed: last.heapUsed - first.heapUsed, rss: last.rss - first.rss },
});
console.log(`memory ${MODE}: wasm ${curve.map((c) => (c.wasmBytes / 1024).toFixed(0)).join(" ")} KiB; heap ${curve.map((c) => (c.heapUsed / 1048576).toFixed(1)).join(" ")} MiB`);
