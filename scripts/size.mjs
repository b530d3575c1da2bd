// Prints the size of the built package (run after scripts/build.mjs): raw, gzip -9 and brotli
// (quality 11) of the wasm, the JS glue and each runtime's entry (the glue plus its loader), and
// the verdict against the 45 KB gzip budget for wasm + glue, counted as the wasm plus the largest
// entry: what a runtime loads. With --check it exits non-zero when over budget; with
// --json it prints the figures as JSON instead (tests/node/size.test.mjs reads them).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** The budget for gzip(wasm) + gzip(largest entry, the glue inside), in bytes. */
const BUDGET = 45 * 1024;
/**
 * A ratchet, not the budget: while the budget is not met, wasm + glue may not grow past this
 * (the last measured size plus ~1% for toolchain drift; tests/node/size.test.mjs asserts it).
 * Lower it whenever the size drops; never raise it to make a change fit.
 */
const CEILING = 58_300;

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "pkg");
// The glue on its own, then the per-runtime entries: each is the glue plus its loader, and is
// the one JS module a runtime loads (scripts/build.mjs).
const files = ["video_extend_bg.wasm", "video_extend.js", "node.mjs", "browser.mjs", "workerd.mjs"];

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

const rows = files.map(measure);
// What the budget counts: the wasm and the JS a runtime loads with it (the largest entry).
const entry = rows.slice(2).reduce((a, b) => (b.gzip > a.gzip ? b : a));
const budgeted = rows[0].gzip + entry.gzip;
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ budget: BUDGET, ceiling: CEILING, budgeted, files: rows }));
  process.exit(0);
}
const loaded = { name: `wasm + ${entry.name}`, raw: rows[0].raw + entry.raw, gzip: budgeted, brotli: rows[0].brotli + entry.brotli };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log(`${"file".padEnd(24)}${"raw".padStart(9)}${"gzip -9".padStart(9)}${"brotli".padStart(9)}`);
for (const r of [...rows, loaded]) console.log(`${r.name.padEnd(24)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);

const verdict = `wasm + glue: ${budgeted} B gzip (budget ${BUDGET} B)`;
if (budgeted > BUDGET) {
  // The budget is not met yet (see README "Size"): reported always, enforced with --check.
  console.error(`size: over budget: ${verdict}`);
  if (process.argv.includes("--check")) process.exit(1);
  process.exit(0);
}
console.log(`size: ok, ${verdict}`);
