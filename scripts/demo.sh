#!/usr/bin/env bash
# make demo: ingests the seed article into ./kg.db and shows the graph kg built from it.
set -euo pipefail
KG=${1:-build/kg}
DB=${2:-kg.db}
cd "$(dirname "$0")/.."
ARTICLE=datasets/seed/witkoff-call.txt
rm -rf "$DB"
echo "== kg ingest $ARTICLE"
"$KG" --db "$DB" ingest "$ARTICLE"
echo
echo "== kg stats"
"$KG" --db "$DB" stats
echo
echo "== who did what to whom (kg query)"
"$KG" --db "$DB" query \
  "MATCH (a)-[r]->(b) WHERE NOT a:Document AND NOT b:Document
   RETURN a.name AS subject, type(r) AS relation, b.name AS object ORDER BY subject, relation, object"
echo
echo "== people and their titles"
"$KG" --db "$DB" query \
  "MATCH (p:Person) RETURN p.name AS name, p.title AS title, p.aliases AS aliases ORDER BY name"
