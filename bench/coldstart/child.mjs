// One cold start, in a fresh process (Node, Deno or Bun): the time to import the client module
// and construct a client (the first synchronous call), then to make its first two calls
// (fetchTask + extendVideo, legnext, against a stub fetch). Prints one JSON line.
// argv: <ours|plain> <module path>
const t0 = performance.now();
const [which, path] = (globalThis.Deno ? Deno.args : (globalThis.Bun ? Bun.argv.slice(2) : process.argv.slice(2)));
const body = '{"job_id":"b24ffa07-7b76-49a2-963e-f6c527f7cec7","status":"completed","output":{"video_urls":["http://127.0.0.1/a.mp4"]}}';
const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
const opts = { provider: "legnext", apiKey: "k", baseURL: "http://127.0.0.1:9", fetch };
const t1 = performance.now();
const mod = await import(path);
const client = which === "ours" ? new mod.Client(opts) : new mod.PlainClient(opts);
const t2 = performance.now();
await client.fetchTask("b24ffa07-7b76-49a2-963e-f6c527f7cec7");
await client.extendVideo({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, prompt: "Continue with more dynamic movement" });
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t2 - t1, callsMs: t3 - t2, readyMs: t3, scriptStartMs: t0 }));
