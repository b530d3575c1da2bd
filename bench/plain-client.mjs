// The reference for the benchmark: a bare, hand-written JS client for the same two calls
// (extendVideo, fetchTask) of both providers. It sends the same bytes as video-extend (same URL,
// method, headers, body; checked by bench/lib/same-bytes.mjs at the start of every run) and does
// the minimum a careful hand-written client does: a per-attempt timeout with AbortController, a
// status check, JSON parsing, and a small normalisation to { id, status, progress, videoUrls }.
// It has no retries, no input validation beyond types, and no error classes: it is the floor.

const BASE = { legnext: "https://api.legnext.ai", apiframe: "https://api.apiframe.pro" };
const CLIENT = "video-extend/0.1.0";
const STATUS = {
  pending: "pending", staged: "pending", processing: "processing", starting: "processing",
  retry: "processing", retrying: "processing", completed: "completed", finished: "completed",
  failed: "failed",
};

export class PlainClient {
  constructor({ provider, apiKey, baseURL, fetch: f, timeout = 60000 }) {
    this.provider = provider;
    this.base = (baseURL ?? BASE[provider]).replace(/\/+$/, "");
    this.fetch = f ?? globalThis.fetch;
    this.timeout = timeout;
    this.auth = provider === "legnext" ? "x-api-key" : "authorization";
    this.apiKey = apiKey;
  }

  async #send(method, path, body) {
    const headers = { [this.auth]: this.apiKey, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    headers["x-video-extend-client"] = CLIENT;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeout);
    try {
      const init = { method, headers, signal: ac.signal };
      if (body !== undefined) init.body = body;
      const f = this.fetch; // called unbound: workerd refuses a fetch bound to another object
      const res = await f(this.base + path, init);
      const text = await res.text();
      if (!res.ok) {
        const err = new Error(`HTTP ${res.status}`);
        err.status = res.status;
        throw err;
      }
      return JSON.parse(text);
    } finally {
      clearTimeout(timer);
    }
  }

  #task(j) {
    if (this.provider === "legnext") {
      return { id: j.job_id, status: STATUS[j.status] ?? "processing", videoUrls: j.output?.video_urls ?? [] };
    }
    const status = j.status ? (STATUS[j.status] ?? "processing") : j.video_url ? "completed" : "pending";
    const progress = j.percentage !== undefined ? Number(j.percentage) : undefined;
    return { id: j.task_id, status, progress, videoUrls: j.video_url ? [j.video_url] : [] };
  }

  /** Legnext { jobId, videoNo, prompt? } / APIFrame { parentTaskId, prompt }. */
  async extendVideo(req) {
    if (this.provider === "legnext") {
      // The documented field order, as video-extend writes it.
      const body = { jobId: req.jobId, videoNo: req.videoNo };
      if (req.prompt !== undefined) body.prompt = req.prompt;
      return this.#task(await this.#send("POST", "/api/v1/extend-video", JSON.stringify(body)));
    }
    const body = { parent_task_id: req.parentTaskId, prompt: req.prompt };
    return this.#task(await this.#send("POST", "/luma-extend", JSON.stringify(body)));
  }

  async fetchTask(id) {
    if (this.provider === "legnext") {
      return this.#task(await this.#send("GET", `/api/v1/job/${encodeURIComponent(id)}`));
    }
    return this.#task(await this.#send("POST", "/fetch", JSON.stringify({ task_id: id })));
  }
}
