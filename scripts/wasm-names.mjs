// Shortens the wasm module's import and export names, and rewrites wasm-bindgen's glue (and its
// typings) to match. wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` under the
// module "./video_extend_bg.js": 66 imports and 30 exports spent 4.4 KB of names in the wasm and
// as many in the glue, and hex digits barely compress. Emscripten and binaryen's
// --minify-imports-and-exports do the same; binaryen's pass is not used because it re-encodes the
// code section (+250 B). Used by scripts/build.mjs; tests/node/core.test.mjs checks the result.

/** The n-th short name: a..z, A..Z, then two letters (aa, ab, …). Valid JS identifiers. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const shortName = (n) =>
  n < ALPHABET.length
    ? ALPHABET[n]
    : shortName(Math.floor(n / ALPHABET.length) - 1) + ALPHABET[n % ALPHABET.length];

/** Reads the wasm binary format's pieces this rewrite needs (sections, LEB128, names). */
class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }
  u32() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++];
      if (b === undefined) throw new Error("wasm-names: truncated LEB128");
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  name() {
    const len = this.u32();
    const text = new TextDecoder("utf-8", { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return text;
  }
  /** Skips a `limits` (min, optional max; the flag byte also marks shared / 64-bit). */
  limits() {
    const flags = this.bytes[this.pos++];
    this.u32();
    if (flags & 1) this.u32();
  }
}

const leb = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};
const encodeName = (s) => {
  const utf8 = new TextEncoder().encode(s);
  return [...leb(utf8.length), ...utf8];
};

/**
 * Renames every import to (module "a", a short name) and every export to a short name.
 * Returns the new bytes and the renames: { module: [old, new], imports: Map, exports: Map }.
 */
export function minifyWasmNames(bytes) {
  const r = new Reader(bytes, 8);
  const out = [...bytes.subarray(0, 8)];
  const imports = new Map();
  const exports = new Map();
  let module = null;
  while (r.pos < bytes.length) {
    const id = bytes[r.pos++];
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    let body;
    if (id === 2) {
      const count = r.u32();
      body = leb(count);
      for (let i = 0; i < count; i++) {
        const mod = r.name();
        const name = r.name();
        if (module === null) module = mod;
        if (mod !== module) throw new Error(`wasm-names: a second import module ${mod}`);
        const descStart = r.pos;
        const kind = bytes[r.pos++];
        if (kind === 0) r.u32(); // function: type index
        else if (kind === 1) (r.pos++, r.limits()); // table: reftype, limits
        else if (kind === 2) r.limits(); // memory
        else if (kind === 3) r.pos += 2; // global: valtype, mutability
        else throw new Error(`wasm-names: import ${name} has an unknown kind ${kind}`);
        if (imports.has(name)) throw new Error(`wasm-names: import ${name} appears twice`);
        const short = shortName(imports.size);
        imports.set(name, short);
        body.push(...encodeName("a"), ...encodeName(short), ...bytes.subarray(descStart, r.pos));
      }
    } else if (id === 7) {
      const count = r.u32();
      body = leb(count);
      for (let i = 0; i < count; i++) {
        const name = r.name();
        const descStart = r.pos;
        r.pos++; // kind
        r.u32(); // index
        // Also `memory` and the externref table: tests and benchmarks find them by type.
        const short = shortName(exports.size);
        exports.set(name, short);
        body.push(...encodeName(short), ...bytes.subarray(descStart, r.pos));
      }
    }
    if (body) {
      if (r.pos !== end) throw new Error(`wasm-names: section ${id} did not parse to its end`);
      out.push(id, ...leb(body.length), ...body);
    } else {
      out.push(...bytes.subarray(start - leb(size).length - 1, end));
    }
    r.pos = end;
  }
  return { bytes: Uint8Array.from(out), module: [module, "a"], imports, exports };
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces the one match of `re` by `to(...match)`; throws unless there is exactly one. */
const replaceOnce = (text, re, to, what) => {
  let n = 0;
  const result = text.replace(re, (...m) => (n++, to(...m)));
  if (n !== 1) throw new Error(`wasm-names: ${what}: ${n} matches, expected 1`);
  return result;
};

/**
 * Rewrites wasm-bindgen's (unminified) glue for the renames: the import object's keys and its
 * module key, and every `wasm.<export>` access. Throws if the glue is not shaped as expected.
 */
export function renameInGlue(glue, { module, imports, exports }) {
  let out = replaceOnce(glue, new RegExp(`"${escapeRe(module[0])}": `, "g"), () => `"${module[1]}": `, "import module key");
  for (const [from, to] of imports) {
    out = replaceOnce(out, new RegExp(`(\\n\\s+)${escapeRe(from)}: function\\(`, "g"), (_, ws) => `${ws}${to}: function(`, `import ${from}`);
  }
  out = out.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (m, name) => {
    const to = exports.get(name);
    if (to === undefined) throw new Error(`wasm-names: the glue uses wasm.${name}, which the module does not export`);
    return `wasm.${to}`;
  });
  for (const [from] of imports) {
    if (new RegExp(`\\b${escapeRe(from)}\\b`).test(out)) throw new Error(`wasm-names: the glue still names import ${from}`);
  }
  return out;
}

/** Rewrites the export names in a typings file (`readonly name:` in InitOutput, `export const name:`). */
export function renameInTypings(dts, { exports }) {
  let out = dts;
  for (const [from, to] of exports) {
    out = out.replace(new RegExp(`(readonly |export const )${escapeRe(from)}:`, "g"), `$1${to}:`);
  }
  return out;
}
