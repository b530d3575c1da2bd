// 1. Size: our wasm + JS glue (raw / gzip -9 / brotli q11), next to esbuild bundles
// (--bundle --minify, platform browser, ESM) of the peer SDKs and of the bare plain-JS client,
// all built in this run.
import { buildSync } from "esbuild";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { SNAP, writeJson } from "./lib/common.mjs";

const root = join(import.meta.dirname, "..");

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});
const add = (...xs) => xs.reduce((t, x) => ({ raw: t.raw + x.raw, gzip: t.gzip + x.gzip, brotli: t.brotli + x.brotli }), { raw: 0, gzip: 0, brotli: 0 });

const bundle = (contents, resolveDir = root) => {
  const r = buildSync({
    stdin: { contents, resolveDir, loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022",
    write: false, logLevel: "silent",
  });
  return Buffer.from(r.outputFiles[0].contents);
};

const file = (p) => readFileSync(join(SNAP, p));
const wasm = sizes(file("video_extend_bg.wasm"));
const glue = sizes(file("video_extend.js"));
// Each runtime's entry is the glue plus its loader, the one JS module that runtime loads.
const entries = ["node.mjs", "browser.mjs", "workerd.mjs"].map((name) => ({ name, ...sizes(file(name)) }));
const entry = entries.reduce((a, b) => (b.gzip > a.gzip ? b : a));
const ours = {
  wasm, glue, entry,
  budgeted: add(wasm, entry), // what scripts/size.mjs budgets: the wasm + the largest entry
  // What a browser app's bundler ships: the minified JS (browser.mjs) and the .wasm.
  bundledJs: sizes(bundle(`export * from ${JSON.stringify(join(SNAP, "browser.mjs"))};`)),
};
ours.bundled = add(ours.bundledJs, wasm);
// The server-side webhooks module (`video-extend/webhooks`), loaded beside the client by a server
// that verifies webhooks: its wasm and its largest entry, and both modules together.
const hooksWasm = sizes(file("video_extend_webhooks_bg.wasm"));
const hooksEntry = ["webhooks-node.mjs", "webhooks-browser.mjs", "webhooks-workerd.mjs"]
  .map((name) => ({ name, ...sizes(file(name)) }))
  .reduce((a, b) => (b.gzip > a.gzip ? b : a));
ours.webhooks = { wasm: hooksWasm, entry: hooksEntry, loaded: add(hooksWasm, hooksEntry) };
ours.withWebhooks = add(ours.budgeted, ours.webhooks.loaded);

const version = (name) => JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
const peers = [
  ["lumaai", `export { default } from "lumaai";`],
  ["replicate", `export { default } from "replicate";`],
  ["@fal-ai/client", `export { fal, createFalClient } from "@fal-ai/client";`],
].map(([name, src]) => ({ name, version: version(name), ...sizes(bundle(src)) }));
const plain = { name: "plain JS client (bench/plain-client.mjs)", ...sizes(bundle(`export { PlainClient } from "./bench/plain-client.mjs";`)) };

const BUDGET = 45 * 1024, GOAL = 30 * 1024;
writeJson("size.json", {
  ours, peers, plain, budgetBytes: BUDGET, goalBytes: GOAL,
  budgetMet: ours.budgeted.gzip <= BUDGET, goalMet: ours.budgeted.gzip <= GOAL,
  wasmBytesOnDisk: statSync(join(SNAP, "video_extend_bg.wasm")).size,
});
console.log(`size: ours wasm+glue ${ours.budgeted.gzip} B gzip; peers ${peers.map((p) => `${p.name} ${p.gzip}`).join(", ")}; plain ${plain.gzip}`);
