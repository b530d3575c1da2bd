// Type resolution from CommonJS (Node "require", TypeScript's require of an ES module).
import { Client, VideoExtendError, type Task } from "video-extend";
import { parseWebhook, signCallbackUrl, type WebhookEvent } from "video-extend/webhooks";

const client = new Client({ provider: "apiframe", apiKey: "k" });
const task: Promise<Task> = client.fetchTask("id");
export const check = (e: unknown): string | undefined => (e instanceof VideoExtendError ? e.code : undefined);
export const hook: Promise<WebhookEvent> = parseWebhook({ body: "{}", headers: {}, url: signCallbackUrl("https://a.example/h", { secret: "s" }) }, { provider: "legnext", secret: "s" });
export { task };
