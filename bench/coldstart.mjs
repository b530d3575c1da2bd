// 2. Cold start: import + instantiate in fresh Node, Deno, Bun and workerd processes, next to the
// plain-JS client doing the same two calls. Each repetition is a pair of fresh processes (ours,
// plain; the order alternates), so every difference and ratio is taken pair by pair.
import { buildSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { OUT, SNAP, summary, writeJson } from "./lib/common.mjs";

const root = join(import.meta.dirname, "..");
const bin = join(root, "node_modules", ".bin");
const child = join(import.meta.dirname, "coldstart", "child.mjs");
const plainPath = join(import.meta.dirname, "plain-client.mjs");
const oursPath = join(SNAP, "node.mjs");
const PAIRS = Number(process.env.BENCH_COLD_PAIRS ?? 40);

const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
const runtimes = {
  node: (which, mod) => ["node", [child, which, mod]],
  deno: (which, mod) => [join(bin, "deno"), ["run", `--allow-read=${SNAP},${import.meta.dirname}`, child, which, mod]],
  bun: (which, mod) => [join(bin, "bun"), [child, which, mod]],
};

const once = (cmd, args, cwd) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, cwd, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return { wallMs, stdout: r.stdout, stderr: r.stderr };
};

const pairUp = (samples) => {
  // samples: [{ ours: {...}, plain: {...} }]; every numeric key summarised, plus per-pair diff/ratio.
  const keys = Object.keys(samples[0].ours);
  const out = {};
  for (const k of keys) {
    out[k] = {
      ours: summary(samples.map((s) => s.ours[k])),
      plain: summary(samples.map((s) => s.plain[k])),
      diff: summary(samples.map((s) => s.ours[k] - s.plain[k])),
      ratio: summary(samples.map((s) => s.ours[k] / s.plain[k])),
    };
  }
  return out;
};

const results = {};
for (const [name, argv] of Object.entries(runtimes)) {
  const one = (which) => {
    const [cmd, args] = argv(which, which === "ours" ? oursPath : plainPath);
    const r = once(cmd, args, root);
    return { wallMs: r.wallMs, ...JSON.parse(r.stdout.trim().split("\n").pop()) };
  };
  one("ours"); one("plain"); // warm the disk cache and any code cache once, unmeasured
  const samples = [];
  for (let i = 0; i < PAIRS; i++) {
    const s = {};
    for (const w of i % 2 ? ["plain", "ours"] : ["ours", "plain"]) s[w] = one(w);
    delete s.ours.scriptStartMs; delete s.plain.scriptStartMs;
    samples.push(s);
  }
  results[name] = pairUp(samples);
  console.log(`coldstart ${name}: import+new Client ours ${results[name].importMs.ours.median.toFixed(2)} ms, plain ${results[name].importMs.plain.median.toFixed(2)} ms; process ${results[name].wallMs.ours.median.toFixed(1)} vs ${results[name].wallMs.plain.median.toFixed(1)} ms`);
}

// Node, split: where the import + `new Client` time goes (fresh processes, medians).
const splitSamples = [];
for (let i = 0; i < PAIRS; i++) {
  const r = once("node", [join(import.meta.dirname, "coldstart", "split.mjs"), SNAP], root);
  splitSamples.push(JSON.parse(r.stdout.trim().split("\n").pop()));
}
const split = Object.fromEntries(Object.keys(splitSamples[0]).map((k) => [k, summary(splitSamples.map((s) => s[k]))]));
console.log(`coldstart node split: ${Object.entries(split).map(([k, v]) => `${k} ${v.median.toFixed(2)}`).join(", ")}`);

// workerd: `workerd test` loads the worker in a fresh process (modules, wasm compile and
// instantiation at startup), runs test() (construct + two stub calls) and exits. Only whole-process
// time is meaningful: inside a Workers isolate performance.now() does not advance while code runs.
const dir = join(OUT, "workerd-cold");
mkdirSync(dir, { recursive: true });
copyFileSync(join(SNAP, "video_extend_bg.wasm"), join(dir, "video_extend_bg.wasm"));
for (const [name, target] of [["ours", join(SNAP, "workerd.mjs")], ["plain", plainPath]]) {
  // Bundled as wrangler would bundle it; the .wasm stays a separate CompiledWasm module.
  buildSync({
    entryPoints: [join(import.meta.dirname, "coldstart", "worker.mjs")], bundle: true, format: "esm",
    platform: "neutral", outfile: join(dir, `${name}.js`), alias: { CLIENT_MODULE: target },
    external: ["*.wasm"], logLevel: "error",
  });
  writeFileSync(join(dir, `${name}.capnp`), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = ( services = [ (name = "main", worker = .w) ] );
const w :Workerd.Worker = ( compatibilityDate = "2025-01-01", modules = [
  (name = "worker.js", esModule = embed "${name}.js"),
  (name = "video_extend_bg.wasm", wasm = embed "video_extend_bg.wasm") ] );
`);
}
const workerdOnce = (which) => {
  const r = once(join(bin, "workerd"), ["test", `${which}.capnp`], dir);
  // workerd prints the test time in ms, or in μs when it is under a millisecond.
  const m = /PASS \] main \(([\d.]+)(ms|μs|us)\)/.exec(r.stderr + r.stdout);
  if (!m) throw new Error(`workerd test ${which}: no PASS line: ${r.stderr}`);
  return { wallMs: r.wallMs, testMs: m[2] === "ms" ? Number(m[1]) : Number(m[1]) / 1000 };
};
workerdOnce("ours"); workerdOnce("plain");
const wsamples = [];
for (let i = 0; i < PAIRS; i++) {
  const s = {};
  for (const w of i % 2 ? ["plain", "ours"] : ["ours", "plain"]) s[w] = workerdOnce(w);
  wsamples.push(s);
}
results.workerd = pairUp(wsamples);
console.log(`coldstart workerd: process ${results.workerd.wallMs.ours.median.toFixed(1)} vs ${results.workerd.wallMs.plain.median.toFixed(1)} ms`);

writeJson("coldstart.json", { pairs: PAIRS, goalMs: 3, results, split });
