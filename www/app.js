// The demo page: builds requests from the form, shows the SDK's own validation errors next to
// their fields, extends, follows the task with waitForTask's progress reports, plays the videos,
// and chains. Query parameters: ?proxy=, ?key=, ?base=, ?poll= (ms).
import { Client, VideoExtendError } from "/pkg/browser.mjs";

const $ = (id) => document.getElementById(id);
const form = $("form");
const params = new URLSearchParams(location.search);
// With ?proxy=<origin of examples/worker> the page holds no key: the Worker adds it (the safe
// way). Otherwise it talks to the emulator (or ?base=) with the emulator's key, which is only
// acceptable because that key is not a secret.
const proxy = params.get("proxy");
const clientOptions = (provider) =>
  proxy
    ? { provider, baseURL: `${proxy}/${provider}` }
    : {
        provider,
        apiKey: params.get("key") ?? "ve-emulator-key",
        baseURL: params.get("base") ?? location.origin,
        dangerouslyAllowBrowser: true,
      };
const pollInterval = params.has("poll") ? Number(params.get("poll")) : undefined;
let lastTask = null;

const provider = () => form.elements.provider.value;
function showProviderFields() {
  for (const el of form.querySelectorAll("[data-provider]")) el.hidden = el.dataset.provider !== provider();
}
for (const radio of form.elements.provider) radio.addEventListener("change", () => { showProviderFields(); clearErrors(); });

function clearErrors() {
  for (const p of form.querySelectorAll(".field-error")) p.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  $("error").hidden = true;
}

function request(fromTask) {
  const prompt = form.elements.prompt.value;
  if (provider() === "legnext") {
    const req = { jobId: fromTask?.id ?? form.elements.jobId.value.trim(), videoNo: Number(form.elements.videoNo.value) };
    if (prompt !== "") req.prompt = prompt;
    return req;
  }
  return { parentTaskId: fromTask?.id ?? form.elements.parentTaskId.value.trim(), prompt, aspectRatio: form.elements.aspectRatio.value };
}

function showError(e) {
  if (e instanceof VideoExtendError && e.field && form.querySelector(`[data-for="${e.field}"]`)) {
    form.querySelector(`[data-for="${e.field}"]`).textContent = e.message;
    form.elements[e.field]?.setAttribute("aria-invalid", "true");
    form.elements[e.field]?.focus();
  }
  $("error").hidden = false;
  $("error-code").textContent = e?.code ?? "error";
  $("error-message").textContent = e?.message ?? String(e);
}

function render(task) {
  $("status").hidden = false;
  $("task-id").textContent = task.id;
  const pct = Math.round(task.progress ?? (task.status === "completed" ? 100 : 0));
  $("bar").style.width = `${pct}%`;
  document.querySelector(".progress").setAttribute("aria-valuenow", String(pct));
  $("state").textContent = `${task.status}${task.providerStatus && task.providerStatus !== task.status ? ` (${task.providerStatus})` : ""} · ${pct}%`;
  $("raw").textContent = JSON.stringify(task.raw, null, 2);
  const videos = $("videos");
  if (videos.dataset.urls === task.videoUrls.join(" ")) return; // keep the players that are loading
  videos.dataset.urls = task.videoUrls.join(" ");
  videos.replaceChildren(...task.videoUrls.map((url) => {
    const v = document.createElement("video");
    Object.assign(v, { src: url, controls: true, muted: true, loop: true, autoplay: true, playsInline: true });
    return v;
  }));
}

let controller = null;

async function run(fromTask) {
  clearErrors();
  controller = new AbortController();
  document.body.dataset.state = "working";
  $("extend").disabled = $("chain").disabled = true;
  $("cancel").hidden = false;
  try {
    const client = new Client(clientOptions(provider()));
    const created = await client.extendVideo(request(fromTask), { signal: controller.signal });
    render(created);
    // The SDK polls on its own schedule (or every ?poll= ms) and reports each change.
    const task = await client.waitForTask(created.id, { onProgress: render, pollInterval, signal: controller.signal });
    render(task);
    lastTask = task;
    document.body.dataset.state = "completed";
  } catch (e) {
    showError(e);
    document.body.dataset.state = "error";
  } finally {
    controller = null;
    $("cancel").hidden = true;
    $("extend").disabled = false;
    $("chain").disabled = !lastTask;
  }
}

form.addEventListener("submit", (ev) => { ev.preventDefault(); lastTask = null; run(null); });
$("chain").addEventListener("click", () => run(lastTask));
$("cancel").addEventListener("click", () => controller?.abort());
showProviderFields();
document.body.dataset.ready = "true";
