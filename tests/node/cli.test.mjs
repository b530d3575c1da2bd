// The `video-extend` CLI shipped in the package, against the emulator: commands, the documented
// exit codes, one-line errors, and the task id printed on interrupt.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startEmulator, root, KEY, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

const cli = join(root, "pkg", "cli.mjs");
let emu;
before(async () => {
  emu = await startEmulator();
});
after(async () => emu && (await emu.stop()));

function run(args, { env = {}, interruptAfterMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    if (interruptAfterMs) setTimeout(() => child.kill("SIGINT"), interruptAfterMs);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
const common = () => ["--base-url", emu.url, "--api-key", KEY];

test("extend --wait --json prints the completed task and exits 0", async () => {
  const r = await run(["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "0", "--prompt", "go", "--wait", "--json", ...common()]);
  assert.equal(r.code, 0, r.stderr);
  const task = JSON.parse(r.stdout);
  assert.equal(task.status, "completed");
  assert.equal(task.videoUrls.length, 4);
  assert.match(r.stderr, /completed 100%/, "one line per change when not on a TTY");
});

test("status, wait and chain", async () => {
  let r = await run(["status", APIFRAME_TASK, "--provider", "apiframe", ...common()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${APIFRAME_TASK} completed\\n.*\\.mp4\\n$`));
  r = await run(["chain", "--provider", "apiframe", "--parent-task-id", APIFRAME_TASK, "--prompt", "a", "--prompt", "b", "--json", "--poll-interval", "500", ...common()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status, "completed");
  assert.match(r.stderr, /step 2\/2/);
  r = await run(["extend", "--provider", "apiframe", "--parent-task-id", APIFRAME_TASK, "--prompt", "x", ...common()], { env: {} });
  const id = r.stdout.split(" ")[0];
  r = await run(["wait", id, "--provider", "apiframe", "--poll-interval", "500", ...common()]);
  assert.equal(r.code, 0, r.stderr);
});

test("the key can come from the environment", async () => {
  const r = await run(["status", LEGNEXT_JOB, "--provider", "legnext", "--base-url", emu.url], { env: { LEGNEXT_API_KEY: KEY } });
  assert.equal(r.code, 0, r.stderr);
});

test("documented exit codes with one clear line", async () => {
  const cases = [
    [["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "7", ...common()], 2, /\[invalid_request\] videoNo must be an integer from 0 to 3/],
    [["extend", "--provider", "nope", ...common()], 2, /\[invalid_request\] provider/],
    [["frobnicate"], 2, /unknown command/],
    [["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "0", "--prompt", "[fail]", "--wait", "--poll-interval", "500", ...common()], 1, /\[task_failed\].*\(task [0-9a-f-]{36}\)/],
    [["status", LEGNEXT_JOB, "--provider", "legnext", "--base-url", emu.url, "--api-key", "wrong-key-123"], 3, /\[authentication\]/],
    [["wait", LEGNEXT_JOB.replace("b24", "000"), "--provider", "legnext", ...common()], 3, /\[not_found\]/],
  ];
  for (const [args, code, pattern] of cases) {
    const r = await run(args);
    assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.ok(!r.stderr.includes("wrong-key-123") && !r.stdout.includes(KEY), "keys are never printed");
  }
  // The wait times out (exit 4) on a job that runs for a minute: with the suite's 1 s jobs, a
  // loaded machine could start the second process after the job had already finished.
  const slow = await startEmulator(["--job-seconds", "60"]);
  try {
    const args = ["--base-url", slow.url, "--api-key", KEY];
    const t = await run(["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "0", ...args]);
    const id = t.stdout.split(" ")[0];
    const r = await run(["wait", id, "--provider", "legnext", "--wait-timeout", "150", ...args]);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /\[timeout\]/);
  } finally {
    await slow.stop();
  }
});

test("an interrupt exits 130 and prints the task id", async () => {
  const r = await run(["extend", "--provider", "legnext", "--job-id", LEGNEXT_JOB, "--video-no", "0", "--wait", "--poll-interval", "500", ...common()], { interruptAfterMs: 700 });
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted; the task continues at the provider: [0-9a-f-]{36}/);
});

test("--help for each command", async () => {
  for (const args of [["--help"], ["help"], ["extend", "--help"], ["chain", "--help"], ["wait", "-h"], ["status", "--help"]]) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.stdout, /usage: video-extend/);
  }
});
