// Type resolution from an ES module (Node "import", Deno, Bun, bundlers, workerd).
import { Client, VideoExtendError, type Task } from "video-extend";
import { parseWebhook, signCallbackUrl, type WebhookEvent } from "video-extend/webhooks";

const client = new Client({ provider: "legnext", apiKey: "k" });
const task: Promise<Task> = client.waitForTask("id", { pollInterval: 500, onProgress: (t: Task) => void t.status });
export const check = (e: unknown): string | undefined => (e instanceof VideoExtendError ? e.code : undefined);
export const hook: Promise<WebhookEvent> = parseWebhook({ body: "{}", headers: {}, url: signCallbackUrl("https://a.example/h", { secret: "s" }) }, { provider: "legnext", secret: "s" });
export { task };
