// scripts/wasm-table.mjs: the table entries of closure shims nothing exports point at a trap; the
// exported shims and every other entry stay callable at the same index.
import { test } from "node:test";
import assert from "node:assert/strict";
import binaryen from "binaryen";
import { pruneClosureShims } from "../../scripts/wasm-table.mjs";

const SHIM_USED = "wasm_bindgen::convert::closures::_::invoke::h0123456789abcdef";
const SHIM_UNUSED = "wasm_bindgen::convert::closures::_::invoke::hfedcba9876543210";

/** A module with a table [used shim, unused shim, other] at index 1..3 and `call(i)`. */
function fixture({ exportShim = true } = {}) {
  const m = new binaryen.Module();
  const ret = (name, n) => m.addFunction(name, binaryen.none, binaryen.i32, [], m.i32.const(n));
  ret(SHIM_USED, 1);
  ret(SHIM_UNUSED, 2);
  ret("vtable_entry", 3);
  m.addTable("t", 4, 4);
  m.addActiveElementSegment("t", "e", [SHIM_USED, SHIM_UNUSED, "vtable_entry"], m.i32.const(1));
  m.addFunction(
    "call",
    binaryen.createType([binaryen.i32]),
    binaryen.i32,
    [],
    m.call_indirect("t", m.local.get(0, binaryen.i32), [], binaryen.none, binaryen.i32),
  );
  m.addFunctionExport("call", "call");
  if (exportShim) m.addFunctionExport(SHIM_USED, "shim");
  assert.ok(m.validate());
  const debug = binaryen.getDebugInfo();
  binaryen.setDebugInfo(true); // the name section, as wasm-bindgen's output has it
  try {
    return m.emitBinary();
  } finally {
    binaryen.setDebugInfo(debug);
    m.dispose();
  }
}

const call = (bytes, i) => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.call(i);

test("pruneClosureShims: an unexported shim's entry traps, the others keep their index", () => {
  const before = fixture();
  assert.deepEqual([1, 2, 3].map((i) => call(before, i)), [1, 2, 3]);
  const { bytes, redirected, kept } = pruneClosureShims(before);
  assert.deepEqual({ redirected, kept }, { redirected: 1, kept: 1 });
  assert.equal(call(bytes, 1), 1);
  assert.throws(() => call(bytes, 2), WebAssembly.RuntimeError);
  assert.equal(call(bytes, 3), 3);
});

test("pruneClosureShims refuses a module where it finds no exported shim (e.g. no name section)", () => {
  assert.throws(() => pruneClosureShims(fixture({ exportShim: false })), /no exported closure shim/);
});
