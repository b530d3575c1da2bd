// The job lifecycle against the emulator: waiting (progress, failure, timeout, abort, always
// with taskId), extendAndWait, chains (limit, failure, resume without paying twice), reading
// many tasks, and reads that retry (the fault table of every operation is faults.test.mjs).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Client, VideoExtendError, waitForTask } from "video-extend";
import { startEmulator, received, rejection, KEY, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => emu && (await emu.stop()));
beforeEach(async () => emu.reset());

const legnext = (extra = {}) => new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url, ...extra });
const apiframe = (extra = {}) => new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url, ...extra });
const created = async () => (await emu.jobs()).filter((j) => !j.seeded);

test("waitForTask reports each change once and resolves with the completed task", async () => {
  const c = apiframe();
  const t = await c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "go" });
  const seen = [];
  const done = await c.waitForTask(t.id, { pollInterval: 500, onProgress: (task) => seen.push(`${task.status}:${task.progress}`) });
  assert.equal(done.status, "completed");
  assert.equal(done.videoUrls.length, 1);
  assert.ok(seen.length >= 2, seen.join(" "));
  assert.equal(new Set(seen).size, seen.length, `no repeated report: ${seen.join(" ")}`);
  assert.equal(seen.at(-1), "completed:100");
  const polls = await received(emu, "POST", "/fetch");
  assert.ok(polls.length >= seen.length, "a report only follows a read");
});

test("the adaptive schedule needs few reads", async () => {
  const c = legnext();
  const t = await c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 });
  const done = await waitForTask({ provider: "legnext", apiKey: KEY, baseURL: emu.url }, t.id);
  assert.equal(done.status, "completed");
  const reads = (await received(emu, "GET", "/api/v1/job/")).length;
  assert.ok(reads >= 1 && reads <= 4, `reads for a 1 s job: ${reads}`);
});

test("a failed task rejects with task_failed, the provider's message and the taskId", async () => {
  const c = legnext();
  const e = await rejection(c.extendAndWait({ jobId: LEGNEXT_JOB, videoNo: 0, prompt: "please [fail]" }, { pollInterval: 500 }));
  assert.ok(e instanceof VideoExtendError);
  assert.equal(e.code, "task_failed");
  assert.match(e.taskId, /^[0-9a-f-]{36}$/);
  assert.ok(e.providerMessage, "the provider's message is kept");
});

test("timeouts and aborts of a wait carry the taskId; the task goes on", async () => {
  const c = legnext();
  const t = await c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 });
  let e = await rejection(c.waitForTask(t.id, { timeout: 200, pollInterval: 500 }));
  assert.deepEqual([e.code, e.taskId], ["timeout", t.id]);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 150);
  e = await rejection(c.waitForTask(t.id, { signal: ac.signal, pollInterval: 500 }));
  assert.deepEqual([e.code, e.taskId], ["aborted", t.id]);
  const done = await c.waitForTask(t.id, { pollInterval: 500 });
  assert.equal(done.status, "completed");
  e = await rejection(c.waitForTask(t.id, { pollInterval: 10 }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "pollInterval"]);
  e = await rejection(c.waitForTask(t.id, { onProgress: "no" }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "onProgress"]);
});

test("a throwing onProgress is reported, not swallowed", async () => {
  const c = legnext();
  const t = await c.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 });
  const e = await rejection(c.waitForTask(t.id, { pollInterval: 500, onProgress: () => { throw new Error("ui bug"); } }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "onProgress"]);
  assert.match(e.message, /ui bug/);
});

test("a Legnext chain extends each result in turn and reports its steps", async () => {
  const c = legnext();
  const steps = [];
  const result = await c.extendChain(
    { jobId: LEGNEXT_JOB, videoNo: 1, prompts: ["one", undefined] },
    { pollInterval: 500, onProgress: (r) => steps.push(`${r.step}/${r.steps}:${r.task.status}`) },
  );
  assert.equal(result.taskIds.length, 2);
  assert.equal(result.task.id, result.taskIds[1]);
  assert.equal(result.task.videoUrls.length, 4);
  const posts = (await received(emu, "POST", "/api/v1/extend-video")).map((r) => JSON.parse(r.body));
  assert.deepEqual(posts, [
    { jobId: LEGNEXT_JOB, videoNo: 1, prompt: "one" },
    { jobId: result.taskIds[0], videoNo: 0 },
  ]);
  assert.ok(steps.includes("1/2:completed") && steps.includes("2/2:completed"), steps.join(" "));
  const jobs = await created();
  assert.equal(jobs.find((j) => j.id === result.taskIds[1]).parent, result.taskIds[0]);
});

test("chains over 4 Legnext extensions are refused before anything is sent", async () => {
  const e = await rejection(legnext().extendChain({ jobId: LEGNEXT_JOB, videoNo: 0, prompts: ["a", "b", "c", "d", "e"] }));
  assert.deepEqual([e.code, e.field], ["invalid_request", "prompts"]);
  assert.equal((await emu.requests()).length, 0);
});

test("a chain that fails names the step and resumes without redoing paid steps", async () => {
  const c = apiframe();
  const e = await rejection(c.extendChain({ parentTaskId: APIFRAME_TASK, prompts: ["first", "second [fail]", "third"] }, { pollInterval: 500 }));
  assert.equal(e.code, "task_failed");
  assert.equal(e.step, 2);
  assert.equal(e.resumeFrom.finishedTaskIds.length, 1);
  assert.match(e.message, /step 2/);
  const before = (await received(emu, "POST", "/luma-extend")).length;
  assert.equal(before, 2);
  // Step 2 failed and is done for; resume from the finished step with a prompt that works.
  const result = await c.extendChain({ parentTaskId: APIFRAME_TASK, prompts: ["first", "second", "third"] }, { pollInterval: 500, resumeFrom: e.resumeFrom });
  assert.equal(result.taskIds[0], e.resumeFrom.finishedTaskIds[0], "step 1 is not paid again");
  const posts = (await received(emu, "POST", "/luma-extend")).slice(before).map((r) => JSON.parse(r.body));
  assert.deepEqual(posts.map((p) => p.prompt), ["second", "third"]);
  assert.equal(posts[0].parent_task_id, result.taskIds[0]);
});

test("fetchTasks batches APIFrame reads by 20, keeps the order, and settles each id", async () => {
  const c = apiframe();
  const ids = [];
  for (let i = 0; i < 22; i++) ids.push((await c.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: `p${i}` })).id);
  const asked = [...ids.slice(0, 10), "missing-task", ...ids.slice(10)];
  const results = await c.fetchTasks(asked);
  assert.equal(results.length, 23);
  results.forEach((r, i) => {
    if (asked[i] === "missing-task") {
      assert.equal(r.status, "rejected");
      assert.ok(r.reason instanceof VideoExtendError);
      assert.equal(r.reason.code, "not_found");
    } else {
      assert.equal(r.status, "fulfilled");
      assert.equal(r.value.id, asked[i]);
    }
  });
  const batches = (await received(emu, "POST", "/fetch-many")).map((r) => JSON.parse(r.body).task_ids.length);
  // The two batches run concurrently: they may reach the emulator in either order.
  assert.deepEqual(batches.sort((a, b) => b - a), [20, 3]);

  const l = legnext();
  const lt = await l.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 });
  const lr = await l.fetchTasks([LEGNEXT_JOB, lt.id]);
  assert.deepEqual(lr.map((r) => r.value.id), [LEGNEXT_JOB, lt.id]);
});

test("reads retry transient faults and give up cleanly", async () => {
  for (const fault of ["rate_limited", "server_error", "bad_gateway", "unavailable", "reset_before", "malformed_json", "html_error"]) {
    await emu.reset();
    await emu.fault("GET /api/v1/job", fault);
    const t = await legnext().fetchTask(LEGNEXT_JOB);
    assert.equal(t.status, "completed", fault);
    assert.equal((await received(emu, "GET", "/api/v1/job")).length, 2, `${fault}: one retry`);
  }
  await emu.reset();
  await emu.fault("GET /api/v1/job", "server_error", 10);
  const e = await rejection(legnext({ maxRetries: 1 }).fetchTask(LEGNEXT_JOB));
  assert.deepEqual([e.code, e.status, e.retryable], ["provider_error", 500, true]);
  assert.equal((await received(emu, "GET", "/api/v1/job")).length, 2);
});
