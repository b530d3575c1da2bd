// 3. Per-call cost of fetchTask and extendVideo, ours vs the plain-JS client:
//  - stub: the `fetch` option answers with a Response over a prebuilt body (pure CPU);
//  - loopback: the real global fetch against the emulator on 127.0.0.1.
// Each, sequential (one call awaited after another) and 2,000 concurrent (Promise.all). Every
// sample is one block of calls; blocks run in pairs (ours, plain; order alternating) and the
// ratio is taken per pair. The run starts by checking that both clients send the same bytes.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PlainClient } from "./plain-client.mjs";
import { BODIES, KEY, REQUESTS, SNAP, TASK_IDS, paired, startEmulator, stubFetch, writeJson } from "./lib/common.mjs";

const { Client } = await import(pathToFileURL(join(SNAP, "node.mjs")).href);

const env = (k, d) => Number(process.env[k] ?? d);
const STUB_SEQ = env("BENCH_STUB_SEQ", 4000), STUB_PAIRS = env("BENCH_STUB_PAIRS", 15);
const LOOP_SEQ = env("BENCH_LOOP_SEQ", 300), LOOP_PAIRS = env("BENCH_LOOP_PAIRS", 11);
const CONC = 2000, CONC_STUB_PAIRS = env("BENCH_CONC_STUB_PAIRS", 15), CONC_LOOP_PAIRS = env("BENCH_CONC_LOOP_PAIRS", 7);

const OPS = [
  ["legnext", "fetchTask", BODIES.legnextTask],
  ["legnext", "extendVideo", BODIES.legnextCreated],
  ["apiframe", "fetchTask", BODIES.apiframeTask],
  ["apiframe", "extendVideo", BODIES.apiframeCreated],
];
const call = (client, provider, op) =>
  op === "fetchTask" ? client.fetchTask(TASK_IDS[provider]) : client.extendVideo(REQUESTS[provider]);

// --- same bytes ----------------------------------------------------------------------------
const recorded = [];
const recorder = (body) => async (url, init) => {
  recorded.push(JSON.stringify({ url, method: init.method, headers: Object.entries(init.headers), body: init.body ?? null }));
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
};
for (const [provider, op, body] of OPS) {
  recorded.length = 0;
  const opts = { provider, apiKey: KEY, baseURL: "http://127.0.0.1:9", fetch: recorder(body) };
  await call(new Client(opts), provider, op);
  await call(new PlainClient(opts), provider, op);
  if (recorded[0] !== recorded[1]) throw new Error(`percall: ${provider} ${op}: the clients send different bytes:\n${recorded[0]}\n${recorded[1]}`);
}
console.log("percall: both clients send the same bytes (URL, method, headers in order, body) for all four calls");

// --- blocks ----------------------------------------------------------------------------------
let failures = 0;
const seqBlock = (client, provider, op, n) => async () => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    try { await call(client, provider, op); } catch { failures++; }
  }
  return ((performance.now() - t0) * 1000) / n; // µs per call
};
const concBlock = (client, provider, op, n) => async () => {
  const t0 = performance.now();
  const rs = await Promise.allSettled(Array.from({ length: n }, () => call(client, provider, op)));
  failures += rs.filter((r) => r.status === "rejected").length;
  return performance.now() - t0; // ms for the whole batch
};
const both = (mk) => [mk(Client), mk(PlainClient)];

const results = { stub: {}, loopback: {} };
for (const [provider, op, body] of OPS) {
  const key = `${provider}.${op}`;
  const [ours, plain] = both((C) => new C({ provider, apiKey: KEY, baseURL: "http://127.0.0.1:9", fetch: stubFetch(body) }));
  await seqBlock(ours, provider, op, STUB_SEQ)(); await seqBlock(plain, provider, op, STUB_SEQ)(); // warm-up
  const seq = await paired(STUB_PAIRS, seqBlock(ours, provider, op, STUB_SEQ), seqBlock(plain, provider, op, STUB_SEQ));
  const conc = await paired(CONC_STUB_PAIRS, concBlock(ours, provider, op, CONC), concBlock(plain, provider, op, CONC));
  results.stub[key] = { sequentialUsPerCall: seq, concurrentMsPer2000: conc };
  console.log(`percall stub ${key}: seq ${seq.a.median.toFixed(2)} vs ${seq.b.median.toFixed(2)} µs (x${seq.ratio.median.toFixed(3)}), 2000 conc x${conc.ratio.median.toFixed(3)}`);
}

const emu = await startEmulator();
for (const [provider, op] of OPS) {
  const key = `${provider}.${op}`;
  const [ours, plain] = both((C) => new C({ provider, apiKey: KEY, baseURL: emu.url }));
  await seqBlock(ours, provider, op, 100)(); await seqBlock(plain, provider, op, 100)(); // warm-up, opens the pool
  const seq = await paired(LOOP_PAIRS, seqBlock(ours, provider, op, LOOP_SEQ), seqBlock(plain, provider, op, LOOP_SEQ));
  await emu.reset();
  const conc = await paired(CONC_LOOP_PAIRS,
    async () => { const r = await concBlock(ours, provider, op, CONC)(); await emu.reset(); return r; },
    async () => { const r = await concBlock(plain, provider, op, CONC)(); await emu.reset(); return r; });
  results.loopback[key] = { sequentialUsPerCall: seq, concurrentMsPer2000: conc };
  console.log(`percall loopback ${key}: seq ${seq.a.median.toFixed(1)} vs ${seq.b.median.toFixed(1)} µs (x${seq.ratio.median.toFixed(3)}), 2000 conc ${conc.a.median.toFixed(0)} vs ${conc.b.median.toFixed(0)} ms (x${conc.ratio.median.toFixed(3)})`);
}
await emu.stop();
if (failures) throw new Error(`percall: ${failures} calls failed`);

writeJson("percall.json", {
  params: { STUB_SEQ, STUB_PAIRS, LOOP_SEQ, LOOP_PAIRS, CONC, CONC_STUB_PAIRS, CONC_LOOP_PAIRS },
  goals: { stub: 1.15, loopback: 1.05 }, failures, results,
});
