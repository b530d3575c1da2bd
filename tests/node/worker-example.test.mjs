// examples/worker against the emulator, under `wrangler dev` and under miniflare: the proxy adds
// the key only the Worker holds and forwards only the SDK's endpoints; the webhook routes verify
// APIFrame's secret and Legnext's signed callback URL before accepting a delivery.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "video-extend";
import { startEmulator, received, root, sleep, KEY, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";
import { bin, bundleWorker, freePort, startServer, wranglerEnv, workerInMiniflare } from "./helpers/processes.mjs";

const SECRET = "whsec-example-test";
const scratch = mkdtempSync(join(tmpdir(), "video-extend-worker-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The Worker's configuration: the emulator as both providers, its key, the webhook secret. */
const vars = (emu) => ({
  LEGNEXT_BASE_URL: emu.url,
  APIFRAME_BASE_URL: emu.url,
  LEGNEXT_API_KEY: KEY,
  APIFRAME_API_KEY: KEY,
  WEBHOOK_SECRET: SECRET,
});

async function startWrangler(emu) {
  const port = await freePort();
  const args = ["dev", "-c", "examples/worker/wrangler.toml", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(await freePort()), "--persist-to", join(scratch, "wrangler-state"));
  args.push("--show-interactive-dev-session=false");
  for (const [k, v] of Object.entries(vars(emu))) args.push("--var", `${k}:${v}`);
  const server = await startServer(bin("wrangler"), args, { ready: /Ready on http:\/\/127\.0\.0\.1:\d+/, env: wranglerEnv() });
  return { url: `http://127.0.0.1:${port}`, stop: server.stop };
}

async function startMiniflare(emu) {
  const out = join(scratch, "miniflare");
  await bundleWorker(join(root, "examples/worker/src/worker.mjs"), out);
  const port = await freePort();
  const mf = await workerInMiniflare(out, {
    bindings: { ALLOWED_ORIGIN: "*", ...vars(emu) },
    host: "127.0.0.1",
    port,
  });
  const url = (await mf.ready).origin;
  return { url, stop: () => mf.dispose() };
}

/** Waits until every delivery of `jobId` settled (delivered, or all 4 attempts made) and the final one exists. */
async function settledDeliveries(emu, jobId, isFinal) {
  for (let i = 0; i < 200; i++) {
    const records = (await emu.webhooks()).filter((w) => w.job_id === jobId);
    const settled = records.every((w) => w.delivered || w.attempts >= 4 || w.refused || (w.error && w.attempts === 0));
    if (settled && records.some((w) => isFinal(JSON.parse(w.body)))) return records;
    await sleep(100);
  }
  throw new Error(`deliveries of ${jobId} did not settle: ${JSON.stringify((await emu.webhooks()).filter((w) => w.job_id === jobId))}`);
}

for (const [name, start] of [["wrangler dev", startWrangler], ["miniflare", startMiniflare]]) {
  test(`examples/worker under ${name}`, async (t) => {
    const emu = await startEmulator();
    const worker = await start(emu);
    t.after(async () => {
      await worker.stop();
      await emu.stop();
    });
    const direct = (provider) => new Client({ provider, apiKey: KEY, baseURL: emu.url });

    await t.test("proxy: an SDK client with a dummy key gets real tasks; the emulator saw the real key", async () => {
      await emu.reset();
      const legnext = new Client({ provider: "legnext", apiKey: "dummy-not-the-key", baseURL: `${worker.url}/legnext` });
      const created = await legnext.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 1, prompt: "through the worker" });
      const done = await legnext.waitForTask(created.id, { pollInterval: 500 });
      assert.equal(done.status, "completed");
      assert.equal(done.videoUrls.length, 4);
      const [create] = await received(emu, "POST", "/api/v1/extend-video");
      assert.equal(create.status, 200, "authorised with the Worker's key");
      assert.equal(create.headers["x-api-key"], "[redacted]");
      assert.deepEqual(JSON.parse(create.body), { jobId: LEGNEXT_JOB, videoNo: 1, prompt: "through the worker" });
      assert.ok((await received(emu, "GET", `/api/v1/job/${created.id}`)).every((r) => r.status === 200));

      const apiframe = new Client({ provider: "apiframe", apiKey: "dummy", baseURL: `${worker.url}/apiframe` });
      const seeded = await apiframe.fetchTask(APIFRAME_TASK);
      assert.equal(seeded.status, "completed");
      const [fetchReq] = await received(emu, "POST", "/fetch");
      assert.equal(fetchReq.headers.authorization, "[redacted]");
      assert.equal(fetchReq.status, 200);
    });

    await t.test("proxy: a browser-style call without any key works, with CORS headers", async () => {
      const res = await fetch(`${worker.url}/legnext/api/v1/job/${LEGNEXT_JOB}`, { headers: { origin: "http://127.0.0.1:1" } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      assert.equal((await res.json()).job_id, LEGNEXT_JOB);
      const preflight = await fetch(`${worker.url}/apiframe/luma-extend`, { method: "OPTIONS" });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get("access-control-allow-headers"), /content-type/);
    });

    await t.test("proxy: paths and methods the SDK does not use are 404 and never forwarded", async () => {
      await emu.reset();
      const refused = [
        ["GET", "/legnext/api/v1/account"],
        ["POST", "/legnext/api/v1/diffusion"],
        ["GET", "/legnext/api/v1/job/../../__emulator/jobs"],
        ["POST", `/legnext/api/v1/job/${LEGNEXT_JOB}`],
        ["POST", "/apiframe/imagine"],
        ["GET", "/apiframe/fetch"],
        ["GET", "/elsewhere"],
      ];
      for (const [method, path] of refused) {
        const res = await fetch(worker.url + path, { method, body: method === "POST" ? "{}" : undefined });
        assert.equal(res.status, 404, `${method} ${path}`);
        await res.arrayBuffer();
      }
      assert.deepEqual(await emu.requests(), []);
    });

    await t.test("webhooks: APIFrame deliveries with the right secret are accepted, a wrong one gets 401", async () => {
      await emu.reset();
      const apiframe = direct("apiframe");
      const good = await apiframe.extendVideo({
        parentTaskId: APIFRAME_TASK,
        prompt: "webhook to the worker",
        webhookUrl: `${worker.url}/webhooks/apiframe`,
        webhookSecret: SECRET,
      });
      const bad = await apiframe.extendVideo({
        parentTaskId: APIFRAME_TASK,
        prompt: "webhook with a wrong secret",
        webhookUrl: `${worker.url}/webhooks/apiframe`,
        webhookSecret: "not-the-secret",
      });
      const isFinal = (body) => typeof body.video_url === "string";
      const accepted = await settledDeliveries(emu, good.id, isFinal);
      assert.ok(accepted.length >= 2, "progress updates and the result");
      assert.deepEqual(accepted.map((w) => w.status), accepted.map(() => 200));
      assert.ok(accepted.every((w) => w.delivered && w.attempts === 1));
      const rejected = await settledDeliveries(emu, bad.id, isFinal);
      assert.deepEqual(rejected.map((w) => w.status), rejected.map(() => 401));
      assert.ok(rejected.every((w) => !w.delivered));
    });

    await t.test("webhooks: a Legnext callback signed by /sign-callback is accepted, a tampered one is not", async () => {
      await emu.reset();
      const { callback } = await (await fetch(`${worker.url}/sign-callback`)).json();
      assert.ok(callback.startsWith(`${worker.url}/webhooks/legnext?`), callback);
      const legnext = direct("legnext");
      const good = await legnext.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, callback });
      const tampered = new URL(callback);
      for (const [k, v] of tampered.searchParams) {
        if (v.length >= 16) tampered.searchParams.set(k, v.slice(0, -4) + (v.endsWith("AAAA") ? "BBBB" : "AAAA"));
      }
      assert.notEqual(tampered.href, callback);
      const bad = await legnext.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 2, callback: tampered.href });
      const isFinal = (body) => body.status === "completed";
      const accepted = await settledDeliveries(emu, good.id, isFinal);
      assert.deepEqual(accepted.map((w) => [w.status, w.delivered]), [[200, true]]);
      const rejected = await settledDeliveries(emu, bad.id, isFinal);
      assert.deepEqual(rejected.map((w) => w.status), [401]);
    });
  });
}
