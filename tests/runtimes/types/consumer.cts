// Type resolution from CommonJS (Node "require", TypeScript's require of an ES module).
import { Client, VideoExtendError, type Task } from "video-extend";

const client = new Client({ provider: "apiframe", apiKey: "k" });
const task: Promise<Task> = client.fetchTask("id");
export const check = (e: unknown): string | undefined => (e instanceof VideoExtendError ? e.code : undefined);
export { task };
