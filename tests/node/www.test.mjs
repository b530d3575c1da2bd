// The browser demo (www/) end to end in headless Chromium: the emulator serves the page and the
// built package; each test drives the form like a user and saves a screenshot of the state it
// reached under tests/artifacts/ (git-ignored).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, received, root } from "./helpers/emulator.mjs";
import { launchChromium } from "./helpers/processes.mjs";

const artifacts = join(root, "tests", "artifacts");
let emu;
let chromium;
let page;
before(async () => {
  mkdirSync(artifacts, { recursive: true });
  emu = await startEmulator(["--www", join(root, "www"), "--pkg", join(root, "pkg")]);
  chromium = await launchChromium();
});
after(async () => {
  await chromium?.close();
  await emu?.stop();
});
beforeEach(async (t) => {
  await emu.reset();
  page = await chromium.context.newPage();
  page.setDefaultTimeout(20000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], "no uncaught errors in the page");
  });
  await page.goto(`${emu.url}/?poll=500`);
  await page.waitForSelector("body[data-ready=true]");
});

const shot = (name) => page.screenshot({ path: join(artifacts, `www-${name}.png`), fullPage: true });

test("extend: progress, then four playing videos, then extending the result again", async () => {
  await page.click("#extend");
  await page.waitForSelector("body[data-state=completed]");
  assert.equal(await page.locator("#error").isHidden(), true);
  assert.match(await page.textContent("#state"), /^completed · 100%$/);
  assert.equal(await page.getAttribute(".progress", "aria-valuenow"), "100");
  assert.equal(await page.locator("#videos video").count(), 4);
  // The browser decoded the emulator's MP4: enough data for the current frame, and playing.
  await page.waitForFunction(() => [...document.querySelectorAll("#videos video")].every((v) => v.readyState >= 2));
  const first = await page.evaluate(() => document.querySelector("#videos video").currentTime);
  await page.waitForFunction((t0) => document.querySelector("#videos video").currentTime > t0, first);
  await shot("completed");

  const [create] = await received(emu, "POST", "/api/v1/extend-video");
  const taskId = await page.textContent("#task-id");
  assert.equal(JSON.parse(create.body).jobId, "b24ffa07-7b76-49a2-963e-f6c527f7cec7");
  assert.ok(await page.isEnabled("#chain"));
  await page.click("#chain");
  await page.waitForSelector("body[data-state=completed]");
  const creates = await received(emu, "POST", "/api/v1/extend-video");
  assert.equal(creates.length, 2);
  assert.equal(JSON.parse(creates[1].body).jobId, taskId, "the chain extends the previous result");
});

test("validation: the SDK's message appears next to the field and nothing is sent", async () => {
  await page.fill("input[name=jobId]", "not-a-job");
  await page.click("#extend");
  await page.waitForSelector("body[data-state=error]");
  const message = await page.textContent('[data-for="jobId"]');
  assert.match(message, /jobId/);
  assert.match(message, /not-a-job/);
  assert.equal(await page.getAttribute("input[name=jobId]", "aria-invalid"), "true");
  assert.equal(await page.textContent("#error-code"), "invalid_request");
  assert.deepEqual(await received(emu, "POST", "/api/v1/extend-video"), []);
  await shot("validation");

  // Fixing the field clears the message on the next try.
  await page.fill("input[name=jobId]", "b24ffa07-7b76-49a2-963e-f6c527f7cec7");
  await page.click("#extend");
  await page.waitForSelector("body[data-state=completed]");
  assert.equal(await page.textContent('[data-for="jobId"]'), "");
});

test("provider error: a 403 shows the error section with code permission", async () => {
  await emu.fault("POST /api/v1/extend-video", "forbidden");
  await page.click("#extend");
  await page.waitForSelector("body[data-state=error]");
  assert.equal(await page.locator("#error").isVisible(), true);
  assert.equal(await page.textContent("#error-code"), "permission");
  assert.ok((await page.textContent("#error-message")).length > 0);
  assert.equal(await page.locator(".field-error:not(:empty)").count(), 0, "no field blamed");
  await shot("provider-error");
});

test("APIFrame: switching provider shows its fields and extends to one video", async () => {
  await page.check("input[name=provider][value=apiframe]");
  assert.equal(await page.locator("input[name=jobId]").isVisible(), false);
  await page.click("#extend");
  await page.waitForSelector("body[data-state=completed]");
  assert.equal(await page.locator("#videos video").count(), 1);
  const [create] = await received(emu, "POST", "/luma-extend");
  assert.equal(JSON.parse(create.body).parent_task_id, "29e983ca-7e86-4017-a9e3-ef6fe9cd5f2a");
});

test("a narrow screen keeps the form usable (no horizontal scroll)", async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await shot("narrow");
});
