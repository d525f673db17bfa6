#!/usr/bin/env bash
# kg benchmarks beside the peers (DuckDB, Kùzu, SQLite) on the same generated graph, in one run.
#   bench/run.sh [BUILD_DIR]        env: EDGES=1000000 NODES=100000 REPS=3 ENGINES="duckdb kuzu sqlite"
#                                   SKIP_INGEST=1 (skips bench/ingest_bench.sh)
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
if [ -f "$FB/train.txt" ]; then
  echo "== kg bulk load: FB15k-237, all splits"
  "$BUILD/bench/load_bench" --tsv --names "$FB/entity2text.txt" "$FB/train.txt" "$FB/valid.txt" \
    "$FB/test.txt" --reps "$REPS" --db "$OUT/fb.db"
fi

QREPS=$(( REPS < 5 ? 5 : REPS ))  # the first runs build caches; see cold_ms
echo "== kg queries: the nine questions of ../shared/bench-peers/README.md plus algorithms (median of $QREPS)"
rm -rf "$OUT/query.db"
"$BUILD/kg" --db "$OUT/query.db" --quiet load --format csv --header --columns src,rel,dst \
  --nodes "$DATA/nodes.csv" "$DATA/edges.csv" >/dev/null
"$BUILD/bench/query_bench" "$OUT/query.db" "$DATA/meta.json" --reps "$QREPS" | tee "$OUT/kg-queries.txt"

if [ -n "$ENGINES" ]; then
  echo "== peers: $ENGINES (../shared/bench-peers/run.sh)"
  SCRATCH=${SCRATCH:-/tmp/kg-peers}
  mkdir -p "$SCRATCH/data"
  cp "$DATA"/{nodes.csv,edges.csv,meta.json} "$SCRATCH/data/"
  SCRATCH="$SCRATCH" ENGINES="$ENGINES" REPS="$REPS" NODES="$NODES" EDGES="$EDGES" \
    "$PEERS/run.sh" >"$OUT/peers.log" 2>&1 || { echo "bench: peers failed, see $OUT/peers.log" >&2; }
  echo
  echo "$KG_LOAD" >"$OUT/kg-load.txt"
  node bench/table.js "$OUT/kg-load.txt" "$OUT/kg-queries.txt" "$SCRATCH/results" $ENGINES
fi
