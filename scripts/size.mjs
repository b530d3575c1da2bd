// Prints the size of the built package (run after scripts/build.mjs): raw, gzip -9 and brotli
// (quality 11) of each wasm module, its JS glue and each runtime's entry (the glue plus its
// loader), and the verdict against the 45 KB gzip budget for wasm + glue.
//
// The package has two modules. The client (`video-extend`: Client, extendVideo, fetchTask,
// waitForTask, extendAndWait, extendChain, fetchTasks) is what every app loads: the budget counts
// its wasm plus its largest entry, which is what a runtime loads for `import "video-extend"`. The
// webhook helpers (`video-extend/webhooks`: parseWebhook, signCallbackUrl) are server-side: their
// entry loads their own wasm and the client's entry (for the one error class), and is reported
// on its own and together with the client, under a ratchet. With --check it exits non-zero when
// the client is over budget; with --json it prints the figures as JSON instead
// (tests/node/size.test.mjs reads them).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The budget for gzip(client wasm) + gzip(its largest entry, the glue inside), in bytes. */
const BUDGET = 45 * 1024;
/**
 * A ratchet, not a budget: the webhooks module (its wasm + largest entry) may not grow past this
 * (the last measured size plus ~1% for toolchain drift; tests/node/size.test.mjs asserts it).
 * Lower it whenever the size drops; never raise it to make a change fit.
 */
const WEBHOOKS_CEILING = 27_900;

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");
const modules = {
  client: { wasm: "video_extend_bg.wasm", glue: "video_extend.js", entries: ["node.mjs", "browser.mjs", "workerd.mjs"] },
  webhooks: {
    wasm: "video_extend_webhooks_bg.wasm",
    glue: "video_extend_webhooks.js",
    entries: ["webhooks-node.mjs", "webhooks-browser.mjs", "webhooks-workerd.mjs"],
  },
};

const measure = (name) => {
  let bytes;
  try {
    bytes = readFileSync(join(pkg, name));
  } catch {
    console.error(`size: pkg/${name} is missing; run \`node scripts/build.mjs\` first`);
    process.exit(2);
  }
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
};

/** A module's files, and what a runtime loads for it: the wasm and the largest entry. */
const sized = (m) => {
  const files = [m.wasm, m.glue, ...m.entries].map(measure);
  const entry = files.slice(2).reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const sum = (k) => files[0][k] + entry[k];
  return { files, entry: entry.name, loaded: { name: `${m.wasm} + ${entry.name}`, raw: sum("raw"), gzip: sum("gzip"), brotli: sum("brotli") } };
};
const client = sized(modules.client);
const webhooks = sized(modules.webhooks);
const both = {
  name: "both modules (a server using webhooks)",
  raw: client.loaded.raw + webhooks.loaded.raw,
  gzip: client.loaded.gzip + webhooks.loaded.gzip,
  brotli: client.loaded.brotli + webhooks.loaded.brotli,
};
const budgeted = client.loaded.gzip;
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ budget: BUDGET, budgeted, webhooksCeiling: WEBHOOKS_CEILING, client, webhooks, both }));
  process.exit(0);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const row = (r) => console.log(`${r.name.padEnd(46)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
console.log(`${"file".padEnd(46)}${"raw".padStart(9)}${"gzip -9".padStart(9)}${"brotli".padStart(9)}`);
for (const [label, m] of [["video-extend (client)", client], ["video-extend/webhooks", webhooks]]) {
  console.log(`-- ${label}`);
  for (const r of m.files) row(r);
  row({ ...m.loaded, name: `= ${m.loaded.name}` });
}
console.log("--");
row(both);

const verdict = `client wasm + entry: ${budgeted} B gzip (budget ${BUDGET} B); webhooks: ${webhooks.loaded.gzip} B (ratchet ${WEBHOOKS_CEILING} B)`;
if (budgeted > BUDGET || webhooks.loaded.gzip > WEBHOOKS_CEILING) {
  console.error(`size: over: ${verdict}`);
  if (process.argv.includes("--check")) process.exit(1);
  process.exit(0);
}
console.log(`size: ok, ${verdict}`);
