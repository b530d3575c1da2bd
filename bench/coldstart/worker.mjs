// The workerd cold-start worker: `workerd test` loads it in a fresh process and runs test(),
// which constructs a client and makes its first two calls against a stub fetch. CLIENT is
// replaced by the bundler (esbuild --define) with the module to load: ours or the plain client.
import * as mod from "CLIENT_MODULE";

const body = '{"job_id":"b24ffa07-7b76-49a2-963e-f6c527f7cec7","status":"completed","output":{"video_urls":["http://127.0.0.1/a.mp4"]}}';
const fetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });

export default {
  async test() {
    const opts = { provider: "legnext", apiKey: "k", baseURL: "http://127.0.0.1:9", fetch };
    const client = mod.Client ? new mod.Client(opts) : new mod.PlainClient(opts);
    const task = await client.fetchTask("b24ffa07-7b76-49a2-963e-f6c527f7cec7");
    await client.extendVideo({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, prompt: "Continue with more dynamic movement" });
    if (task.status !== "completed") throw new Error("unexpected task " + JSON.stringify(task));
  },
};
