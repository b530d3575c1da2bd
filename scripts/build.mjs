// Builds the npm package into pkg/: wasm-pack (--target web, release; wasm-bindgen), then
// wasm-opt -Oz from npm's binaryen, then one small entry file per runtime and a package.json whose `exports`
// conditions pick the right one. Everything in pkg/ is generated; nothing there is edited by hand.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { minifyWasmNames, renameInGlue, renameInTypings } from "./wasm-names.mjs";
import { pruneClosureShims } from "./wasm-table.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = join(root, "pkg");
const bin = join(root, "node_modules", ".bin");
if (!existsSync(join(bin, "wasm-opt"))) {
  console.error("build: node_modules/.bin/wasm-opt is missing; run `npm ci` first (Debian's wasm-opt breaks wasm-bindgen output)");
  process.exit(2);
}
const env = { ...process.env, PATH: `${bin}:${process.env.HOME}/.cargo/bin:${process.env.PATH}` };
// Panic locations stay in the wasm as data even though the panic handler never reads them; the
// crates.io sources' absolute paths (~60 bytes each) are cut to `crate-x.y.z/src/…`.
const registry = join(process.env.CARGO_HOME ?? join(process.env.HOME ?? "", ".cargo"), "registry", "src");
if (existsSync(registry)) {
  const remaps = readdirSync(registry).map((d) => `--remap-path-prefix=${join(registry, d)}/=`);
  env.RUSTFLAGS = [process.env.RUSTFLAGS, ...remaps].filter(Boolean).join(" ");
}
const dev = process.argv.includes("--dev");
rmSync(pkg, { recursive: true, force: true });
execFileSync(
  "wasm-pack",
  ["build", dev ? "--dev" : "--release", "--target", "web", "--out-dir", "pkg", "--out-name", "video_extend", "--no-pack"],
  { cwd: root, env, stdio: "inherit" },
);

// wasm-bindgen's glue imports the package's two JS shims (src/js/error.js, src/js/json.js) from
// pkg/snippets/<hash>/. They are inlined into the glue instead (fewer modules to load at import).
// The error class stays exported.
const glue = join(pkg, "video_extend.js");
let glueSource = readFileSync(glue, "utf8").replace(
  /^import \{ (\w+) \} from '\.\/snippets\/[^']+\/src\/js\/(\w+)\.js';\n/gm,
  (_, name, file) => {
    const text = readFileSync(join(root, "src", "js", `${file}.js`), "utf8");
    return name === "VideoExtendError" ? text : text.replace(/^export (function|class) /m, "$1 ");
  },
);
if (glueSource.includes("/snippets/") || !glueSource.includes("export class VideoExtendError")) {
  throw new Error("build: the glue's snippet imports are not shaped as expected");
}
rmSync(join(pkg, "snippets"), { recursive: true, force: true });

// npm's binaryen (Debian's wasm-opt breaks wasm-bindgen output), run here rather than by
// wasm-pack so that pruneClosureShims sees wasm-bindgen's output with its names. Inlining a
// function into its only caller only when it is tiny (20 bytes) makes the module ~2.5 KB raw
// larger but ~2.2 KB smaller gzipped (the size that is budgeted): outlined bodies compress better
// than one-off inlined copies. Measured over 0-40 bytes; 20-25 was best on two versions of the code.
const WASM_OPT = [
  "-Oz", "--converge", "--one-caller-inline-max-function-size=20",
  "--strip-debug", "--strip-producers", "--strip-target-features",
  "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
  "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
];

let source = glueSource;
if (!dev) {
  const wasmFile = join(pkg, "video_extend_bg.wasm");
  const pruned = pruneClosureShims(readFileSync(wasmFile));
  writeFileSync(wasmFile, pruned.bytes);
  execFileSync("wasm-opt", [...WASM_OPT, wasmFile, "-o", wasmFile], { cwd: root, env, stdio: "inherit" });
  // Short import and export names in the wasm, the glue and the typings (see wasm-names.mjs):
  // 2.0 KB less gzip for the wasm, 1.1 KB for the glue.
  const renamed = minifyWasmNames(readFileSync(wasmFile));
  writeFileSync(wasmFile, renamed.bytes);
  for (const dts of ["video_extend.d.ts", "video_extend_bg.wasm.d.ts"]) {
    writeFileSync(join(pkg, dts), renameInTypings(readFileSync(join(pkg, dts), "utf8"), renamed));
  }
  source = renameInGlue(glueSource, renamed);
}
// Deno finds the glue's types through this leading comment; keep it.
const selfTypes = /^\/\* @ts-self-types="[^"]+" \*\/\n/.exec(source)?.[0];
if (!selfTypes) throw new Error("build: the glue's @ts-self-types comment is missing");
const body = source.slice(selfTypes.length);
// The JS ships minified (release builds): 7.0 KB gzip as wasm-bindgen writes the glue, 4.4 KB
// minified. Local identifiers are renamed; the exported classes and functions keep their names
// (`Client.name`, `extendVideo.name` and stack frames such as `Client.fetchTask` stay readable):
// without a `format`, esbuild leaves `export class Client` / `export function …` as written.
// The docs live in the .d.ts.
const minify = (js, what) => {
  if (dev) return js;
  const { code } = transformSync(js, {
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    // Drops what an entry never calls (node.mjs and workerd.mjs: the async loader).
    treeShaking: true,
    legalComments: "none",
    target: "es2022",
  });
  for (const name of ["class Client", "class VideoExtendError", "function extendVideo", "function fetchTask", "function waitForTask"]) {
    if (!code.includes(`export ${name}`)) throw new Error(`build: the minified ${what} lost \`export ${name}\``);
  }
  return code;
};
// The glue on its own (for a custom loader: `initSync` / the default `init`).
writeFileSync(glue, selfTypes + minify(body, "glue"));

// One entry module per runtime: the glue and its loader in one file, so an import loads one
// module, not a chain (a browser without a bundler makes one request for it, not three; Node
// saves about 1 ms of its cold start). Each exports the API and `initSync` (which returns the
// module's exports once loaded).
const exportLine = "export { initSync, __wbg_init as default };\n";
if (!body.includes(exportLine)) throw new Error("build: the glue's export line is not shaped as expected");
const entry = (name, head, tail) =>
  `/* @ts-self-types="./index.d.ts" */\n// Generated by scripts/build.mjs: wasm-bindgen's glue and the loader for ${name}.\n` +
  minify(head + body.replace(exportLine, "export { initSync };\n") + tail, name);
const files = {
  // Node, Deno and Bun read the .wasm file next to this one, synchronously: no init() call.
  "node.mjs": entry(
    "Node, Deno and Bun",
    `import { readFileSync } from "node:fs";\n`,
    `initSync({ module: readFileSync(new URL("./video_extend_bg.wasm", import.meta.url)) });\n`,
  ),
  // CommonJS: Node >= 20.19 loads the ES module synchronously with require().
  "node.cjs": `"use strict";\n// Generated by scripts/build.mjs: the CommonJS entry.\nmodule.exports = require("./node.mjs");\n`,
  // Cloudflare workerd: the .wasm must be imported as a module (no compiling from bytes at run time).
  "workerd.mjs": entry("workerd", `import __video_extend_wasm from "./video_extend_bg.wasm";\n`, `initSync({ module: __video_extend_wasm });\n`),
  // Browsers and bundlers: fetch the .wasm next to this file once, at import.
  "browser.mjs": entry(
    "browsers",
    "",
    `await __wbg_init({ module_or_path: new URL("./video_extend_bg.wasm", import.meta.url) });\n`,
  ),
  "index.d.ts": `export * from "./video_extend.js";\n`,
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(pkg, name), text);
// The CLI ships in the package (a Node front over the same API).
copyFileSync(join(root, "cli", "video-extend.mjs"), join(pkg, "cli.mjs"));
chmodSync(join(pkg, "cli.mjs"), 0o755);

const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
const version = /^version\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const description = /^description\s*=\s*"([^"]+)"/m.exec(cargo)[1];
const manifest = {
  name: "video-extend",
  version,
  description,
  license: "MIT",
  type: "module",
  main: "./node.cjs",
  module: "./browser.mjs",
  types: "./index.d.ts",
  bin: { "video-extend": "./cli.mjs" },
  exports: {
    ".": {
      types: "./index.d.ts",
      workerd: "./workerd.mjs",
      deno: "./node.mjs",
      bun: "./node.mjs",
      node: { import: "./node.mjs", require: "./node.cjs" },
      browser: "./browser.mjs",
      default: "./browser.mjs",
    },
    "./video_extend_bg.wasm": "./video_extend_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "video_extend.js",
    "video_extend.d.ts",
    "video_extend_bg.wasm",
    "video_extend_bg.wasm.d.ts",
    "cli.mjs",
    ...Object.keys(files),
  ],
  sideEffects: ["./node.mjs", "./node.cjs", "./workerd.mjs", "./browser.mjs"],
  engines: { node: ">=20.19" },
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
rmSync(join(pkg, ".gitignore"), { force: true });
console.log(`build: pkg/ ready (video-extend ${version}${dev ? ", dev build" : ""})`);
