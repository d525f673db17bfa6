#!/usr/bin/env bash
# How kg's and the peers' figures grow from 1M to 10M edges (issue 7's scale run). Runs
# bench/run.sh at each size (nodes = edges / 10, the same generator and questions, peers in the
# same run) into bench/out/scale-<edges>/, then prints one table of growth factors.
#   bench/scale.sh [BUILD_DIR]     env: SIZES="1000000 10000000" REPS=3 QREPS=3
#                                  ENGINES (default: all three), LARGE_ENGINES (above 1M edges;
#                                  default "duckdb kuzu": SQLite's recursive-CTE shortest path
#                                  takes 40 s at 1M edges and its row-by-row load 40 s, so 10M
#                                  would take hours), LARGE_REPS (default 1)
# Takes about an hour on 2 cores (the 10M peers dominate); not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SIZES=${SIZES:-1000000 10000000}
dirs=()
for e in $SIZES; do
  out="bench/out/scale-$e"
  echo "==== $e edges, $((e / 10)) nodes -> $out"
  engines=${ENGINES:-duckdb kuzu sqlite}
  reps=${REPS:-3}
  if [ "$e" -gt 1000000 ]; then
    engines=${LARGE_ENGINES:-duckdb kuzu}
    reps=${LARGE_REPS:-1}
  fi
  OUT="$out" EDGES="$e" NODES=$((e / 10)) SKIP_INGEST=1 SKIP_MICRO=1 SKIP_FB=1 REPS="$reps" \
    QREPS="${QREPS:-$(( reps < 2 ? 2 : reps ))}" ENGINES="$engines" bench/run.sh "$BUILD"
  dirs+=("$out")
done
echo
node bench/scale.js "${dirs[@]}" | tee bench/out/scale.md
