// The demo: a Legnext extension chain and an APIFrame extension against the local emulator,
// through the built package, with a live progress line. Run it with `bash scripts/demo.sh`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Client, VideoExtendError } from "video-extend";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const port = process.env.PORT ?? "8787";
const jobSeconds = process.env.JOB_SECONDS ?? "6";
const KEY = "ve-emulator-key";

async function startEmulator(p) {
  const child = spawn(join(root, "target", "debug", "video-extend-emulator"),
    ["--port", p, "--job-seconds", jobSeconds, "--quiet", "--www", join(root, "www"), "--pkg", join(root, "pkg")],
    { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  return { child, url };
}

let emu;
try {
  emu = await startEmulator(port);
} catch {
  emu = await startEmulator("0"); // the usual port is taken: any free one will do
}
console.log(`emulator: ${emu.url} (key ${KEY}; no real API is called)`);

const tty = process.stdout.isTTY;
function show(label, task) {
  const pct = Math.round(task.progress ?? (task.status === "completed" ? 100 : 0));
  if (tty) {
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stdout.write(`\r  ${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(pct).padStart(3)}% ${task.status.padEnd(10)}`);
  } else {
    console.log(`  ${label} ${task.status} ${pct}%`);
  }
}

async function waitFor(client, label, task) {
  let last = "";
  for (;;) {
    const key = `${task.status}:${task.progress}`;
    if (key !== last) show(label, task);
    last = key;
    if (task.status === "completed" || task.status === "failed") break;
    await new Promise((r) => setTimeout(r, 500));
    task = await client.fetchTask(task.id);
  }
  if (tty) process.stdout.write("\n");
  if (task.status === "failed") throw new Error(`${label} failed: ${task.error?.message}`);
  return task;
}

try {
  const legnext = new Client({ provider: "legnext", apiKey: KEY, baseURL: emu.url });
  console.log("Legnext: extending b24ffa07-… twice, each extension from the previous result");
  let parent = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
  let done;
  const prompts = ["Continue with more dynamic movement", "Slow down and fade to the horizon"];
  for (const [i, prompt] of prompts.entries()) {
    const started = await legnext.extendVideo({ jobId: parent, videoNo: 0, prompt });
    done = await waitFor(legnext, `step ${i + 1}/${prompts.length} ${started.id.slice(0, 8)}`, started);
    parent = done.id;
  }
  console.log("Legnext videos:");
  for (const url of done.videoUrls) console.log(`  ${url}`);

  const apiframe = new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url });
  console.log("APIFrame: extending 29e983ca-…");
  const luma = await apiframe.extendVideo({ parentTaskId: "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a", prompt: "A colossal mech walks on", aspectRatio: "16:9" });
  const lumaDone = await waitFor(apiframe, `luma ${luma.id.slice(0, 8)}`, luma);
  console.log(`APIFrame video:\n  ${lumaDone.videoUrls[0]}`);
  console.log(`browser demo: ${emu.url}/`);
} catch (e) {
  console.error(e instanceof VideoExtendError ? `error [${e.code}]: ${e.message}` : e);
  emu.child.kill("SIGTERM");
  process.exit(1);
}

if (keep) {
  console.log("emulator and page keep running; Ctrl-C to stop");
  process.on("SIGINT", () => emu.child.kill("SIGTERM"));
} else {
  emu.child.kill("SIGTERM");
}
