// The same built package, imported by its name, in every runtime it supports: Node ESM and CJS,
// Deno, Bun, workerd under miniflare and under `wrangler dev`, Chromium from a plain module
// script and from a Vite build. Each runs tests/runtimes/scenario.mjs against its own emulator
// and must report exactly what expectedReport() says, key guard included (only Chromium is a
// browser).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, root } from "./helpers/emulator.mjs";
import { bin, bundleWorker, freePort, launchChromium, run, startServer, wranglerEnv, workerInMiniflare } from "./helpers/processes.mjs";
import { expectedReport } from "../runtimes/scenario.mjs";

const scratch = mkdtempSync(join(tmpdir(), "video-extend-runtimes-"));
let chromium;
after(async () => {
  await chromium?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Compares a report with the expectation, as JSON (undefined fields absent on both sides). */
function assertReport(report, { browser }) {
  const json = (v) => JSON.parse(JSON.stringify(v));
  assert.deepEqual(json(report), json(expectedReport(browser)));
}

/** Runs a CLI runtime on tests/runtimes/<script> and returns the `SCENARIO` report it printed. */
async function cliReport(cmd, args, options = {}) {
  const emu = await startEmulator();
  try {
    const { code, stdout, stderr } = await run(cmd, [...args, emu.url], options);
    const line = stdout.split("\n").find((l) => l.startsWith("SCENARIO "));
    assert.ok(line, `no report (exit ${code}):\n${stdout}\n${stderr}`);
    assert.equal(code, 0, stderr);
    return JSON.parse(line.slice("SCENARIO ".length));
  } finally {
    await emu.stop();
  }
}

/** Opens `path` on an emulator serving `www` and `pkg/`, and awaits the page's scenario. */
async function browserReport(www, path) {
  const emu = await startEmulator(["--www", www, "--pkg", join(root, "pkg")]);
  chromium ??= await launchChromium();
  const page = await chromium.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  try {
    await page.goto(emu.url + path);
    await page.waitForFunction(() => window.scenario !== undefined, null, { timeout: 30000 });
    const report = await page.evaluate(() => window.scenario);
    assert.deepEqual(errors, []);
    return report;
  } finally {
    await page.close();
    await emu.stop();
  }
}

test("Node ESM: import through the `node` import condition", async () => {
  const { entry, ...report } = await cliReport(process.execPath, ["tests/runtimes/run.mjs"]);
  assert.equal(entry, "node.mjs");
  assertReport(report, { browser: false });
});

test("Node CJS: require() through the `node` require condition", async () => {
  const { entry, ...report } = await cliReport(process.execPath, ["tests/runtimes/run.cjs"]);
  assert.equal(entry, "node.cjs");
  assertReport(report, { browser: false });
});

test("Deno 2 with read access to pkg/ and tests/ and net access to 127.0.0.1 only", async () => {
  const { entry, ...report } = await cliReport(
    bin("deno"),
    ["run", "--no-prompt", `--allow-read=${join(root, "pkg")},${join(root, "tests")}`, "--allow-net=127.0.0.1", "tests/runtimes/run.mjs"],
    { env: { ...process.env, DENO_NO_UPDATE_CHECK: "1" } },
  );
  assert.equal(entry, "node.mjs");
  assertReport(report, { browser: false });
});

test("Bun", async () => {
  const { entry, ...report } = await cliReport(bin("bun"), ["tests/runtimes/run.mjs"]);
  assert.equal(entry, "node.mjs");
  assertReport(report, { browser: false });
});

test("workerd under miniflare (esbuild bundle, .wasm as a CompiledWasm module)", async () => {
  const out = join(scratch, "miniflare");
  const result = await bundleWorker(join(root, "tests/runtimes/worker/worker.mjs"), out);
  assert.ok(
    Object.keys(result.metafile.inputs).some((p) => p.endsWith("pkg/workerd.mjs")),
    "the bundle used the package's workerd entry",
  );
  const emu = await startEmulator();
  const mf = await workerInMiniflare(out, {
    bindings: { EMULATOR: emu.url },
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    assert.equal(res.status, 200);
    assertReport(await res.json(), { browser: false });
  } finally {
    await mf.dispose();
    await emu.stop();
  }
});

test("workerd under `wrangler dev` (wrangler bundles the package itself)", async () => {
  const emu = await startEmulator();
  const [port, inspector] = [await freePort(), await freePort()];
  const wrangler = await startServer(
    bin("wrangler"),
    [
      "dev",
      "-c", "tests/runtimes/worker/wrangler.toml",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspector),
      "--var", `EMULATOR:${emu.url}`,
      "--persist-to", join(scratch, "wrangler-state"),
      "--show-interactive-dev-session=false",
    ],
    { ready: /Ready on http:\/\/127\.0\.0\.1:\d+/, env: wranglerEnv() },
  );
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(res.status, 200, wrangler.output());
    assertReport(await res.json(), { browser: false });
  } finally {
    await wrangler.stop();
    await emu.stop();
  }
});

test("Chromium: a plain <script type=module> page with an import map", async () => {
  const report = await browserReport(join(root, "tests/runtimes"), "/browser/index.html");
  assertReport(report, { browser: true });
});

test("Chromium: a Vite production build (target esnext, the .wasm emitted as an asset)", async () => {
  const out = join(scratch, "vite");
  const { code, stdout, stderr } = await run(bin("vite"), ["build", "-c", "tests/runtimes/vite/vite.config.mjs", "--outDir", out]);
  assert.equal(code, 0, stdout + stderr);
  const report = await browserReport(out, "/index.html");
  assertReport(report, { browser: true });
});

test("types resolve for every entry: Node import and require, bundler (browser, workerd), Deno", async () => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  for (const config of ["node", "browser", "workerd"]) {
    const project = join(root, "tests/runtimes/types", `tsconfig.${config}.json`);
    const { code, stdout, stderr } = await run(process.execPath, [tsc, "-p", project, "--traceResolution"]);
    assert.match(stdout, /Module name 'video-extend' was successfully resolved to '[^']*\/pkg\/index\.d\.ts'/, config);
    const errors = stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    assert.deepEqual(errors, [], `${config}: ${stderr}`);
    assert.equal(code, 0, config);
  }
  const deno = await run(bin("deno"), ["check", "tests/runtimes/types/consumer.mts"], {
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  });
  assert.equal(deno.code, 0, deno.stdout + deno.stderr);
});
