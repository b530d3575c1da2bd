#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine of this kind, idempotently:
# the wasm32 target, wasm-pack (which fetches the pinned wasm-bindgen CLI through cargo), and the
# npm dev dependencies (binaryen's wasm-opt: Debian's breaks wasm-bindgen output; TypeScript).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

WASM_PACK_VERSION=0.15.1

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"
fi
# Chromium and its driver for the browser tests (Debian's; a test tool's own browser download
# fails on this network).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# npm install only when the lock file changed since the last install.
stamp=node_modules/.video-extend-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  # `npm install`, not `npm ci`: the lock cannot list deno's packages for other platforms
  # (the registry omits them), and `npm ci` refuses such a lock.
  npm install --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
# The tests and examples import the built package by its name.
ln -sfn ../pkg node_modules/video-extend
