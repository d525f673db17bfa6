#!/usr/bin/env bash
# Smoke test of `kg query` as a process: output formats, parameters, scripts and exit codes
# (0 ok, 1 query error, 2 usage error).
#   cli_query_test.sh KG_BINARY SOURCE_DIR
set -u
KG=$1
SRC=$2
DB=$(mktemp -d)/db
fail=0
check() {  # check NAME EXPECTED_RC ACTUAL_RC [OUTPUT PATTERN]
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: exit code $3, expected $2"; fail=1
  elif [ $# -ge 5 ] && ! grep -qF -- "$5" <<<"$4"; then
    echo "FAIL $1: output does not contain '$5':"; echo "$4"; fail=1
  else
    echo "ok   $1"
  fi
}
out=$("$KG" --db "$DB" --quiet query -f "$SRC/datasets/tiny/setup.cypher" 2>&1); check setup 0 $? "$out"
out=$("$KG" --db "$DB" query --format tsv "MATCH (p:Person {name: 'Ann Lee'}) RETURN p.name, p.age" 2>&1)
check tsv 0 $? "$out" "'Ann Lee'	41"
out=$("$KG" --db "$DB" query --format csv "MATCH (p:Person) WHERE p.age > 50 RETURN p.name" 2>&1)
check csv 0 $? "$out" "Cid Moreau"
out=$("$KG" --db "$DB" query --format json --param "who='Bob Stone'" 'MATCH (p {name: $who}) RETURN p.age AS age' 2>&1)
check json-param 0 $? "$out" '[{"age":35}]'
out=$("$KG" --db "$DB" query --format jsonl "UNWIND [1, 2] AS x RETURN x" 2>&1)
check jsonl 0 $? "$out" '{"x":2}'
out=$("$KG" --db "$DB" query --format markdown "RETURN 1 AS one" 2>&1)
check markdown 0 $? "$out" "| one |"
out=$("$KG" --db "$DB" query "MATCH (c:City) RETURN c.name ORDER BY c.name" 2>&1)
check table 0 $? "$out" "| 'Lyon'  |"
out=$("$KG" --db "$DB" query "MATCH (p:Person) RETRUN p" 2>&1)
check syntax-error 1 $? "$out" "Did you mean RETURN?"
out=$("$KG" --db "$DB" query "MATCH (p) RETURN q" 2>&1)
check semantic-error 1 $? "$out" "SyntaxError: UndefinedVariable"
out=$("$KG" --db "$DB" query "CREATE (:Tmp) WITH 1 AS x RETURN x / 0" 2>&1)
check runtime-error 1 $? "$out" "ArithmeticError"
out=$("$KG" --db "$DB" query --format tsv "MATCH (t:Tmp) RETURN count(t)" 2>&1)
check rolled-back 0 $? "$out" "0"
out=$("$KG" --db "$DB" query 2>&1)
check no-query 2 $? "$out" "usage error"
out=$("$KG" --db "$DB" query --format xml "RETURN 1" 2>&1)
check bad-format 2 $? "$out"
out=$("$KG" --db "$DB" query --param novalue "RETURN 1" 2>&1)
check bad-param 2 $? "$out" "name=value"
rm -rf "$(dirname "$DB")"
exit $fail
