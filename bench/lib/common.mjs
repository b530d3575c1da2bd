// Shared pieces of the benchmark scripts: statistics, the canned provider answers, the requests,
// and starting the emulator. Figures are always median with min-max; ratios are taken pair by
// pair (A and B run back to back, in alternating order) and then summarised the same way.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const OUT = process.env.BENCH_OUT;
export const SNAP = process.env.BENCH_PKG; // a private copy of pkg/ taken at the start of the run
export const EMULATOR = process.env.BENCH_EMULATOR;
export const KEY = "ve-emulator-key";
export const LEGNEXT_JOB = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";
export const APIFRAME_TASK = "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a";

export const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return NaN;
  return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
};
/** { median, min, max, n } of a list of numbers. */
export const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

/**
 * Runs `pairs` pairs of (a, b), alternating which goes first, and returns the raw samples and the
 * per-pair ratios a/b. `a` and `b` are async functions returning a number (e.g. ms).
 */
export async function paired(pairs, a, b) {
  const as = [], bs = [], ratios = [];
  for (let i = 0; i < pairs; i++) {
    let x, y;
    if (i % 2 === 0) { x = await a(); y = await b(); } else { y = await b(); x = await a(); }
    as.push(x); bs.push(y); ratios.push(x / y);
  }
  return { a: summary(as), b: summary(bs), ratio: summary(ratios) };
}

export const writeJson = (name, value) => writeFileSync(join(OUT, name), JSON.stringify(value, null, 2));

// Canned answers, as the emulator sends them (the stub returns these bytes).
export const BODIES = {
  legnextTask: JSON.stringify({
    job_id: LEGNEXT_JOB, model: "midjourney", task_type: "video-diffusion", status: "completed",
    config: { service_mode: "public", webhook_config: { endpoint: "", secret: "" } }, input: null,
    output: { image_urls: null, video_urls: [0, 1, 2, 3].map((n) => `http://127.0.0.1:8787/media/${LEGNEXT_JOB}-${n}.mp4`), seed: "2053075314" },
    meta: { created_at: "2025-10-14T06:23:05Z", started_at: "2025-10-14T06:23:06Z", ended_at: "2025-10-14T06:25:39Z", usage: { type: "point", frozen: 480, consume: 480 } },
    detail: null, logs: [], error: { code: 0, raw_message: "", message: "", detail: null },
  }),
  legnextCreated: JSON.stringify({
    job_id: "09be63aa-479c-4dfd-9dba-dd03177d5d69", model: "midjourney", task_type: "extend_video", status: "pending",
    config: { service_mode: "public", webhook_config: { endpoint: "", secret: "" } }, input: null,
    output: { image_urls: null, video_urls: [], seed: "" },
    meta: { created_at: "2026-11-21T05:30:55Z", started_at: "0001-01-01T00:00:00Z", ended_at: "0001-01-01T00:00:00Z", usage: { type: "point", frozen: 480, consume: 0 } },
    detail: null, logs: [], error: { code: 0, raw_message: "", message: "", detail: null },
  }),
  apiframeTask: JSON.stringify({ task_id: APIFRAME_TASK, task_type: "luma", video_url: `http://127.0.0.1:8787/media/${APIFRAME_TASK}-2.mp4` }),
  apiframeCreated: JSON.stringify({ task_id: "07cd3b8a-99bf-4675-9c18-871f737ff847" }),
};

export const REQUESTS = {
  legnext: { jobId: LEGNEXT_JOB, videoNo: 0, prompt: "Continue with more dynamic movement" },
  apiframe: { parentTaskId: APIFRAME_TASK, prompt: "Continue with more dynamic movement" },
};
export const TASK_IDS = { legnext: LEGNEXT_JOB, apiframe: APIFRAME_TASK };

const JSON_HEADERS = { "content-type": "application/json", "x-request-id": "req_1" };
/** A `fetch` that answers every call with a new Response over a prebuilt body (pure CPU). */
export const stubFetch = (body, status = 200) => {
  const init = { status, headers: JSON_HEADERS };
  return async () => new Response(body, init);
};

/** Starts the emulator on a free port; resolves { url, pid, stop() }. */
export function startEmulator(extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(EMULATOR, ["--port", "0", "--quiet", "--job-seconds", "600", ...extraArgs], { stdio: ["ignore", "pipe", "inherit"] });
    let buf = "";
    child.on("error", reject);
    child.stdout.on("data", (d) => {
      buf += d;
      const m = /listening on (http:\/\/\S+)/.exec(buf);
      if (m && !child.resolved) {
        child.resolved = true;
        resolve({
          url: m[1], pid: child.pid,
          reset: () => fetch(`${m[1]}/__emulator/reset`, { method: "POST" }).then((r) => r.text()),
          stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }),
        });
      }
    });
  });
}

/** Resident set size of a process in KB (Linux /proc). */
export async function rssKb(pid) {
  const { readFileSync } = await import("node:fs");
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}
