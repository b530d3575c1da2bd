// Compiled with `tsc --strict --noEmit` by tests/node/types.test.mjs. Every `@ts-expect-error`
// line must be a type error: if a misuse starts to compile, tsc reports the unused directive.
import { Client, extendVideo, fetchTask, waitForTask, VideoExtendError, version } from "video-extend";
import { parseWebhook, signCallbackUrl, VideoExtendError as WebhookError } from "video-extend/webhooks";
import type { Task, TaskStatus, ClientOptions, ExtendRequest, ErrorCode, Provider, ChainResult, ChainProgress } from "video-extend";
import type { WebhookEvent } from "video-extend/webhooks";

async function main(apiKey: string): Promise<void> {
  const legnext = new Client({ provider: "legnext", apiKey });
  const task: Task = await legnext.extendVideo({
    jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7",
    videoNo: 0,
    prompt: "Continue with more dynamic movement",
  });
  const latest = await legnext.fetchTask(task.id, { timeout: 5000, signal: new AbortController().signal });
  const status: TaskStatus = latest.status;
  const urls: string[] = latest.videoUrls;
  const progress: number | undefined = latest.progress;
  const provider: Provider = latest.provider;

  const apiframe = new Client({ provider: "apiframe", apiKey, baseURL: "http://127.0.0.1:8787", timeout: 1000, maxRetries: 0, fetch });
  await apiframe.extendVideo({
    parentTaskId: "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a",
    prompt: "A colossal mech",
    aspectRatio: "16:9",
    webhookUrl: "https://example.com/hook",
    webhookSecret: "s",
    enhancePrompt: true,
    extraBody: { seed: 1 },
  });
  await extendVideo({ provider: "legnext", apiKey }, { jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 1 });
  await fetchTask({ provider: "apiframe", apiKey }, "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a");

  try {
    await legnext.fetchTask("x");
  } catch (e) {
    if (e instanceof VideoExtendError) {
      const code: ErrorCode = e.code;
      const retryable: boolean = e.retryable;
      const ambiguous: boolean = e.ambiguous;
      const httpStatus: number | undefined = e.status;
      const field: string | undefined = e.field;
      const name: "VideoExtendError" = e.name;
      const message: string = e.message;
      console.log(code, retryable, ambiguous, httpStatus, field, name, message, e.requestId, e.taskId, e.providerMessage);
    }
  }
  const opts: ClientOptions = { provider: "legnext", apiKey, dangerouslyAllowBrowser: false };
  const req: ExtendRequest = { jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 3 };
  console.log(status, urls, progress, provider, opts, req, version());

  // ---- the lifecycle and webhooks ----
  const waited: Task = await legnext.waitForTask(task.id, { timeout: 60_000, pollInterval: 2000, onProgress: (t: Task) => console.log(t.progress) });
  await apiframe.extendAndWait({ parentTaskId: "p", prompt: "x" }, { signal: new AbortController().signal });
  await waitForTask({ provider: "legnext", apiKey }, task.id);
  const chain: ChainResult = await legnext.extendChain(
    { jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, prompts: ["a", undefined] },
    { onProgress: (r) => console.log(r.step, r.steps, r.task.status) },
  );
  await apiframe.extendChain({ parentTaskId: "p", prompts: ["a", "b"], aspectRatio: "9:16" });
  const many = await apiframe.fetchTasks(["a", "b"]);
  for (const r of many) if (r.status === "fulfilled") console.log(r.value.videoUrls);
  const event: WebhookEvent = await parseWebhook({ body: "{}", headers: {} }, { provider: "apiframe", secret: "s" });
  const key: string = event.deliveryKey;
  const signed: string = signCallbackUrl("https://example.com/hook", { secret: "s", expiresIn: 3600 });
  // video-extend/webhooks re-exports the one error class (the same class at run time).
  const same: typeof VideoExtendError = WebhookError;
  try {
    await legnext.extendChain({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, prompts: ["a"] });
  } catch (e) {
    if (e instanceof VideoExtendError && e.resumeFrom) {
      const progress: ChainProgress = e.resumeFrom;
      const step: number | undefined = e.step;
      console.log(progress.finishedTaskIds, step);
    }
  }
  console.log(waited, chain.taskIds, key, signed);

  // ---- misuse that must not compile ----
  // @ts-expect-error pollInterval is a number
  await legnext.waitForTask(task.id, { pollInterval: "2000" });
  // @ts-expect-error a Legnext chain takes prompts, not prompt
  await legnext.extendChain({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, prompt: "a" });
  // @ts-expect-error an unknown webhook provider
  await parseWebhook({ body: "{}", headers: {} }, { provider: "luma", secret: "s" });
  // @ts-expect-error videoNo is a number 0-3, not a string
  await legnext.extendVideo({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: "1" });
  // @ts-expect-error videoNo 4 is out of range
  await legnext.extendVideo({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 4 });
  // @ts-expect-error jobId is required
  await legnext.extendVideo({ videoNo: 0 });
  // @ts-expect-error APIFrame fields on a Legnext request
  await legnext.extendVideo({ jobId: "b24ffa07-7b76-49a2-963e-f6c527f7cec7", videoNo: 0, aspectRatio: "16:9" });
  // @ts-expect-error Legnext fields on an APIFrame request
  await apiframe.extendVideo({ parentTaskId: "p", prompt: "x", callback: "https://example.com" });
  // @ts-expect-error an unknown provider
  new Client({ provider: "runway", apiKey });
  // @ts-expect-error apiKey must be a string
  new Client({ provider: "legnext", apiKey: 42 });
  // @ts-expect-error aspectRatio is one of Luma's ratios
  await apiframe.extendVideo({ parentTaskId: "p", prompt: "x", aspectRatio: "2:1" });
  // @ts-expect-error APIFrame's prompt is required
  await apiframe.extendVideo({ parentTaskId: "p" });
  // @ts-expect-error snake_case wire names are not the JS API
  await apiframe.extendVideo({ parent_task_id: "p", prompt: "x" });
  // @ts-expect-error status is a closed union
  const wrong: TaskStatus = "running";
  console.log(wrong);
}

void main;
