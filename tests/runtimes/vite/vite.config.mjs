// Vite build of the runtime scenario page (tests/node/runtimes.test.mjs passes --outDir).
// The package's browser entry uses a top-level await to load its wasm: target esnext.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

export default {
  root: dirname(fileURLToPath(import.meta.url)),
  logLevel: "warn",
  build: { target: "esnext", emptyOutDir: true },
};
