// The typings: the generated .d.ts must match the checked-in reference (a type change shows in
// review), and a strict TypeScript consumer compiles while each listed misuse does not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./helpers/emulator.mjs";

const built = join(root, "pkg", "video_extend.d.ts");
const reference = join(root, "tests", "reference", "video_extend.d.ts");

// wasm-bindgen lists the module's raw exports in `InitOutput`, and a closure shim's name carries
// the Rust symbol hash (`..._invoke__h89a3fa8bcde72bf4`), which changes with any dependency or
// code change: internal, not API, so the hash is masked on both sides before comparing.
const masked = (dts) => dts.replace(/__h[0-9a-f]{16}\b/g, "__h<hash>");

test("generated .d.ts matches tests/reference/video_extend.d.ts", () => {
  const now = readFileSync(built, "utf8");
  if (process.env.UPDATE_REFERENCE === "1") writeFileSync(reference, now);
  const want = readFileSync(reference, "utf8");
  assert.equal(masked(now), masked(want), "the public types changed: review, then run the tests with UPDATE_REFERENCE=1");
});

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
