// The README's copy of the fault matrix is the generated one (docs/fault-matrix.md, itself
// checked against the emulator by faults.test.mjs). UPDATE_README=1 rewrites the README copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./helpers/emulator.mjs";

test("README carries the current fault matrix", () => {
  const doc = readFileSync(join(root, "docs", "fault-matrix.md"), "utf8");
  const table = doc.slice(doc.indexOf("| operation | what runs |")).trimEnd() + "\n";
  const readmePath = join(root, "README.md");
  const readme = readFileSync(readmePath, "utf8");
  const start = "<!-- fault-matrix:start -->\n";
  const end = "<!-- fault-matrix:end -->";
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  assert.ok(i >= 0 && j > i, "README has the fault-matrix markers");
  const current = readme.slice(i + start.length, j);
  if (process.env.UPDATE_README === "1" && current !== table) {
    writeFileSync(readmePath, readme.slice(0, i + start.length) + table + readme.slice(j));
    return;
  }
  assert.ok(table.includes("| `reset_after` |"), "the generated table lists the faults");
  assert.equal(current, table, "README's fault matrix is stale: run with UPDATE_README=1");
});
