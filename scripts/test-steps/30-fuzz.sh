#!/usr/bin/env bash
# Bounded coverage-guided fuzzing of the pure-Rust core (fuzz/: response parsing, webhooks,
# request validation) on the stable toolchain. libFuzzer comes from the libfuzzer-sys crate and
# the coverage instrumentation from stable `-C` flags (what cargo-fuzz passes, minus the
# nightly-only -Zsanitizer), so neither nightly nor cargo-fuzz is needed. Each target runs
# FUZZ_SECONDS (default 55) from a copy of its committed seed corpus; a crash leaves the input
# in fuzz/artifacts/<target>/ and fails the step. Ends with a cargo-style "test result:" line.
set -uo pipefail
cd "$(dirname "$0")/../../fuzz"
seconds=${FUZZ_SECONDS:-55}
targets=${FUZZ_TARGETS:-response webhook validation}
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing"
# --target keeps the instrumentation off build scripts (they are not linked with libFuzzer).
cargo build -q --release --locked --target "$triple" || { echo "test result: FAILED. 0 passed; 1 failed; fuzz build"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
for t in $targets; do
  mkdir -p "$work/$t" "artifacts/$t"
  cp corpus/"$t"/* "$work/$t/"
  "target/$triple/release/$t" "$work/$t" -dict=fuzz.dict -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -seed=1 -print_final_stats=1 \
    -artifact_prefix="artifacts/$t/" >"$work/$t.log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
  cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz $t: ok, ${execs:-?} execs in ${seconds}s, ${cov:-cov: ?}, corpus $(ls "$work/$t" | wc -l) inputs, 0 crashes"
  else
    failed=$((failed + 1))
    echo "fuzz $t: FAILED (exit $rc) after ${execs:-?} execs; input saved in fuzz/artifacts/$t/"
    grep -v '^#' "$work/$t.log" | tail -40
  fi
done
echo "fuzz: $passed passed, $failed failed"
result=ok
[ "$failed" -eq 0 ] || result=FAILED
echo "test result: $result. $passed passed; $failed failed; 0 ignored; 0 measured; 0 filtered out (fuzz)"
[ "$failed" -eq 0 ]
