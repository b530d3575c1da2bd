// Child processes for the runtime and example tests: run one to completion with a hard limit,
// start a long-running server and wait for its ready line, free ports, Chromium via playwright-core.
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./emulator.mjs";

export const bin = (name) => join(root, "node_modules", ".bin", name);

/** Environment for wrangler: no telemetry, no fetch of request.cf from Cloudflare. */
export const wranglerEnv = () => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_LOG_PATH: join(tmpdir(), "video-extend-wrangler-logs"),
});

/** Runs a command to completion (killed after `limitMs`); resolves with { code, stdout, stderr }. */
export function run(cmd, args, { limitMs = 90000, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], ...options });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server in its own process group and resolves once a line of its output matches
 * `ready`; `stop()` ends the whole group (wrangler runs workerd as a child).
 */
export async function startServer(cmd, args, { ready, limitMs = 60000, ...options }) {
  const child = spawn(cmd, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, ...options });
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready within ${limitMs} ms:\n${output}`)), limitMs);
    const onData = (d) => {
      output += d;
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          resolve();
        }
      }),
  };
}

/** Headless Chromium (Debian's) with a fresh profile; `close()` removes the profile. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "video-extend-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Bundles a worker as wrangler would (esbuild, the `workerd` export condition, the .wasm left
 * external) into `<out>/worker.mjs` and copies the package's two .wasm modules beside it (a worker
 * that imports `video-extend/webhooks` needs the second). Resolves with
 * esbuild's result (its metafile names the inputs).
 */
export async function bundleWorker(entry, out) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
    outfile: join(out, "worker.mjs"),
    metafile: true,
    logLevel: "silent",
  });
  for (const wasm of ["video_extend_bg.wasm", "video_extend_webhooks_bg.wasm"]) {
    copyFileSync(join(root, "pkg", wasm), join(out, wasm));
  }
  return result;
}

/** A Miniflare running `<out>/worker.mjs` as modules (ESM for js/mjs, compiled wasm), as in TOOLCHAIN.md. */
export async function workerInMiniflare(out, options) {
  const { Miniflare } = await import("miniflare");
  return new Miniflare({
    modules: true,
    modulesRoot: out,
    scriptPath: join(out, "worker.mjs"),
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2025-09-01",
    ...options,
  });
}
