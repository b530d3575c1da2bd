// A Cloudflare Worker around video-extend:
//  (a) /legnext/* and /apiframe/* proxy browser calls to the provider, adding the API key that
//      only the Worker holds (a browser Client uses `baseURL: "<worker>/legnext"` and no apiKey);
//  (b) /webhooks/legnext and /webhooks/apiframe receive provider notifications and verify them
//      with parseWebhook (APIFrame's x-webhook-secret; Legnext's signed callback URL);
//  (c) /sign-callback returns a signed Legnext callback URL for this Worker.
import { VideoExtendError } from "video-extend";
import { parseWebhook, signCallbackUrl } from "video-extend/webhooks";

const DEFAULT_BASE = { legnext: "https://api.legnext.ai", apiframe: "https://api.apiframe.pro" };
// Only the endpoints the SDK uses are forwarded: the Worker is not an open relay.
const ALLOWED = {
  legnext: [["POST", /^\/api\/v1\/extend-video$/], ["GET", /^\/api\/v1\/job\/[0-9a-fA-F-]{36}$/]],
  apiframe: [["POST", /^\/luma-extend$/], ["POST", /^\/fetch$/], ["POST", /^\/fetch-many$/]],
};

function cors(response, env) {
  const headers = new Headers(response.headers);
  headers.set("access-control-allow-origin", env.ALLOWED_ORIGIN ?? "*");
  headers.set("access-control-allow-methods", "GET, POST, OPTIONS");
  headers.set("access-control-allow-headers", "content-type, x-video-extend-client");
  headers.set("access-control-expose-headers", "x-request-id, retry-after, retry-after-ms");
  return new Response(response.body, { status: response.status, headers });
}

async function proxy(request, env, provider, path, search) {
  const allowed = ALLOWED[provider].some(([m, re]) => m === request.method && re.test(path));
  if (!allowed) return Response.json({ errors: [{ msg: `not proxied: ${request.method} ${path}` }] }, { status: 404 });
  const key = provider === "legnext" ? env.LEGNEXT_API_KEY : env.APIFRAME_API_KEY;
  if (!key) return Response.json({ errors: [{ msg: `${provider} key not configured` }] }, { status: 500 });
  const headers = new Headers({ accept: "application/json" });
  const type = request.headers.get("content-type");
  if (type) headers.set("content-type", type);
  const client = request.headers.get("x-video-extend-client");
  if (client) headers.set("x-video-extend-client", client);
  if (provider === "legnext") headers.set("x-api-key", key);
  else headers.set("authorization", key);
  const base = (provider === "legnext" ? env.LEGNEXT_BASE_URL : env.APIFRAME_BASE_URL) ?? DEFAULT_BASE[provider];
  const body = request.method === "GET" ? undefined : await request.arrayBuffer();
  return fetch(`${base}${path}${search}`, { method: request.method, headers, body });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method === "OPTIONS") return cors(new Response(null, { status: 204 }), env);
    const [, first, second] = url.pathname.split("/");

    if (first === "webhooks" && (second === "legnext" || second === "apiframe")) {
      try {
        const event = await parseWebhook(request, { provider: second, secret: env.WEBHOOK_SECRET });
        // Deliveries can repeat: a real app stores event.deliveryKey and drops duplicates.
        console.log(`webhook ${event.deliveryKey}`);
        return Response.json({ ok: true, deliveryKey: event.deliveryKey, status: event.status, videoUrls: event.videoUrls });
      } catch (e) {
        if (e instanceof VideoExtendError) return Response.json({ ok: false, code: e.code, message: e.message }, { status: 401 });
        throw e;
      }
    }
    if (first === "sign-callback") {
      const callback = signCallbackUrl(`${url.origin}/webhooks/legnext`, { secret: env.WEBHOOK_SECRET, expiresIn: 3600 });
      return cors(Response.json({ callback }), env);
    }
    if (first === "legnext" || first === "apiframe") {
      const path = url.pathname.slice(first.length + 1) || "/";
      return cors(await proxy(request, env, first, path, url.search), env);
    }
    return new Response("video-extend worker: /legnext/*, /apiframe/*, /webhooks/{legnext,apiframe}, /sign-callback\n", { status: 404 });
  },
};
