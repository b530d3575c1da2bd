// The browser entries' loader (scripts/build.mjs): it fetches the .wasm next to the entry and
// instantiates it while it streams in when it is served as application/wasm, from its bytes
// otherwise, and fails the import with the HTTP status when the fetch fails. Run in fresh Node
// processes whose `fetch` serves pkg/ with the content type under test (the real browsers, which
// get application/wasm from the emulator, are in runtimes.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { root } from "./helpers/emulator.mjs";

/** Imports `entry` of pkg/ in a fresh process with the stub fetch; returns what it printed. */
function load(entry, { status = 200, type }) {
  const script = `
    import { readFileSync } from "node:fs";
    import { fileURLToPath } from "node:url";
    const seen = [];
    globalThis.fetch = async (url) => {
      seen.push(String(url).split("/").pop());
      const headers = ${JSON.stringify(type)} ? { "content-type": ${JSON.stringify(type)} } : {};
      if (${status} !== 200) return new Response("nope", { status: ${status}, headers });
      return new Response(readFileSync(fileURLToPath(url)), { headers });
    };
    let streamed = false;
    const streaming = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = (...a) => { streamed = true; return streaming(...a); };
    try {
      const m = await import(${JSON.stringify(pathToFileURL(join(root, "pkg", entry)).href)});
      const signed = m.signCallbackUrl ? m.signCallbackUrl("https://a.example/h", { secret: "s" }).includes("ve_sig=") : undefined;
      let code;
      try { new (m.Client ?? Object)({ provider: "nope" }); } catch (e) { code = e.code; }
      console.log(JSON.stringify({ seen, streamed, signed, code }));
    } catch (e) {
      console.log(JSON.stringify({ seen, failed: e.message }));
    }`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim().split("\n").pop());
}

test("browser.mjs streams a .wasm served as application/wasm", () => {
  assert.deepEqual(load("browser.mjs", { type: "application/wasm" }), { seen: ["video_extend_bg.wasm"], streamed: true, code: "invalid_request" });
});

test("browser.mjs instantiates from the bytes when the server gives another content type, or none", () => {
  for (const type of ["application/octet-stream", undefined]) {
    assert.deepEqual(load("browser.mjs", { type }), { seen: ["video_extend_bg.wasm"], streamed: false, code: "invalid_request" }, String(type));
  }
});

test("browser.mjs fails its import with the HTTP status when the .wasm cannot be fetched", () => {
  const r = load("browser.mjs", { status: 404, type: "text/plain" });
  assert.deepEqual(r.seen, ["video_extend_bg.wasm"]);
  assert.match(r.failed, /^video-extend: HTTP 404 fetching /);
});

test("webhooks-browser.mjs loads its own .wasm beside the client's, either way", () => {
  for (const type of ["application/wasm", "application/octet-stream"]) {
    const r = load("webhooks-browser.mjs", { type });
    assert.deepEqual(r.seen, ["video_extend_bg.wasm", "video_extend_webhooks_bg.wasm"], type);
    assert.equal(r.signed, true, type);
  }
});
