#!/usr/bin/env bash
# CI smoke run of every fuzz target: build (nightly, cargo-fuzz), write the seeds from the shared
# vectors, run each target for FUZZ_SECONDS (default 5), two at a time. Fails on any crash,
# timeout or broken invariant; the crashing input is left in fuzz/artifacts/<target>/.
#
# The smoke build is unoptimised (`--dev`) and without AddressSanitizer (the core forbids
# `unsafe`): it compiles in a fraction of the optimised build's time, which matters more here
# than executions per second. Debug assertions and overflow checks are on either way. Long runs
# use the optimised build (see fuzz/RESULTS.md for the command).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-5}
target_dir=${FUZZ_TARGET_DIR:-target}

# cargo-fuzz has no --locked: `cargo fetch --locked` fails first if Cargo.lock is not current.
cargo +nightly fetch --locked --quiet
cargo +nightly fuzz build --dev -s none --target-dir "$target_dir"
# A fresh corpus of seeds only, so the run takes the same time whatever fuzz/corpus holds.
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
FUZZ_CORPUS=$corpus python3 seeds.py >/dev/null
bin="$target_dir/x86_64-unknown-linux-gnu/debug"

targets=$(cargo +nightly fuzz list)
run() {
  local t=$1
  # A target without seeds (seeds.py writes none for it) starts from an empty corpus.
  mkdir -p "artifacts/$t" "$corpus/$t"
  if ! "$bin/$t" -max_total_time="$seconds" -timeout=20 -print_final_stats=1 \
      -artifact_prefix="artifacts/$t/" "$corpus/$t" >"artifacts/$t/smoke.log" 2>&1; then
    echo "fuzz target $t FAILED:" >&2
    tail -n 40 "artifacts/$t/smoke.log" >&2
    return 1
  fi
  printf '%-22s %s\n' "$t" "$(grep -E '^stat::number_of_executed_units' "artifacts/$t/smoke.log" | awk '{print $2}') execs"
}
status=0
set -- $targets
while (($#)); do
  pids=()
  run "$1" & pids+=($!)
  if (($# > 1)); then run "$2" & pids+=($!); shift; fi
  shift
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
done
exit "$status"
