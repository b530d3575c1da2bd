#!/usr/bin/env bash
# The one command that runs every test (README and .ci/run call it). Installs what it needs,
# checks formatting and lints, builds the emulator and the wasm package, then runs the Rust
# tests (core + emulator), the Node suites (the built package against the emulator, in every
# runtime), and each extra step in scripts/test-steps/*.sh, in name order.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
export TEST_LOG_DIR="$log" # every runner's output so far, for steps that check it (90-secrets)
step() { printf '\n==> %s\n' "$*"; }

step setup
bash scripts/setup.sh || exit 1

step "format and lints"
cargo fmt --all -- --check || { echo "cargo fmt: run 'cargo fmt --all'"; exit 1; }
cargo clippy --workspace --all-targets -q -- -D warnings || exit 1
cargo clippy -p video-extend --target wasm32-unknown-unknown -q -- -D warnings || exit 1
# The webhooks module: the same crate with the `webhooks` feature (see scripts/build.mjs).
cargo clippy -p video-extend --target wasm32-unknown-unknown --features webhooks -q -- -D warnings || exit 1

step "build: emulator and wasm package"
cargo build -q -p video-extend-emulator || exit 1
node scripts/build.mjs || exit 1
node scripts/size.mjs || exit 1 # prints the sizes; tests/node/size.test.mjs asserts the 45 KB budget

status=0
step "cargo test (core, emulator)"
cargo test --workspace 2>&1 | tee "$log/cargo.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "node --test (built package against the emulator)"
node --test --test-concurrency=2 tests/node/ 2>&1 | tee "$log/node.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

for extra in scripts/test-steps/*.sh; do
  [ -e "$extra" ] || continue
  name=$(basename "$extra" .sh)
  step "$name"
  bash "$extra" 2>&1 | tee "$log/step-$name.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# One closing line over every runner: cargo-style "test result:" lines (cargo, wasm-bindgen-test)
# and node's "# pass / # fail" summaries.
passed=$(cat "$log"/*.txt | awk '/^test result:/ {s += $4} /^# pass / {s += $3} END {print s + 0}')
failed=$(cat "$log"/*.txt | awk '/^test result:/ {s += $6} /^# fail / {s += $3} END {print s + 0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "total: $passed passed, $failed failed"
exit "$status"
