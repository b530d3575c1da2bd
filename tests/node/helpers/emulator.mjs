// Starts the real video-extend-emulator on 127.0.0.1 with a free port for one test file, and
// talks to its control API. Every test that needs a server uses this; nothing else listens.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const KEY = "ve-emulator-key";
export const LEGNEXT_JOB = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
export const LEGNEXT_DEPTH4 = "d4d4d4d4-0000-4000-8000-000000000004";
export const APIFRAME_TASK = "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a";

export function emulatorBin() {
  const candidates = [
    process.env.VIDEO_EXTEND_EMULATOR,
    join(root, "target", "debug", "video-extend-emulator"),
    join(root, "target", "release", "video-extend-emulator"),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error("emulator binary not built: run `cargo build -p video-extend-emulator`");
  return found;
}

/** Starts an emulator; resolves with { url, stop, requests, faults, fault, reset, jobs, webhooks }. */
export async function startEmulator(args = []) {
  const child = spawn(emulatorBin(), ["--port", "0", "--quiet", "--job-seconds", "1", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("emulator did not start within 15 s")), 15000);
    child.once("exit", (code) => reject(new Error(`emulator exited early with ${code}`)));
    lines.on("line", (line) => {
      const m = /^video-extend-emulator listening on (http:\/\/\S+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const control = async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    child,
    requests: () => control("GET", "/__emulator/requests"),
    webhooks: () => control("GET", "/__emulator/webhooks"),
    jobs: () => control("GET", "/__emulator/jobs"),
    reset: () => control("POST", "/__emulator/reset"),
    fault: (match, fault, count = 1, extra = {}) => control("POST", "/__emulator/faults", { match, fault, count, ...extra }),
    clearFaults: () => control("DELETE", "/__emulator/faults"),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Requests the emulator received for one method + path prefix. */
export async function received(emu, method, pathPrefix) {
  return (await emu.requests()).filter((r) => r.method === method && r.path.startsWith(pathPrefix));
}

/** Awaits a promise that must reject; returns the rejection. */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection, got a result");
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts an HTTP receiver on 127.0.0.1 for callbacks and webhooks. `handle({ body, headers, url })`
 * (body as text, url absolute) returns the status to answer. Resolves with { url, close }.
 */
export async function startReceiver(handle) {
  const { createServer } = await import("node:http");
  let base = "";
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const status = await handle({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers, url: `${base}${req.url}` });
      res.writeHead(status).end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${server.address().port}`;
  return { url: base, close: () => new Promise((r) => server.close(r)) };
}
