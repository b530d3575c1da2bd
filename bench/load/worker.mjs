// The workerd load worker (run by miniflare): GET /run?n=10000&which=ours|plain&url=<emulator>
// makes n concurrent fetchTask calls from this one isolate and answers with the outcome counts,
// the wasm memory before/after, and the duration (Date.now() advances across I/O in workerd).
import * as ours from "VIDEO_EXTEND";
import { PlainClient } from "../plain-client.mjs";

const wasmBytes = () => Object.values(ours.initSync()).find((v) => v instanceof WebAssembly.Memory).buffer.byteLength;

export default {
  async fetch(request) {
    const q = new URL(request.url).searchParams;
    const n = Number(q.get("n") ?? 10000);
    const opts = { provider: "legnext", apiKey: "ve-emulator-key", baseURL: q.get("url") };
    const client = q.get("which") === "plain" ? new PlainClient(opts) : new ours.Client(opts);
    const wasmBefore = wasmBytes();
    const t0 = Date.now();
    const rs = await Promise.allSettled(
      Array.from({ length: n }, () => client.fetchTask("b24ffa07-7b76-49a2-963e-f6c527f7cec7")),
    );
    const ms = Date.now() - t0;
    const errors = {};
    let ok = 0;
    for (const r of rs) {
      if (r.status === "fulfilled" && r.value.status === "completed") ok++;
      else {
        const k = r.status === "fulfilled" ? `status ${r.value.status}` : `${r.reason?.code ?? ""} ${String(r.reason?.message ?? r.reason).slice(0, 120)}`;
        errors[k] = (errors[k] ?? 0) + 1;
      }
    }
    return Response.json({ n, ok, failures: n - ok, errors, ms, wasmBefore, wasmAfter: wasmBytes() });
  },
};
