#!/usr/bin/env bash
# No API key or webhook secret in anything the test command printed: the cargo tests, every
# Node suite (Tasks, errors, CLI output, logs) and every earlier step, as kept by scripts/test.sh
# in $TEST_LOG_DIR. The secrets are the distinctive ones the suites hand to the SDK (the
# tests/**/*.rs and tests/node/*.mjs constants matching sk-... / whsec-..., plus the emulator's
# key and the wrong keys of the suites). The detector is first run on a planted leak, so the step
# can fail. (The fuzz dictionary's planted secrets are left out: libFuzzer prints dictionary
# entries it used; that is the fuzzer's log, not SDK output. Nor is the emulator's request log
# counted: it stores raw request bodies by design and is never printed.)
set -uo pipefail
cd "$(dirname "$0")/../.."

secrets=$( {
  grep -rhoE '"(sk|whsec)-[A-Za-z0-9-]{6,}"' tests --include='*.rs' --include='*.mjs' | tr -d '"'
  printf '%s\n' ve-emulator-key wrong-key-123 s3cr3t-value
} | sort -u)

# scan DIR: prints "file: secret" for each hit in DIR/*.txt (except this step's own output).
scan() {
  local hits=0
  for f in "$1"/*.txt; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in step-90-secrets.txt) continue ;; esac
    while IFS= read -r s; do
      [ -n "$s" ] || continue
      if grep -qF -- "$s" "$f"; then
        echo "LEAK: $(basename "$f") contains a secret (${s:0:6}…, line $(grep -nF -- "$s" "$f" | head -1 | cut -d: -f1))"
        hits=$((hits + 1))
      fi
    done <<<"$secrets"
  done
  return "$hits"
}

passed=0
failed=0
# 1. The detector catches a planted leak.
canary=$(mktemp -d)
trap 'rm -rf "$canary"' EXIT
printf 'Task { raw: "%s" }\n' "$(head -1 <<<"$secrets")" >"$canary/planted.txt"
if scan "$canary" >/dev/null; then
  echo "secrets: the detector missed a planted leak"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi
# 2. Nothing the test command printed so far carries a secret.
if [ -z "${TEST_LOG_DIR:-}" ] || [ ! -d "$TEST_LOG_DIR" ]; then
  echo "secrets: TEST_LOG_DIR is not set (run through scripts/test.sh)"
  failed=$((failed + 1))
else
  files=$(ls "$TEST_LOG_DIR"/*.txt 2>/dev/null | grep -vc 'step-90-secrets.txt')
  lines=$(cat "$TEST_LOG_DIR"/*.txt 2>/dev/null | wc -l)
  if scan "$TEST_LOG_DIR"; then
    passed=$((passed + 1))
    echo "secrets: $(wc -l <<<"$secrets") secrets searched in $files logs ($lines lines): none found"
  else
    failed=$((failed + 1))
  fi
fi
result=ok
[ "$failed" -eq 0 ] || result=FAILED
echo "test result: $result. $passed passed; $failed failed; 0 ignored; 0 measured; 0 filtered out (secrets)"
[ "$failed" -eq 0 ]
