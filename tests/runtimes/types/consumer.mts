// Type resolution from an ES module (Node "import", Deno, Bun, bundlers, workerd).
import { Client, VideoExtendError, type Task } from "video-extend";

const client = new Client({ provider: "legnext", apiKey: "k" });
const task: Promise<Task> = client.waitForTask("id", { pollInterval: 500, onProgress: (t: Task) => void t.status });
export const check = (e: unknown): string | undefined => (e instanceof VideoExtendError ? e.code : undefined);
export { task };
