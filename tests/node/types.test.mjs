// The typings: the generated .d.ts must match the checked-in reference (a type change shows in
// review), and a strict TypeScript consumer compiles while each listed misuse does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./helpers/emulator.mjs";

// The client module's typings and the webhooks module's (`video-extend/webhooks`).
const modules = ["video_extend", "video_extend_webhooks"];
const built = join(root, "pkg", "video_extend.d.ts");

// wasm-bindgen lists the module's raw exports in `InitOutput`, and a closure shim's name carries
// the Rust symbol hash (`..._invoke__h89a3fa8bcde72bf4`), which changes with any dependency or
// code change: internal, not API, so the hash is masked on both sides before comparing.
const masked = (dts) => dts.replace(/__h[0-9a-f]{16}\b/g, "__h<hash>");

for (const name of modules) {
  test(`generated ${name}.d.ts matches tests/reference/${name}.d.ts`, () => {
    const now = readFileSync(join(root, "pkg", `${name}.d.ts`), "utf8");
    const reference = join(root, "tests", "reference", `${name}.d.ts`);
    if (process.env.UPDATE_REFERENCE === "1") writeFileSync(reference, now);
    const want = readFileSync(reference, "utf8");
    assert.equal(masked(now), masked(want), "the public types changed: review, then run the tests with UPDATE_REFERENCE=1");
  });
}

test("a strict consumer compiles and every @ts-expect-error misuse is rejected", () => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  let out = "";
  try {
    execFileSync(process.execPath, [tsc, "-p", join(root, "tests", "types", "tsconfig.json")], { encoding: "utf8" });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  assert.equal(out, "", out);
  const source = readFileSync(join(root, "tests", "types", "consumer.ts"), "utf8");
  assert.ok((source.match(/@ts-expect-error/g) || []).length >= 11, "the misuse list is intact");
});

test("the data types come from Rust, with the precise unions", () => {
  const d = readFileSync(built, "utf8");
  assert.match(d, /export type TaskStatus = "pending" \| "processing" \| "completed" \| "failed";/);
  assert.match(d, /export type Provider = "legnext" \| "apiframe";/);
  assert.match(d, /videoNo: 0 \| 1 \| 2 \| 3;/);
  assert.match(d, /export declare class VideoExtendError extends Error/);
  assert.match(d, /export interface VideoExtendErrorData \{/);
  assert.doesNotMatch(d, /export interface Error \{/, "must not shadow the global Error");
  for (const code of ["invalid_request", "authentication", "permission", "not_found", "rate_limited", "provider_error", "invalid_response", "timeout", "aborted", "network"]) {
    assert.ok(d.includes(`"${code}"`), code);
  }
});

test("each module's typings declare its own exports: the client, or the webhook helpers", () => {
  const client = readFileSync(built, "utf8");
  const hooks = readFileSync(join(root, "pkg", "video_extend_webhooks.d.ts"), "utf8");
  for (const fn of ["extendVideo", "fetchTask", "waitForTask"]) assert.match(client, new RegExp(`export function ${fn}\\(`));
  assert.match(client, /export class Client \{/);
  for (const fn of ["parseWebhook", "signCallbackUrl"]) {
    assert.match(hooks, new RegExp(`export function ${fn}\\(`));
    assert.doesNotMatch(client, new RegExp(`export function ${fn}\\(`), `${fn} is the webhooks module's`);
  }
  assert.doesNotMatch(hooks, /export class Client \{/);
  assert.match(hooks, /export declare class VideoExtendError extends Error/);
});
