// The size of the built package. The client module (wasm + the largest runtime entry, gzip -9)
// must be within the 45 KB budget; the server-side webhooks module must stay under its ratchet
// (both recorded in scripts/size.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers/emulator.mjs";

const out = execFileSync(process.execPath, [join(root, "scripts", "size.mjs"), "--json"], { encoding: "utf8" });
const { budget, budgeted, webhooksCeiling, client, webhooks } = JSON.parse(out);

/** Each runtime's entry holds its module's glue and loader (counted with the entry, not imported). */
const selfContained = (m, marker) => {
  const entries = m.files.slice(2);
  assert.equal(entries.length, 3);
  for (const e of entries) {
    const text = readFileSync(join(root, "pkg", e.name), "utf8");
    assert.match(text, marker, `${e.name} holds the glue`);
    assert.doesNotMatch(text, /from\s*["']\.\/video_extend(_webhooks)?\.js["']/, `${e.name} imports the glue instead of holding it`);
  }
  assert.equal(m.loaded.gzip, m.files[0].gzip + Math.max(...entries.map((e) => e.gzip)));
  assert.ok(m.files[0].gzip > 10_000, "the wasm was measured, not an empty file");
};

test("size budget: the client's wasm + entry is within 45 KB gzip", () => {
  assert.equal(budget, 45 * 1024);
  assert.equal(client.files[0].name, "video_extend_bg.wasm");
  assert.equal(client.files[1].name, "video_extend.js");
  selfContained(client, /export class Client\b/);
  assert.equal(budgeted, client.loaded.gzip);
  assert.ok(budgeted <= budget, `the client's wasm + entry is ${budgeted} B gzip, over the ${budget} B budget`);
});

test("size ratchet: the webhooks module has not grown past its recorded ceiling", () => {
  assert.equal(webhooks.files[0].name, "video_extend_webhooks_bg.wasm");
  selfContained(webhooks, /export function parseWebhook\b/);
  // The one error class comes from the client's entry of the same runtime.
  for (const [hooks, clientEntry] of [["webhooks-node.mjs", "node.mjs"], ["webhooks-browser.mjs", "browser.mjs"], ["webhooks-workerd.mjs", "workerd.mjs"]]) {
    assert.match(readFileSync(join(root, "pkg", hooks), "utf8"), new RegExp(`from\\s*"\\./${clientEntry.replace(".", "\\.")}"`), hooks);
  }
  assert.ok(webhooks.loaded.gzip <= webhooksCeiling, `webhooks wasm + entry is ${webhooks.loaded.gzip} B gzip, over the ratchet's ${webhooksCeiling} B`);
});
