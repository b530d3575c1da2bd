// Runs the shared scenario in the current runtime (Node ESM, Deno, Bun) with the package imported
// by its name, exactly as a user would; prints the report as one `SCENARIO {json}` line.
// Usage: <runtime> tests/runtimes/run.mjs <emulator URL>
import * as sdk from "video-extend";
import * as hooks from "video-extend/webhooks";
import { runScenario } from "./scenario.mjs";

const emulator = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const report = await runScenario(sdk, emulator, hooks);
// Which entry of the exports map this runtime picked.
report.entry = (await import.meta.resolve("video-extend")).split("/").pop();
console.log("SCENARIO " + JSON.stringify(report));
