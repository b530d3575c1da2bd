#!/usr/bin/env bash
# wasm-bindgen-test unit tests of the fetch transport (tests/wasm/fetch.rs) in Node and in
# headless Chrome (Debian's chromium + chromedriver; wasm-pack would otherwise try to download a
# driver). Each run prints a cargo-style `test result:` line that scripts/test.sh sums.
set -uo pipefail
cd "$(dirname "$0")/../.."
# npm's binaryen first: wasm-pack must not pick up Debian's wasm-opt.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
status=0
wasm-pack test --node -- --test wasm_fetch || status=1
# Without run_in_browser in the test file, the runner needs this to pick the browser over Node.
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test wasm_fetch || status=1
exit "$status"
