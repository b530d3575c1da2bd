// The package's own executor (src/js/executor.rs): every call's Promise settles exactly once,
// however calls interleave — thousands at once, calls started from inside a progress callback
// (re-entering the wasm while another call is being polled), from a settled call's handler,
// and rejections before any I/O.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, VideoExtendError } from "video-extend";

const JOB = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
const body = (status) => JSON.stringify({ job_id: JOB, status, output: { video_urls: status === "completed" ? ["https://cdn.example/a.mp4"] : [] } });
const stub = (bodies) => {
  let i = 0;
  return async () => new Response(bodies[Math.min(i++, bodies.length - 1)], { status: 200 });
};
const client = (fetch) => new Client({ provider: "legnext", apiKey: "k-executor-test", fetch, maxRetries: 0 });

test("3,000 concurrent calls all settle, each with its own answer", async () => {
  const c = client(stub([body("completed")]));
  const bad = client(async () => new Response("nope", { status: 200 }));
  const calls = Array.from({ length: 3000 }, (_, i) => (i % 3 === 2 ? bad : c).fetchTask(JOB));
  const results = await Promise.allSettled(calls);
  results.forEach((r, i) => {
    if (i % 3 === 2) {
      assert.equal(r.status, "rejected");
      assert.ok(r.reason instanceof VideoExtendError);
      assert.equal(r.reason.code, "invalid_response");
    } else {
      assert.equal(r.status, "fulfilled");
      assert.equal(r.value.status, "completed");
    }
  });
});

test("a call started inside onProgress, while another call is being driven, settles", async () => {
  const c = client(stub([body("pending"), body("processing"), body("completed")]));
  const inner = [];
  const done = await c.waitForTask(JOB, {
    pollInterval: 500,
    onProgress: () => inner.push(client(stub([body("processing")])).fetchTask(JOB)),
  });
  assert.equal(done.status, "completed");
  assert.ok(inner.length >= 1);
  for (const t of await Promise.all(inner)) assert.equal(t.status, "processing");
});

test("calls chained from a settled call's handler, and refused ones, settle in order", async () => {
  const c = client(stub([body("completed")]));
  const order = [];
  await c.fetchTask(JOB).then(async (t) => {
    order.push(t.status);
    const refused = await c.fetchTask("not-a-uuid").catch((e) => e);
    order.push(refused.code);
    order.push((await c.fetchTask(JOB)).status);
  });
  assert.deepEqual(order, ["completed", "invalid_request", "completed"]);
});
