// Where Node's cold start goes, in one fresh process: loading the JS module (the glue, as
// node.mjs holds it), reading the .wasm, compiling it, instantiating it (initSync), and the
// first `new Client`. Prints one JSON line. argv: <directory of the built package>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const t0 = performance.now();
const glue = await import(pathToFileURL(join(dir, "video_extend.js")).href);
const t1 = performance.now();
const bytes = readFileSync(join(dir, "video_extend_bg.wasm"));
const t2 = performance.now();
const module = new WebAssembly.Module(bytes);
const t3 = performance.now();
glue.initSync({ module });
const t4 = performance.now();
new glue.Client({ provider: "legnext", apiKey: "k", baseURL: "http://127.0.0.1:9", fetch: async () => new Response("{}") });
const t5 = performance.now();
console.log(JSON.stringify({ loadJsMs: t1 - t0, readMs: t2 - t1, compileMs: t3 - t2, instantiateMs: t4 - t3, firstClientMs: t5 - t4 }));
