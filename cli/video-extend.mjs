#!/usr/bin/env node
// The `video-extend` command: a thin front over the package's own API (all behaviour is in the
// SDK). Exit codes: 0 done, 1 task failed, 2 bad input, 3 provider or network error, 4 timeout,
// 130 interrupted (the task id is printed so nothing paid is lost).
import { parseArgs } from "node:util";
import { Client, VideoExtendError } from "./node.mjs";

const EXIT = { done: 0, taskFailed: 1, badInput: 2, provider: 3, timeout: 4, interrupted: 130 };

const HELP = {
  main: `usage: video-extend <command> [options]

commands:
  extend   start an extension (add --wait to wait for the result)
  status   read a task once
  wait     wait for a task to finish, with progress
  chain    run several extensions one after another (each from the previous result)

common options:
  --provider legnext|apiframe   which API (required)
  --api-key KEY                 or LEGNEXT_API_KEY / APIFRAME_API_KEY
  --base-url URL                a proxy or the local emulator (e.g. http://127.0.0.1:8787)
  --timeout MS                  per HTTP attempt
  --json                        print the final task as JSON (for scripts)
  -h, --help                    help for a command

exit codes: 0 done, 1 task failed, 2 bad input, 3 provider/network error, 4 timeout, 130 interrupted`,
  extend: `usage: video-extend extend --provider legnext --job-id ID --video-no N [--prompt TEXT] [--callback URL] [--wait] [--json]
       video-extend extend --provider apiframe --parent-task-id ID --prompt TEXT [--aspect-ratio R]
                           [--image-url URL] [--end-image-url URL] [--enhance-prompt]
                           [--webhook-url URL] [--webhook-secret S] [--wait] [--json]`,
  status: "usage: video-extend status <task-id> --provider P [--json]",
  wait: "usage: video-extend wait <task-id> --provider P [--wait-timeout MS] [--poll-interval MS] [--json]",
  chain: `usage: video-extend chain --provider legnext --job-id ID --video-no N --prompt A --prompt B ... [--json]
       video-extend chain --provider apiframe --parent-task-id ID --prompt A --prompt B ... [--aspect-ratio R] [--json]`,
};

const options = {
  provider: { type: "string" },
  "api-key": { type: "string" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
  "wait-timeout": { type: "string" },
  "poll-interval": { type: "string" },
  json: { type: "boolean" },
  wait: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  "job-id": { type: "string" },
  "video-no": { type: "string" },
  prompt: { type: "string", multiple: true },
  callback: { type: "string" },
  "parent-task-id": { type: "string" },
  "aspect-ratio": { type: "string" },
  "image-url": { type: "string" },
  "end-image-url": { type: "string" },
  "enhance-prompt": { type: "boolean" },
  "webhook-url": { type: "string" },
  "webhook-secret": { type: "string" },
};

class UsageError extends Error {}

/** A number option: given as text on the command line, handed to the SDK as a number. */
const num = (v) => (v === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);

function fail(code, message) {
  process.stderr.write(`video-extend: ${message}\n`);
  process.exit(code);
}

function exitCodeFor(e) {
  if (!(e instanceof VideoExtendError)) return EXIT.provider;
  switch (e.code) {
    case "invalid_request": return e.status ? EXIT.provider : EXIT.badInput;
    case "task_failed": return EXIT.taskFailed;
    case "timeout": return EXIT.timeout;
    case "aborted": return EXIT.interrupted;
    default: return EXIT.provider;
  }
}

const tty = process.stderr.isTTY && !process.env.CI;
let lastLine = "";
function progress(task, label = "") {
  const pct = Math.round(task.progress ?? (task.status === "completed" ? 100 : 0));
  const line = `${label}${task.id} ${task.status} ${pct}%`;
  if (line === lastLine) return;
  lastLine = line;
  if (tty) {
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r${label}[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(pct).padStart(3)}% ${task.status.padEnd(10)} ${task.id}`);
  } else {
    process.stderr.write(`${line}\n`);
  }
}
const endProgress = () => tty && lastLine && process.stderr.write("\n");

function printTask(task, json) {
  if (json) {
    process.stdout.write(`${JSON.stringify(task, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${task.id} ${task.status}\n`);
  for (const url of task.videoUrls) process.stdout.write(`${url}\n`);
}

async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(e.message);
  }
  const { values: v, positionals } = parsed;
  const command = positionals[0];
  if (!command || command === "help") {
    process.stdout.write(`${HELP.main}\n`);
    return command || v.help ? EXIT.done : EXIT.badInput;
  }
  if (!HELP[command]) throw new UsageError(`unknown command ${JSON.stringify(command)}; see video-extend --help`);
  if (v.help) {
    process.stdout.write(`${HELP[command]}\n`);
    return EXIT.done;
  }
  if (!v.provider) throw new UsageError("--provider is required (legnext or apiframe)");
  const envKey = v.provider === "legnext" ? process.env.LEGNEXT_API_KEY : process.env.APIFRAME_API_KEY;
  const clientOptions = { provider: v.provider, apiKey: v["api-key"] ?? envKey };
  if (v["base-url"] !== undefined) clientOptions.baseURL = v["base-url"];
  if (v.timeout !== undefined) clientOptions.timeout = num(v.timeout);
  const client = new Client(clientOptions);

  const controller = new AbortController();
  let current = null; // the id of the task in flight, printed if interrupted
  process.once("SIGINT", () => {
    endProgress();
    process.stderr.write(current ? `interrupted; the task continues at the provider: ${current}\n` : "interrupted\n");
    controller.abort();
    process.exit(EXIT.interrupted);
  });
  const waitOptions = (label) => {
    const w = { signal: controller.signal, onProgress: (t) => { current = t.id; progress(t, label); } };
    if (v["wait-timeout"] !== undefined) w.timeout = num(v["wait-timeout"]);
    if (v["poll-interval"] !== undefined) w.pollInterval = num(v["poll-interval"]);
    return w;
  };
  const prompts = v.prompt ?? [];
  const request = () => {
    if (v.provider === "legnext") {
      const r = { jobId: v["job-id"], videoNo: num(v["video-no"]) };
      if (prompts.length) r.prompt = prompts[0];
      if (v.callback !== undefined) r.callback = v.callback;
      return r;
    }
    const r = { parentTaskId: v["parent-task-id"], prompt: prompts[0] };
    const map = { "aspect-ratio": "aspectRatio", "image-url": "imageUrl", "end-image-url": "endImageUrl", "webhook-url": "webhookUrl", "webhook-secret": "webhookSecret" };
    for (const [flag, key] of Object.entries(map)) if (v[flag] !== undefined) r[key] = v[flag];
    if (v["enhance-prompt"]) r.enhancePrompt = true;
    return r;
  };

  let task;
  switch (command) {
    case "extend": {
      task = await client.extendVideo(request(), { signal: controller.signal });
      current = task.id;
      if (v.wait) task = await client.waitForTask(task.id, waitOptions(""));
      break;
    }
    case "status": {
      if (!positionals[1]) throw new UsageError("status needs a task id");
      task = await client.fetchTask(positionals[1], { signal: controller.signal });
      break;
    }
    case "wait": {
      if (!positionals[1]) throw new UsageError("wait needs a task id");
      current = positionals[1];
      task = await client.waitForTask(positionals[1], waitOptions(""));
      break;
    }
    case "chain": {
      const base = request();
      delete base.prompt;
      const chainRequest = { ...base, prompts };
      const w = waitOptions("");
      w.onProgress = (step) => {
        current = step.task.id;
        progress(step.task, `step ${step.step}/${step.steps} `);
      };
      const result = await client.extendChain(chainRequest, w);
      task = result.task;
      break;
    }
  }
  endProgress();
  printTask(task, v.json);
  return task.status === "failed" ? EXIT.taskFailed : EXIT.done;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    endProgress();
    if (e instanceof UsageError) fail(EXIT.badInput, `${e.message}\n${HELP.main.split("\n")[0]}`);
    const code = exitCodeFor(e);
    const where = e?.taskId ? ` (task ${e.taskId})` : "";
    fail(code, e instanceof VideoExtendError ? `[${e.code}] ${e.message}${where}` : String(e?.message ?? e));
  },
);
