// 11. Load: 10,000 concurrent fetchTask calls against the emulator, from one Node process and from
// one workerd isolate (miniflare), ours then the plain client as a reference, ROUNDS times each.
// Reports failures (must be zero), duration, and memory before/after (Node: JS heap, RSS and wasm
// memory; workerd: the workerd process's RSS from /proc and wasm memory from inside the isolate).
import { buildSync } from "esbuild";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Miniflare } from "miniflare";
import { PlainClient } from "./plain-client.mjs";
import { KEY, OUT, SNAP, TASK_IDS, rssKb, startEmulator, summary, writeJson } from "./lib/common.mjs";

const N = Number(process.env.BENCH_LOAD_N ?? 10_000);
const ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const pkg = await import(pathToFileURL(join(SNAP, "node.mjs")).href);
const wasmMem = Object.values(pkg.initSync()).find((v) => v instanceof WebAssembly.Memory);
const limits = { nofile: execFileSync("bash", ["-c", "ulimit -n"], { encoding: "utf8" }).trim(), somaxconn: readFileSync("/proc/sys/net/core/somaxconn", "utf8").trim() };

// The kernel's counters of connections refused or dropped because a listen queue was full.
const listenDrops = () => {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n").filter((l) => l.startsWith("TcpExt:"));
  const [names, values] = lines.map((l) => l.split(/\s+/).slice(1));
  const get = (k) => Number(values[names.indexOf(k)]);
  return { listenOverflows: get("ListenOverflows"), listenDrops: get("ListenDrops") };
};
const diffDrops = (a, b) => ({ listenOverflows: b.listenOverflows - a.listenOverflows, listenDrops: b.listenDrops - a.listenDrops });

const mem = () => {
  globalThis.gc?.(); globalThis.gc?.();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, wasmBytes: wasmMem.buffer.byteLength };
};

const emu = await startEmulator();
const emuRssBefore = await rssKb(emu.pid);
// The emulator's listen backlog (ss: Send-Q of the listening socket).
limits.emulatorBacklog = (/LISTEN\s+\d+\s+(\d+)/.exec(execFileSync("ss", ["-ltn", `sport = :${new URL(emu.url).port}`], { encoding: "utf8" })) ?? [])[1] ?? "n/a";

// --- Node ------------------------------------------------------------------------------------
const node = { ours: [], plain: [] };
const nodeMemBefore = mem();
for (let round = 0; round < ROUNDS; round++) {
  for (const which of ["ours", "plain"]) {
    const opts = { provider: "legnext", apiKey: KEY, baseURL: emu.url };
    const client = which === "ours" ? new pkg.Client(opts) : new PlainClient(opts);
    const before = mem();
    const drops0 = listenDrops();
    const t0 = performance.now();
    const rs = await Promise.allSettled(Array.from({ length: N }, () => client.fetchTask(TASK_IDS.legnext)));
    const ms = performance.now() - t0;
    const errors = {};
    for (const r of rs) if (r.status === "rejected") { const k = `${r.reason?.code ?? ""} ${String(r.reason?.message).slice(0, 120)}`; errors[k] = (errors[k] ?? 0) + 1; }
    const failures = rs.filter((r) => r.status === "rejected" || r.value.status !== "completed").length;
    node[which].push({ ms, failures, errors, before, after: mem(), kernel: diffDrops(drops0, listenDrops()) });
    await emu.reset();
    console.log(`load node ${which} round ${round + 1}: ${N} calls in ${ms.toFixed(0)} ms, ${failures} failures`);
  }
}
const nodeMemAfter = mem();

// --- workerd (miniflare) -------------------------------------------------------------------
const dir = join(OUT, "load-worker");
mkdirSync(dir, { recursive: true });
buildSync({
  entryPoints: [join(import.meta.dirname, "load", "worker.mjs")], bundle: true, format: "esm", platform: "neutral",
  outfile: join(dir, "worker.js"), alias: { VIDEO_EXTEND: join(SNAP, "workerd.mjs") }, external: ["*.wasm"], logLevel: "error",
});
execFileSync("cp", [join(SNAP, "video_extend_bg.wasm"), dir]);
const mf = new Miniflare({
  modules: true, scriptPath: join(dir, "worker.js"), modulesRoot: dir,
  modulesRules: [{ type: "ESModule", include: ["**/*.js"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
  compatibilityDate: "2025-01-01",
});
await mf.ready;
// The workerd process miniflare started: our child whose command is workerd.
const workerdPid = execFileSync("bash", ["-c", `pgrep -P ${process.pid} -f workerd | head -1`], { encoding: "utf8" }).trim();
const workerd = { pid: Number(workerdPid) || null, ours: [], plain: [] };
const wRss = () => (workerd.pid ? rssKb(workerd.pid) : NaN);
workerd.rssBeforeKb = await wRss();
for (let round = 0; round < ROUNDS; round++) {
  for (const which of ["ours", "plain"]) {
    const rssBefore = await wRss();
    const drops0 = listenDrops();
    const t0 = performance.now();
    const res = await mf.dispatchFetch(`http://bench/run?n=${N}&which=${which}&url=${encodeURIComponent(emu.url)}`);
    const outerMs = performance.now() - t0;
    const body = await res.json();
    workerd[which].push({ ...body, outerMs, rssBeforeKb: rssBefore, rssAfterKb: await wRss(), kernel: diffDrops(drops0, listenDrops()) });
    await emu.reset();
    console.log(`load workerd ${which} round ${round + 1}: ${body.ok}/${N} ok in ${body.ms} ms, ${body.failures} failures ${JSON.stringify(body.errors)}`);
  }
}
workerd.rssAfterKb = await wRss();
await mf.dispose();
const emuRssAfter = await rssKb(emu.pid);
await emu.stop();

const sum = (runs, k) => summary(runs.map((r) => r[k]));
writeJson("load.json", {
  n: N, rounds: ROUNDS, limits, emulatorRssKb: { before: emuRssBefore, after: emuRssAfter },
  node: {
    memBefore: nodeMemBefore, memAfter: nodeMemAfter,
    ours: { ms: sum(node.ours, "ms"), failures: node.ours.reduce((t, r) => t + r.failures, 0), errors: node.ours.map((r) => r.errors), runs: node.ours },
    plain: { ms: sum(node.plain, "ms"), failures: node.plain.reduce((t, r) => t + r.failures, 0), runs: node.plain },
    ratio: summary(node.ours.map((r, i) => r.ms / node.plain[i].ms)),
  },
  workerd: {
    pid: workerd.pid, rssBeforeKb: workerd.rssBeforeKb, rssAfterKb: workerd.rssAfterKb,
    ours: { ms: sum(workerd.ours, "ms"), failures: workerd.ours.reduce((t, r) => t + r.failures, 0), runs: workerd.ours },
    plain: { ms: sum(workerd.plain, "ms"), failures: workerd.plain.reduce((t, r) => t + r.failures, 0), runs: workerd.plain },
    ratio: summary(workerd.ours.map((r, i) => r.ms / workerd.plain[i].ms)),
  },
});
