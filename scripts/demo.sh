#!/usr/bin/env bash
# make demo: builds a graph in ./kg.db from the demo triples and shows what kg holds.
# (Once article ingestion lands, this ingests the seed article instead.)
set -euo pipefail
KG=${1:-build/kg}
DB=${2:-kg.db}
cd "$(dirname "$0")/.."
rm -rf "$DB"
echo "== kg load datasets/demo/world-leaders.tsv"
"$KG" --db "$DB" load datasets/demo/world-leaders.tsv
echo
echo "== kg stats"
"$KG" --db "$DB" stats
echo
echo "== kg export --format tsv"
"$KG" --db "$DB" export --format tsv
