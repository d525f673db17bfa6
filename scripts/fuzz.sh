#!/usr/bin/env bash
# Runs every libFuzzer target of a KG_FUZZ build for SECONDS each, one after another, one process
# at a time. New inputs go to BUILD/fuzz/work/<target> (seeded with tests/fuzz/corpus/<target>,
# which stays unchanged); a crash leaves BUILD/fuzz/artifacts/<target>/crash-* and fails the run.
# Usage: scripts/fuzz.sh BUILD SECONDS [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD SECONDS [TARGET...]}
seconds=${2:?usage: scripts/fuzz.sh BUILD SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_query fuzz_text_pipeline fuzz_triple_loader fuzz_record_decode)
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "${targets[@]}"; do
  bin="$build/fuzz/$t"
  if [ ! -x "$bin" ]; then
    echo "fuzz: $bin is missing; build with 'make test-asan' (KG_FUZZ=ON) first" >&2
    exit 2
  fi
  work="$build/fuzz/work/$t" artifacts="$build/fuzz/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  extra=()
  if [ -f "tests/fuzz/$t.dict" ]; then
    extra+=("-dict=tests/fuzz/$t.dict")
  fi
  echo "fuzz: $t for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" "${extra[@]}" \
      "$work" "tests/fuzz/corpus/$t" >"$build/fuzz/$t.log" 2>&1; then
    tail -60 "$build/fuzz/$t.log" >&2
    echo "fuzz: $t FAILED; input(s): $(ls "$artifacts")" >&2
    failed+=("$t")
  else
    grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' "$build/fuzz/$t.log" || true
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in ${failed[*]}" >&2
  exit 1
fi
