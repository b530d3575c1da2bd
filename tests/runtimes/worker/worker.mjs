// The shared scenario inside workerd (run by miniflare after an esbuild bundle, and by
// `wrangler dev` from wrangler.toml next to this file): GET / runs it against env.EMULATOR.
import * as sdk from "video-extend";
import * as hooks from "video-extend/webhooks";
import { runScenario } from "../scenario.mjs";

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== "/") return new Response("not found", { status: 404 });
    return Response.json(await runScenario(sdk, env.EMULATOR, hooks));
  },
};
