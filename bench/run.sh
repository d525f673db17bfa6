#!/usr/bin/env bash
# kg benchmarks beside the peers (DuckDB, Kùzu, SQLite) on the same generated graph, in one run.
#   bench/run.sh [BUILD_DIR]        env: EDGES=1000000 NODES=100000 REPS=3 ENGINES="duckdb kuzu sqlite"
#                                   SKIP_INGEST=1 (skips bench/ingest_bench.sh), SKIP_MICRO=1, SKIP_FB=1,
#                                   QREPS (query repetitions, default max(5, REPS)),
#                                   QSKIP=name,name (kg questions to leave out, e.g. betweenness_32)
# bench/scale.sh runs this at 1M and 10M edges and prints how each figure grows.
# Needs node/npm for the generator and the peers (../shared/bench-peers); skips what is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
SHARED=${KG_SHARED:-../shared}
PEERS="$SHARED/bench-peers"
OUT=${OUT:-bench/out}
REPS=${REPS:-3}
NODES=${NODES:-100000}
EDGES=${EDGES:-1000000}
ENGINES=${ENGINES:-duckdb kuzu sqlite}
mkdir -p "$OUT"

if [ -z "${SKIP_INGEST:-}" ]; then
  echo "== kg ingest: BBC articles end to end (median of $REPS fresh databases)"
  REPS="$REPS" bench/ingest_bench.sh "$BUILD"
fi

if [ ! -d "$PEERS" ] || ! command -v node >/dev/null; then
  echo "bench: skipped: needs $PEERS and node (the generator and peers are Node.js scripts)" >&2
  exit 0
fi
DATA="$OUT/data-$EDGES"
[ -f "$DATA/meta.json" ] || node "$PEERS/gen.js" "$DATA" "$NODES" "$EDGES" 42 >/dev/null

echo "== kg bulk load: $EDGES edges, $NODES nodes (median of $REPS fresh loads)"
KG_LOAD=$("$BUILD/bench/load_bench" "$DATA/edges.csv" --nodes "$DATA/nodes.csv" \
  --columns src,rel,dst --reps "$REPS" --db "$OUT/load.db")
echo "$KG_LOAD"

FB="$SHARED/datasets/kg/FB15k-237"
if [ -f "$FB/train.txt" ] && [ -z "${SKIP_FB:-}" ]; then
  echo "== kg bulk load: FB15k-237, all splits"
  "$BUILD/bench/load_bench" --tsv --names "$FB/entity2text.txt" "$FB/train.txt" "$FB/valid.txt" \
    "$FB/test.txt" --reps "$REPS" --db "$OUT/fb.db"
fi

QREPS=${QREPS:-$(( REPS < 5 ? 5 : REPS ))}  # the first runs build caches; see cold_ms
echo "== kg queries: the nine questions of ../shared/bench-peers/README.md plus algorithms (median of $QREPS)"
rm -rf "$OUT/query.db"
"$BUILD/kg" --db "$OUT/query.db" --quiet load --format csv --header --columns src,rel,dst \
  --nodes "$DATA/nodes.csv" "$DATA/edges.csv" >/dev/null
"$BUILD/bench/query_bench" "$OUT/query.db" "$DATA/meta.json" --reps "$QREPS" \
  ${QSKIP:+--skip "$QSKIP"} | tee "$OUT/kg-queries.txt"

if [ -n "$ENGINES" ]; then
  echo "== peers: $ENGINES (../shared/bench-peers/run.sh)"
  SCRATCH=${SCRATCH:-/tmp/kg-peers}
  mkdir -p "$SCRATCH/data"
  cp "$DATA"/{nodes.csv,edges.csv,meta.json} "$SCRATCH/data/"
  rm -f "$SCRATCH"/results/*.json "$SCRATCH"/results/*.rss
  rm -rf "$OUT/peer-results"
  : >"$OUT/peers.log"
  # One engine at a time, so that GNU time's peak RSS is that engine's (its Node.js process is
  # the largest child; npm install, on a first run only, is smaller).
  for e in $ENGINES; do
    SCRATCH="$SCRATCH" ENGINES="$e" REPS="$REPS" NODES="$NODES" EDGES="$EDGES" \
      /usr/bin/time -f "%M" -o "$SCRATCH/results/$e.rss" \
      "$PEERS/run.sh" >>"$OUT/peers.log" 2>&1 || { echo "bench: peer $e failed, see $OUT/peers.log" >&2; }
  done
  mkdir -p "$OUT/peer-results"
  cp "$SCRATCH"/results/*.json "$SCRATCH"/results/*.rss "$OUT/peer-results/" 2>/dev/null || true
  echo
  echo "$KG_LOAD" >"$OUT/kg-load.txt"
  node bench/table.js "$OUT/kg-load.txt" "$OUT/kg-queries.txt" "$OUT/peer-results" $ENGINES \
    | tee "$OUT/table.md"
fi

if [ -x "$BUILD/bench/micro_bench" ] && [ -z "${SKIP_MICRO:-}" ]; then
  echo
  echo "== micro-benchmarks (Google Benchmark; store and view hot paths)"
  "$BUILD/bench/micro_bench" --benchmark_min_time=0.2 2>/dev/null | tee "$OUT/micro.txt"
fi
