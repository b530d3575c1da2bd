// The demo page: builds requests from the form, shows the SDK's own validation errors next to
// their fields, extends, follows the task with a progress bar, plays the videos, and chains.
import { Client, VideoExtendError } from "/pkg/browser.mjs";

const $ = (id) => document.getElementById(id);
const form = $("form");
const params = new URLSearchParams(location.search);
// The emulator accepts this key. A real deployment keeps its key in a proxy (see examples/worker).
const clientOptions = (provider) => ({
  provider,
  apiKey: params.get("key") ?? "ve-emulator-key",
  baseURL: params.get("base") ?? location.origin,
  dangerouslyAllowBrowser: true,
});
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
  videos.replaceChildren(...task.videoUrls.map((url) => {
    const v = document.createElement("video");
    Object.assign(v, { src: url, controls: true, muted: true, loop: true, autoplay: true, playsInline: true });
    return v;
  }));
}

async function run(fromTask) {
  clearErrors();
  const client = new Client(clientOptions(provider()));
  $("extend").disabled = $("chain").disabled = true;
  try {
    let task = await client.extendVideo(request(fromTask));
    render(task);
    while (task.status !== "completed" && task.status !== "failed") {
      await new Promise((r) => setTimeout(r, 700));
      task = await client.fetchTask(task.id);
      render(task);
    }
    if (task.status === "failed") throw Object.assign(new Error(task.error?.message ?? "the task failed"), { code: "task_failed" });
    lastTask = task;
    document.body.dataset.state = "completed";
  } catch (e) {
    showError(e);
    document.body.dataset.state = "error";
  } finally {
    $("extend").disabled = false;
    $("chain").disabled = !lastTask;
  }
}

form.addEventListener("submit", (ev) => { ev.preventDefault(); lastTask = null; run(null); });
$("chain").addEventListener("click", () => run(lastTask));
showProviderFields();
document.body.dataset.ready = "true";
