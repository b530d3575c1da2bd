#!/usr/bin/env bash
# The main job in one command: installs and builds what it needs, starts the local provider
# emulator (no API key needed), runs an extension chain through the SDK with a live progress bar,
# prints the final video URLs and where the browser demo is served, then exits 0.
# `--keep` leaves the emulator (and the page) running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh >/dev/null
cargo build -q -p video-extend-emulator
[ -f pkg/video_extend_bg.wasm ] || node scripts/build.mjs
exec node examples/demo.mjs "$@"
