// Webhooks end to end: the emulator delivers to a receiver on 127.0.0.1, which verifies each
// delivery with parseWebhook, from Node's { body, headers, url } and from a Web Request.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, VideoExtendError } from "video-extend";
import { parseWebhook, signCallbackUrl } from "video-extend/webhooks";
import { startEmulator, startReceiver, rejection, sleep, KEY, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

const SECRET = "whsec-e2e-7f3a9c";
let emu;
let receiver;
let receiverUrl;
const events = [];

before(async () => {
  emu = await startEmulator();
  receiver = await startReceiver(async (input) => {
    const provider = new URL(input.url).pathname.startsWith("/legnext") ? "legnext" : "apiframe";
    try {
      events.push({ ok: true, provider, event: await parseWebhook(input, { provider, secret: SECRET }) });
      return 200;
    } catch (e) {
      events.push({ ok: false, provider, error: e });
      return 401;
    }
  });
  receiverUrl = receiver.url;
});
after(async () => {
  await emu?.stop();
  await receiver?.close();
});

async function until(predicate, ms = 6000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (predicate()) return;
    await sleep(100);
  }
  throw new Error("timed out waiting for deliveries");
}

test("APIFrame webhooks verify with x-webhook-secret; updates and the result carry delivery keys", async () => {
  const c = new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url });
  const t = await c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "hooked", webhookUrl: `${receiverUrl}/apiframe`, webhookSecret: SECRET });
  await until(() => events.some((e) => e.ok && e.event.id === t.id && e.event.status === "completed"));
  const mine = events.filter((e) => e.provider === "apiframe" && e.ok && e.event.id === t.id);
  const keys = mine.map((e) => e.event.deliveryKey);
  assert.equal(new Set(keys).size, keys.length, `distinct deliveries have distinct keys: ${keys}`);
  assert.ok(keys.includes(`${t.id}:completed`), keys.join(" "));
  const final = mine.find((e) => e.event.status === "completed").event;
  assert.equal(final.videoUrls.length, 1);
  assert.ok(!JSON.stringify(final.raw).includes(SECRET));
});

test("a wrong or missing APIFrame secret is refused, and nothing is parsed", async () => {
  const body = JSON.stringify({ task_id: "t1", task_type: "luma-ext", video_url: "https://x/v.mp4" });
  for (const headers of [{}, { "x-webhook-secret": "guess" }, { "X-Webhook-Secret": `${SECRET}x` }]) {
    const e = await rejection(parseWebhook({ body, headers }, { provider: "apiframe", secret: SECRET }));
    assert.ok(e instanceof VideoExtendError);
    assert.equal(e.code, "invalid_webhook");
    assert.ok(!e.message.includes(SECRET));
  }
  const ok = await parseWebhook({ body: new TextEncoder().encode(body), headers: new Headers({ "x-webhook-secret": SECRET }) }, { provider: "apiframe", secret: SECRET });
  assert.equal(ok.status, "completed");
  for (const bad of ["not json", "[]", JSON.stringify({ hello: 1 }), "x".repeat(1024 * 1024 + 1)]) {
    const e = await rejection(parseWebhook({ body: bad, headers: { "x-webhook-secret": SECRET } }, { provider: "apiframe", secret: SECRET }));
    assert.equal(e.code, "invalid_webhook", bad.slice(0, 20));
  }
  const e = await rejection(parseWebhook({ body: { task_id: "t1" }, headers: {} }, { provider: "apiframe", secret: SECRET }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "input.body"]);
});

test("Legnext callbacks: the SDK signs the URL and verifies it on arrival", async () => {
  const callback = signCallbackUrl(`${receiverUrl}/legnext?user=42`, { secret: SECRET, expiresIn: 600 });
  assert.match(callback, /\?user=42&ve_exp=\d+&ve_sig=[0-9a-f]{64}$/);
  const c = new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url });
  const t = await c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0, callback });
  await until(() => events.some((e) => e.provider === "legnext" && e.ok && e.event.id === t.id));
  const event = events.find((e) => e.provider === "legnext" && e.ok && e.event.id === t.id).event;
  assert.equal(event.status, "completed");
  assert.equal(event.videoUrls.length, 4);
  assert.equal(event.deliveryKey, `${t.id}:completed`);
});

test("a Legnext callback without a valid signature is refused", async () => {
  const body = JSON.stringify({ job_id: "e41e5586-dcee-4659-ae56-dbf19d20051a", status: "completed", error: { code: 0 } });
  const good = signCallbackUrl("https://app.example/hook", { secret: SECRET });
  const tampered = [
    "https://app.example/hook",
    good.replace("/hook", "/hack"),
    good.replace(/ve_exp=\d+/, "ve_exp=9999999999"),
    good.slice(0, -1) + (good.endsWith("0") ? "1" : "0"),
  ];
  for (const url of tampered) {
    const e = await rejection(parseWebhook(new Request(url, { method: "POST", body }), { provider: "legnext", secret: SECRET }));
    assert.equal(e.code, "invalid_webhook", url);
  }
  const ok = await parseWebhook(new Request(good, { method: "POST", body }), { provider: "legnext", secret: SECRET });
  assert.equal(ok.status, "completed");
  const wrongSecret = await rejection(parseWebhook(new Request(good, { method: "POST", body }), { provider: "legnext", secret: "other-secret" }));
  assert.equal(wrongSecret.code, "invalid_webhook");
  assert.throws(() => signCallbackUrl("ftp://x", { secret: SECRET }), (e) => e.code === "invalid_request" && e.field === "url");
  assert.throws(() => signCallbackUrl("https://x.example", { secret: "" }), (e) => e.field === "secret");
  assert.throws(() => signCallbackUrl("https://x.example", { secret: SECRET, expiresIn: 0 }), (e) => e.field === "expiresIn");
});
