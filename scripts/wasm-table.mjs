// Drops the closure shims wasm-bindgen leaves in the wasm's function table for nothing to call.
//
// Each closure type the Rust code mentions gets an `invoke` shim whose table index wasm-bindgen's
// descriptor reads at build time. wasm-bindgen exports the shims the glue calls (by name) and
// deletes the descriptors, but leaves every shim in the table's element segment. The table is not
// exported and Rust never calls a shim (only JS does, through the exports), so the others are
// unreachable; yet no optimizer can drop a table entry while `call_indirect` exists. Here each
// unexported shim's entry points at one `unreachable` stub instead (indices stay as they were),
// and `wasm-opt` then removes the shims: 43 entries, 5 KB raw, 0.4 KB gzip. Runs on
// wasm-bindgen's output, which still has its name section. Used by scripts/build.mjs; tested by
// tests/node/core.test.mjs.
import binaryen from "binaryen";

/** The name wasm-bindgen's closure invoke shims have in the name section. */
export const INVOKE_SHIM = /^wasm_bindgen::convert::closures::.*::invoke::h[0-9a-f]{16}$/;
const STUB = "__video_extend_uncalled_shim";

/**
 * Returns `bytes` with the table entries of unexported invoke shims pointing at a stub, and how
 * many entries were redirected and kept. Throws when the module has no exported shim (the name
 * section is missing, or wasm-bindgen changed its naming): nothing is guessed.
 */
export function pruneClosureShims(bytes) {
  const m = binaryen.readBinary(bytes);
  try {
    // What the build's wasm-opt enables (not `All`: binaryen would then write the import section
    // in an encoding engines do not read yet).
    const F = binaryen.Features;
    m.setFeatures(
      F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes | F.Multivalue,
    );
    const exported = new Set();
    for (let i = 0; i < m.getNumExports(); i++) {
      const e = binaryen.getExportInfo(m.getExportByIndex(i));
      if (e.kind === binaryen.ExternalFunction) exported.add(e.value);
    }
    const segments = [];
    for (let i = 0; i < m.getNumElementSegments(); i++) {
      segments.push(binaryen.getElementSegmentInfo(m.getElementSegmentByIndex(i)));
    }
    let redirected = 0;
    let kept = 0;
    const rewritten = segments.map((seg) => {
      const data = seg.data.map((f) => {
        if (!INVOKE_SHIM.test(f)) return f;
        if (exported.has(f)) {
          kept++;
          return f;
        }
        redirected++;
        return STUB;
      });
      return { ...seg, data, changed: data.some((f, i) => f !== seg.data[i]) };
    });
    if (kept === 0) throw new Error("wasm-table: no exported closure shim in the table (no name section?)");
    if (redirected === 0) return { bytes, redirected, kept };
    m.addFunction(STUB, binaryen.none, binaryen.none, [], m.unreachable());
    for (const seg of rewritten) {
      if (!seg.changed) continue;
      const offset = binaryen.getExpressionInfo(seg.offset);
      if (offset.id !== binaryen.ConstId || typeof offset.value !== "number") {
        throw new Error(`wasm-table: element segment ${seg.name} has a non-constant offset`);
      }
      m.removeElementSegment(seg.name);
      m.addActiveElementSegment(seg.table, seg.name, seg.data, m.i32.const(offset.value));
    }
    if (!m.validate()) throw new Error("wasm-table: the rewritten module does not validate");
    return { bytes: m.emitBinary(), redirected, kept };
  } finally {
    m.dispose();
  }
}
