// Handles and memory do not grow with the number of calls: wasm-bindgen's externref table and
// the wasm linear memory are counted (deterministic counts, not timings) over many calls through
// the success, HTTP-error, network-error and validation-error paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers/emulator.mjs";

// A private instance of the module, so its table and memory are this test's alone.
const glue = await import(join(root, "pkg", "video_extend.js"));
const exports = glue.initSync({ module: readFileSync(join(root, "pkg", "video_extend_bg.wasm")) });
// The build shortens export names (scripts/wasm-names.mjs): the table and memory are found by type.
const table = Object.values(exports).find((v) => v instanceof WebAssembly.Table);
const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
const body = JSON.stringify({ task_id: "t1", status: "processing", percentage: "40" });

const paths = {
  success: async () => new Response(body),
  "http 404": async () => new Response("{}", { status: 404 }),
  "network error": async () => { throw new TypeError("fetch failed"); },
  "unreadable body": async () => new Response("<html>"),
};

for (const [label, fetch] of Object.entries(paths)) {
  test(`no handle leak on the ${label} path`, async () => {
    const client = new glue.Client({ provider: "apiframe", apiKey: "k", fetch, maxRetries: 0 });
    const call = async (i) => {
      try {
        await client.fetchTask("t1", i % 2 ? { timeout: 5000 } : undefined);
      } catch {
        // the error path is part of what is measured
      }
    };
    for (let i = 0; i < 2000; i++) await call(i);
    const tableBefore = table.length;
    const memoryBefore = memory.buffer.byteLength;
    for (let i = 0; i < 20000; i++) await call(i);
    // A leak of even one slot per call would add 20,000 entries.
    assert.ok(table.length - tableBefore < 2000, `externref table grew by ${table.length - tableBefore} over 20,000 calls`);
    assert.ok(memory.buffer.byteLength - memoryBefore <= 1 << 20, `wasm memory grew by ${memory.buffer.byteLength - memoryBefore} bytes`);
  });
}

test("no handle leak on the validation-error path", async () => {
  const client = new glue.Client({ provider: "legnext", apiKey: "k", fetch: paths.success });
  const before = table.length;
  for (let i = 0; i < 20000; i++) {
    await client.extendVideo({ jobId: "nope", videoNo: 9 }).catch(() => {});
  }
  assert.ok(table.length - before < 2000, `externref table grew by ${table.length - before}`);
});
