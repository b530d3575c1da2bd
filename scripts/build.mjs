// Builds the npm package into pkg/: wasm-pack (--target web, release; wasm-bindgen), then
// wasm-opt -Oz from npm's binaryen, then one small entry file per runtime and a package.json whose `exports`
// conditions pick the right one. Everything in pkg/ is generated; nothing there is edited by hand.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
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

// The package holds two wasm modules built from this one crate: the client (`video_extend`, the
// package's main entry) and, with the crate's `webhooks` feature, the server-side webhook helpers
// (`video_extend_webhooks`, the `video-extend/webhooks` entry). A browser page never loads the
// second. Each is built into a scratch folder (wasm-pack owns its out-dir), then moved into pkg/.
// Returns the glue's leading Deno types comment and its body.
const buildModule = (outName, features) => {
  const out = join(pkg, `.${outName}`);
  execFileSync(
    "wasm-pack",
    [
      "build", dev ? "--dev" : "--release", "--target", "web", "--out-dir", out, "--out-name", outName, "--no-pack",
      ...(features ? ["--", "--features", features] : []),
    ],
    { cwd: root, env, stdio: "inherit" },
  );
  for (const f of [`${outName}.js`, `${outName}.d.ts`, `${outName}_bg.wasm`, `${outName}_bg.wasm.d.ts`]) {
    renameSync(join(out, f), join(pkg, f));
  }
  const glue = join(pkg, `${outName}.js`);
  // wasm-bindgen's glue imports the package's two JS shims (src/js/error.js, src/js/json.js) from
  // <out-dir>/snippets/<hash>/. They are inlined into the glue instead (fewer modules to load at
  // import). The client's glue keeps the error class exported; the webhooks' glue imports it from
  // the client entry of the same runtime (ERROR_FROM, replaced per entry), so that every rejection
  // of either module is an instance of the one exported VideoExtendError.
  let glueSource = readFileSync(glue, "utf8").replace(
    /^import \{ (\w+) \} from '\.\/snippets\/[^']+\/src\/js\/(\w+)\.js';\n/gm,
    (_, name, file) => {
      if (name === "VideoExtendError" && features) return `import { VideoExtendError } from "${ERROR_FROM}";\n`;
      const text = readFileSync(join(root, "src", "js", `${file}.js`), "utf8");
      return name === "VideoExtendError" ? text : text.replace(/^export (function|class) /m, "$1 ");
    },
  );
  if (glueSource.includes("/snippets/") || !glueSource.includes(features ? `from "${ERROR_FROM}"` : "export class VideoExtendError")) {
    throw new Error(`build: ${outName}'s snippet imports are not shaped as expected`);
  }
  rmSync(out, { recursive: true, force: true });

  let source = glueSource;
  if (!dev) {
    const wasmFile = join(pkg, `${outName}_bg.wasm`);
    const pruned = pruneClosureShims(readFileSync(wasmFile));
    writeFileSync(wasmFile, pruned.bytes);
    execFileSync("wasm-opt", [...WASM_OPT, wasmFile, "-o", wasmFile], { cwd: root, env, stdio: "inherit" });
    // Short import and export names in the wasm, the glue and the typings (see wasm-names.mjs):
    // 2.0 KB less gzip for the wasm, 1.1 KB for the glue.
    const renamed = minifyWasmNames(readFileSync(wasmFile));
    writeFileSync(wasmFile, renamed.bytes);
    for (const dts of [`${outName}.d.ts`, `${outName}_bg.wasm.d.ts`]) {
      writeFileSync(join(pkg, dts), renameInTypings(readFileSync(join(pkg, dts), "utf8"), renamed));
    }
    source = renameInGlue(glueSource, renamed);
  }
  // Deno finds the glue's types through this leading comment; keep it.
  const selfTypes = /^\/\* @ts-self-types="[^"]+" \*\/\n/.exec(source)?.[0];
  if (!selfTypes) throw new Error(`build: ${outName}'s glue has no @ts-self-types comment`);
  return { glue, selfTypes, body: source.slice(selfTypes.length) };
};
/** The placeholder in the webhooks' glue for the module that exports VideoExtendError. */
const ERROR_FROM = "video-extend:client-entry";

// The JS ships minified (release builds): 7.0 KB gzip as wasm-bindgen writes the glue, 4.4 KB
// minified. Local identifiers are renamed; the exported classes and functions keep their names
// (`Client.name`, `extendVideo.name` and stack frames such as `Client.fetchTask` stay readable):
// without a `format`, esbuild leaves `export class Client` / `export function …` as written.
// The docs live in the .d.ts.
const minify = (js, what, names) => {
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
  for (const name of names) {
    if (!code.includes(`export ${name}`)) throw new Error(`build: the minified ${what} lost \`export ${name}\``);
  }
  return code;
};
const CLIENT_EXPORTS = ["class Client", "class VideoExtendError", "function extendVideo", "function fetchTask", "function waitForTask"];
const WEBHOOK_EXPORTS = ["function parseWebhook", "function signCallbackUrl"];

const client = buildModule("video_extend", "");
const hooks = buildModule("video_extend_webhooks", "webhooks");
// The glues on their own (for a custom loader: `initSync` / the default `init`). The webhooks'
// imports the error class from the client's glue.
writeFileSync(client.glue, client.selfTypes + minify(client.body, "glue", CLIENT_EXPORTS));
writeFileSync(hooks.glue, hooks.selfTypes + minify(hooks.body.replace(ERROR_FROM, "./video_extend.js"), "webhooks glue", WEBHOOK_EXPORTS));

// One entry module per runtime: the glue and its loader in one file, so an import loads one
// module, not a chain (a browser without a bundler makes one request for it, not three; Node
// saves about 1 ms of its cold start). Each exports the API and `initSync` (which returns the
// module's exports once loaded).
const exportLine = "export { initSync, __wbg_init as default };\n";
for (const m of [client, hooks]) {
  if (!m.body.includes(exportLine)) throw new Error("build: the glue's export line is not shaped as expected");
  // What the browser loader calls (wasm-bindgen's initSync uses the same two).
  for (const fn of ["function __wbg_get_imports()", "function __wbg_finalize_init(instance, module)"]) {
    if (!m.body.includes(fn)) throw new Error(`build: the glue has no \`${fn}\``);
  }
}
const entry = (body, types, name, head, tail, names) =>
  `/* @ts-self-types="./${types}" */\n// Generated by scripts/build.mjs: wasm-bindgen's glue and the loader for ${name}.\n` +
  minify(head + body.replace(exportLine, "export { initSync };\n") + tail, name, names);
// The loaders, by runtime: the entry file names of both modules, and how each gets its .wasm.
const runtimes = [
  // Node, Deno and Bun read the .wasm file next to this one, synchronously: no init() call.
  {
    client: "node.mjs",
    hooks: "webhooks-node.mjs",
    name: "Node, Deno and Bun",
    load: (wasm) => [`import { readFileSync } from "node:fs";\n`, `initSync({ module: readFileSync(new URL("./${wasm}", import.meta.url)) });\n`],
  },
  // Cloudflare workerd: the .wasm must be imported as a module (no compiling from bytes at run time).
  {
    client: "workerd.mjs",
    hooks: "webhooks-workerd.mjs",
    name: "workerd",
    load: (wasm) => [`import __video_extend_wasm from "./${wasm}";\n`, `initSync({ module: __video_extend_wasm });\n`],
  },
  // Browsers, service workers and bundlers: fetch the .wasm next to this file once, at import,
  // and instantiate it while it streams in (when served as application/wasm; from its bytes
  // otherwise). The package's own few lines instead of wasm-bindgen's `__wbg_init`, whose
  // argument forms and fallbacks an entry never uses; the `new URL(…, import.meta.url)` stays
  // literal so that bundlers emit the .wasm.
  {
    client: "browser.mjs",
    hooks: "webhooks-browser.mjs",
    name: "browsers",
    load: (wasm) => [
      "",
      `const __video_extend_wasm = await fetch(new URL("./${wasm}", import.meta.url));\n` +
        `if (!__video_extend_wasm.ok) throw new Error(\`video-extend: HTTP \${__video_extend_wasm.status} fetching \${__video_extend_wasm.url}\`);\n` +
        `const { instance: __video_extend_instance, module: __video_extend_module } = ` +
        `/^application\\/wasm\\b/.test(__video_extend_wasm.headers.get("content-type"))\n` +
        `  ? await WebAssembly.instantiateStreaming(__video_extend_wasm, __wbg_get_imports())\n` +
        `  : await WebAssembly.instantiate(await __video_extend_wasm.arrayBuffer(), __wbg_get_imports());\n` +
        `__wbg_finalize_init(__video_extend_instance, __video_extend_module);\n`,
    ],
  },
];
const files = {};
for (const r of runtimes) {
  files[r.client] = entry(client.body, "index.d.ts", r.name, ...r.load("video_extend_bg.wasm"), CLIENT_EXPORTS);
  // The webhooks' entry takes the error class from the client entry of the same runtime (one
  // class for both modules) and exports it too.
  const [head, tail] = r.load("video_extend_webhooks_bg.wasm");
  const hooksBody = hooks.body.replace(ERROR_FROM, `./${r.client}`);
  files[r.hooks] = entry(hooksBody, "webhooks.d.ts", `${r.name} (webhooks)`, head, tail + "export { VideoExtendError };\n", WEBHOOK_EXPORTS);
  if (!dev && !/export\s*\{[^}]*\bVideoExtendError\b[^}]*\}/.test(files[r.hooks])) {
    throw new Error(`build: ${r.hooks} does not export VideoExtendError`);
  }
}
// CommonJS: Node >= 20.19 loads the ES module synchronously with require().
files["node.cjs"] = `"use strict";\n// Generated by scripts/build.mjs: the CommonJS entry.\nmodule.exports = require("./node.mjs");\n`;
files["webhooks-node.cjs"] = `"use strict";\n// Generated by scripts/build.mjs: the CommonJS entry of video-extend/webhooks.\nmodule.exports = require("./webhooks-node.mjs");\n`;
files["index.d.ts"] = `export * from "./video_extend.js";\n`;
files["webhooks.d.ts"] = `export * from "./video_extend_webhooks.js";\n`;
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
    // Server-side: verifying webhooks and signing callback URLs (a second, smaller wasm module;
    // a browser page never needs it).
    "./webhooks": {
      types: "./webhooks.d.ts",
      workerd: "./webhooks-workerd.mjs",
      deno: "./webhooks-node.mjs",
      bun: "./webhooks-node.mjs",
      node: { import: "./webhooks-node.mjs", require: "./webhooks-node.cjs" },
      browser: "./webhooks-browser.mjs",
      default: "./webhooks-browser.mjs",
    },
    "./video_extend_bg.wasm": "./video_extend_bg.wasm",
    "./video_extend_webhooks_bg.wasm": "./video_extend_webhooks_bg.wasm",
    "./package.json": "./package.json",
  },
  files: [
    "video_extend.js",
    "video_extend.d.ts",
    "video_extend_bg.wasm",
    "video_extend_bg.wasm.d.ts",
    "video_extend_webhooks.js",
    "video_extend_webhooks.d.ts",
    "video_extend_webhooks_bg.wasm",
    "video_extend_webhooks_bg.wasm.d.ts",
    "cli.mjs",
    ...Object.keys(files),
  ],
  sideEffects: Object.keys(files).filter((f) => !f.endsWith(".d.ts")).map((f) => `./${f}`),
  engines: { node: ">=20.19" },
};
writeFileSync(join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
rmSync(join(pkg, ".gitignore"), { force: true });
console.log(`build: pkg/ ready (video-extend ${version}${dev ? ", dev build" : ""})`);
