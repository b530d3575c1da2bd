// The scenario through a Vite production build: "video-extend" resolves through the package's
// `browser` condition, and Vite emits the .wasm the entry fetches with new URL(..., import.meta.url).
import * as sdk from "video-extend";
import * as hooks from "video-extend/webhooks";
import { runScenario } from "../scenario.mjs";

window.scenario = runScenario(sdk, location.origin, hooks);
