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

// The Legnext chain runs through the CLI shipped in the package: a live progress bar on a TTY,
// one line per change otherwise.
function cli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "pkg", "cli.mjs"), ...args, "--base-url", emu.url, "--api-key", KEY],
      { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`video-extend ${args[0]} exited with ${code}`))));
  });
}

try {
  console.log("Legnext: a chain of 2 extensions from b24ffa07-…, each from the previous result (via the CLI)");
  const chain = JSON.parse(await cli(["chain", "--provider", "legnext", "--job-id", "b24ffa07-7b76-49a2-963e-f6c527f7cec7",
    "--video-no", "0", "--prompt", "Continue with more dynamic movement", "--prompt", "Slow down and fade to the horizon", "--json",
    // Emulator jobs take seconds; the adaptive schedule is tuned for real minutes-long jobs.
    "--poll-interval", "1000"]));
  console.log("Legnext videos:");
  for (const url of chain.videoUrls) console.log(`  ${url}`);

  console.log("APIFrame: extending 29e983ca-… (via the SDK: extendAndWait)");
  const apiframe = new Client({ provider: "apiframe", apiKey: KEY, baseURL: emu.url });
  let last = "";
  const luma = await apiframe.extendAndWait(
    { parentTaskId: "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a", prompt: "A colossal mech walks on", aspectRatio: "16:9" },
    { onProgress: (t) => {
      const line = `  ${t.id.slice(0, 8)} ${t.status} ${Math.round(t.progress ?? 0)}%`;
      if (line !== last) console.log((last = line));
    }, pollInterval: 1000 },
  );
  console.log(`APIFrame video:\n  ${luma.videoUrls[0]}`);
  console.log(`browser demo: ${emu.url}/`);
} catch (e) {
  console.error(e instanceof VideoExtendError ? `error [${e.code}]: ${e.message}` : String(e?.message ?? e));
  emu.child.kill("SIGTERM");
  process.exit(1);
}

if (keep) {
  console.log("emulator and page keep running; Ctrl-C to stop");
  process.on("SIGINT", () => emu.child.kill("SIGTERM"));
} else {
  emu.child.kill("SIGTERM");
}
