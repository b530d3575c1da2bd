// The fault matrix: every emulator fault × every operation (extend, fetch, wait, chain, webhook
// delivery), one table. Each cell is checked against the real emulator (the error's code,
// retryable, ambiguous; the requests the emulator saw; the jobs it created; the webhook results
// delivered and verified) and the same table is the documented behaviour in
// docs/fault-matrix.md (regenerate with UPDATE_FAULT_MATRIX=1; a test fails when it is stale).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client, VideoExtendError } from "video-extend";
import { parseWebhook } from "video-extend/webhooks";
import { startEmulator, startReceiver, received, sleep, root, KEY, LEGNEXT_JOB, APIFRAME_TASK } from "./helpers/emulator.mjs";

const SECRET = "whsec-fault-matrix-91c";
const DOC = join(root, "docs", "fault-matrix.md");

// Every operation: where the fault is injected, the call, and which requests are counted.
const OPERATIONS = {
  extend: {
    what: "Legnext `extendVideo`",
    match: "POST /api/v1/extend-video",
    count: ["POST", "/api/v1/extend-video"],
    run: (c) => c.legnext.extendVideo({ jobId: LEGNEXT_JOB, videoNo: 0 }),
  },
  fetch: {
    what: "Legnext `fetchTask` (a completed job)",
    match: "GET /api/v1/job/",
    count: ["GET", "/api/v1/job/"],
    run: (c) => c.legnext.fetchTask(LEGNEXT_JOB),
  },
  "fetch, no retries": {
    what: "APIFrame `fetchTask` with `maxRetries: 0` (how a read's failure is classed)",
    match: "POST /fetch",
    count: ["POST", "/fetch"],
    run: (c) => c.apiframeNoRetries.fetchTask(APIFRAME_TASK),
  },
  wait: {
    what: "APIFrame `waitForTask` (a completed task)",
    match: "POST /fetch",
    count: ["POST", "/fetch"],
    run: (c) => c.apiframe.waitForTask(APIFRAME_TASK, { pollInterval: 500 }),
  },
  chain: {
    what: "Legnext `extendChain` of 1 step, fault on the step's create",
    match: "POST /api/v1/extend-video",
    count: ["POST", "/api/v1/extend-video"],
    run: (c) => c.legnext.extendChain({ jobId: LEGNEXT_JOB, videoNo: 0, prompts: ["go"] }, { pollInterval: 500 }),
  },
  webhook: {
    what: "APIFrame `extendVideo` with `webhookUrl`: fault on the create; the delivered result verified with `parseWebhook`",
    match: "POST /luma-extend",
    count: ["POST", "/luma-extend"],
    run: (c) => c.apiframe.extendVideo({ parentTaskId: APIFRAME_TASK, prompt: "hooked", webhookUrl: c.hook, webhookSecret: SECRET }),
  },
};
const FAULTS = ["rate_limited", "server_error", "bad_gateway", "unavailable", "forbidden", "slow", "hang", "reset_before", "reset_after", "malformed_json", "html_error", "wrong_content_type", "huge_body"];

// fault -> operation -> [outcome ("ok" or the error code), retryable, ambiguous, requests, jobs]
// (retryable/ambiguous are "" when the call succeeded; for "webhook", jobs are also the number
// of completed results delivered and verified).
// prettier-ignore
const MATRIX = {
  rate_limited: { "extend": ["ok", "", "", 2, 1], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["rate_limited", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["ok", "", "", 2, 1], "webhook": ["ok", "", "", 2, 1] },
  server_error: { "extend": ["provider_error", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["provider_error", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["provider_error", false, true, 1, 0], "webhook": ["provider_error", false, true, 1, 0] },
  bad_gateway: { "extend": ["provider_error", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["provider_error", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["provider_error", false, true, 1, 0], "webhook": ["provider_error", false, true, 1, 0] },
  unavailable: { "extend": ["provider_error", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["provider_error", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["provider_error", false, true, 1, 0], "webhook": ["provider_error", false, true, 1, 0] },
  forbidden: { "extend": ["permission", false, false, 1, 0], "fetch": ["permission", false, false, 1, 0], "fetch, no retries": ["permission", false, false, 1, 0], "wait": ["permission", false, false, 1, 0], "chain": ["permission", false, false, 1, 0], "webhook": ["permission", false, false, 1, 0] },
  slow: { "extend": ["ok", "", "", 1, 1], "fetch": ["ok", "", "", 1, 0], "fetch, no retries": ["ok", "", "", 1, 0], "wait": ["ok", "", "", 1, 0], "chain": ["ok", "", "", 1, 1], "webhook": ["ok", "", "", 1, 1] },
  hang: { "extend": ["timeout", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["timeout", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["timeout", false, true, 1, 0], "webhook": ["timeout", false, true, 1, 0] },
  reset_before: { "extend": ["network", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["network", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["network", false, true, 1, 0], "webhook": ["network", false, true, 1, 0] },
  reset_after: { "extend": ["network", false, true, 1, 1], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["network", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["network", false, true, 1, 1], "webhook": ["network", false, true, 1, 1] },
  malformed_json: { "extend": ["invalid_response", false, true, 1, 1], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["invalid_response", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["invalid_response", false, true, 1, 1], "webhook": ["invalid_response", false, true, 1, 1] },
  html_error: { "extend": ["provider_error", false, true, 1, 0], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["provider_error", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["provider_error", false, true, 1, 0], "webhook": ["provider_error", false, true, 1, 0] },
  wrong_content_type: { "extend": ["ok", "", "", 1, 1], "fetch": ["ok", "", "", 1, 0], "fetch, no retries": ["ok", "", "", 1, 0], "wait": ["ok", "", "", 1, 0], "chain": ["ok", "", "", 1, 1], "webhook": ["ok", "", "", 1, 1] },
  huge_body: { "extend": ["invalid_response", false, true, 1, 1], "fetch": ["ok", "", "", 2, 0], "fetch, no retries": ["invalid_response", true, false, 1, 0], "wait": ["ok", "", "", 2, 0], "chain": ["invalid_response", false, true, 1, 1], "webhook": ["invalid_response", false, true, 1, 1] },
};

let emu;
let receiver;
let hook;
const verified = [];
before(async () => {
  emu = await startEmulator();
  receiver = await startReceiver(async ({ body, headers }) => {
    try {
      verified.push(await parseWebhook({ body, headers }, { provider: "apiframe", secret: SECRET }));
      return 200;
    } catch {
      return 401;
    }
  });
  hook = `${receiver.url}/hook`;
});
after(async () => {
  await emu?.stop();
  await receiver?.close();
});

/** Waits until every created job's completed result reached the receiver (or 5 s passed). */
async function deliveredResults(jobIds) {
  for (let i = 0; i < 50; i++) {
    const done = jobIds.filter((id) => verified.some((e) => e.id === id && e.status === "completed"));
    if (done.length === jobIds.length) return done.length;
    await sleep(100);
  }
  return jobIds.filter((id) => verified.some((e) => e.id === id && e.status === "completed")).length;
}

async function observe(fault, op) {
  await emu.reset();
  verified.length = 0;
  await emu.fault(OPERATIONS[op].match, fault, 1, { delayMs: 300 });
  const timeout = fault === "hang" ? 500 : 5000;
  const clients = {
    legnext: new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url, timeout }),
    apiframe: new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url, timeout }),
    apiframeNoRetries: new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url, timeout, maxRetries: 0 }),
    hook,
  };
  let error = null;
  try {
    await OPERATIONS[op].run(clients);
  } catch (e) {
    error = e;
  }
  const requests = (await received(emu, ...OPERATIONS[op].count)).length;
  const jobIds = (await emu.jobs()).filter((j) => !j.seeded).map((j) => j.id);
  const jobs = op === "webhook" ? await deliveredResults(jobIds) : jobIds.length;
  if (op === "webhook") assert.equal(jobs, jobIds.length, `${fault}/${op}: every created job's result is delivered and verified`);
  if (error !== null) {
    assert.ok(error instanceof VideoExtendError, `${fault}/${op}: ${error}`);
    if (error.ambiguous) assert.match(error.message, /not retried/, `${fault}/${op}: the ambiguous message says what to do`);
    return [error.code, error.retryable, error.ambiguous, requests, jobs];
  }
  return ["ok", "", "", requests, jobs];
}

test("every fault × every operation behaves as the matrix says", { timeout: 240_000 }, async () => {
  const seen = {};
  for (const fault of FAULTS) {
    seen[fault] = {};
    for (const op of Object.keys(OPERATIONS)) seen[fault][op] = await observe(fault, op);
  }
  const rows = FAULTS.map((f) => `  ${f}: { ${Object.entries(seen[f]).map(([op, v]) => `${JSON.stringify(op)}: ${JSON.stringify(v)}`).join(", ")} },`);
  assert.deepEqual(seen, MATRIX, `the observed matrix differs; if the change is intended:\n${rows.join("\n")}`);
});

/** The matrix as Markdown: the documented behaviour. */
function markdown() {
  const ops = Object.keys(OPERATIONS);
  const cell = ([outcome, retryable, ambiguous, requests, jobs], op) => {
    const flags = outcome === "ok" ? "" : ` (${[retryable && "retryable", ambiguous && "ambiguous"].filter(Boolean).join(", ") || "final"})`;
    const created = op === "webhook" ? `${jobs} job${jobs === 1 ? "" : "s"}, ${jobs} result${jobs === 1 ? "" : "s"} delivered` : `${jobs} job${jobs === 1 ? "" : "s"}`;
    return `${outcome === "ok" ? "**ok**" : `\`${outcome}\``}${flags}; ${requests} req; ${created}`;
  };
  const lines = [
    "# Fault matrix",
    "",
    "<!-- Generated from the MATRIX table in tests/node/faults.test.mjs; do not edit.",
    "     Regenerate with: UPDATE_FAULT_MATRIX=1 node --test tests/node/faults.test.mjs -->",
    "",
    "What each call does when the provider misbehaves once: every emulator fault (see",
    "`emulator/README.md`) injected into the first matching request of each operation, with the",
    "default `maxRetries: 2` (a `timeout` of 500 ms for `hang`, 5 s otherwise; `slow` answers after",
    "300 ms). Each cell: the outcome (**ok**, or the rejection's `code` and whether it is `retryable`",
    "or `ambiguous`, else final), the requests the emulator received for the operation (1 = not",
    "retried), and the paid jobs that exist afterwards. Checked on every test run.",
    "",
    "| operation | what runs |",
    "|---|---|",
    ...ops.map((op) => `| ${op} | ${OPERATIONS[op].what} |`),
    "",
    `| fault | ${ops.join(" | ")} |`,
    `|---|${ops.map(() => "---").join("|")}|`,
    ...FAULTS.map((fault) => `| \`${fault}\` | ${ops.map((op) => cell(MATRIX[fault][op], op)).join(" | ")} |`),
    "",
    "Reads (`fetch`, `wait`) retry every transient fault once here and succeed; `forbidden` is final.",
    "A create (`extend`, `chain`, `webhook`) is retried only when no job can exist: after a 429",
    "(`rate_limited`; also a refused connection, which the emulator cannot inject). Every other",
    "failure of a create is `ambiguous` (a reset or timeout after sending, a 5xx, an unreadable",
    "success body) and says to check the callback/webhook or the job list before extending again;",
    "after `reset_after`, `malformed_json` and `huge_body` the job does exist, and its result",
    "still arrives by webhook.",
    "",
  ];
  return lines.join("\n");
}

test("docs/fault-matrix.md is generated from the same table", () => {
  const want = markdown();
  if (process.env.UPDATE_FAULT_MATRIX) writeFileSync(DOC, want);
  let have = "";
  try {
    have = readFileSync(DOC, "utf8");
  } catch {}
  assert.equal(have, want, "docs/fault-matrix.md is stale: run UPDATE_FAULT_MATRIX=1 node --test tests/node/faults.test.mjs");
});
