#!/usr/bin/env bash
# Drives `kg repl` through tmux (send-keys / capture-pane) and through a pipe (script mode).
set -euo pipefail
KG=${1:?usage: repl_tmux_test.sh PATH_TO_KG}
tmp=$(mktemp -d)
sock="kg-repl-test-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  if tmux -L "$sock" has-session 2>/dev/null; then
    echo "--- screen ---" >&2
    tmux -L "$sock" capture-pane -p -t kg >&2 || true
  fi
  exit 1
}

db="$tmp/db"
printf 'Donald Trump\tmet\tSteve Witkoff\nSteve Witkoff\tcalled\tVladimir Putin\n' >"$tmp/t.tsv"
"$KG" --quiet --db "$db" load "$tmp/t.tsv"

# --- script mode: stdin is a pipe ---------------------------------------------------------
out=$(printf 'MATCH (n) RETURN count(*) AS c;\n:format csv\nMATCH (n)\n  WHERE n.name STARTS WITH "Steve"\nRETURN n.name AS name;\n' |
  "$KG" --db "$db" repl)
grep -q '^| 3 ' <<<"$out" || fail "script mode: count row missing: $out"
grep -q '^Steve Witkoff$' <<<"$out" || fail "script mode: csv row missing: $out"
if printf 'RETURN nosuchvar;\nRETURN 1 AS one;\n' | "$KG" --db "$db" repl >"$tmp/err.out" 2>&1; then
  fail "script mode: an error must give exit code 1"
fi
grep -q 'nosuchvar' "$tmp/err.out" || fail "script mode: error text missing"
grep -q '| 1 ' "$tmp/err.out" || fail "script mode: statements after an error must still run"

# --- interactive: tmux ---------------------------------------------------------------------
screen() { tmux -L "$sock" capture-pane -p -t kg -S -200; }
wait_for() {  # wait_for TEXT [SECONDS]
  local deadline=$((SECONDS + ${2:-10}))
  while ((SECONDS < deadline)); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for '$1'"
}
keys() {  # text is typed literally (tmux would read a trailing ';' as a separator); key names not
  local k
  for k in "$@"; do
    case "$k" in
      Enter | Tab | C-c | C-l | C-d | C-r) tmux -L "$sock" send-keys -t kg "$k" ;;
      *)
        if [[ "$k" == *";" ]]; then k="${k%;}\\;"; fi
        tmux -L "$sock" send-keys -t kg -l "$k"
        ;;
    esac
  done
}
clear_screen() { keys C-l; sleep 0.3; tmux -L "$sock" clear-history -t kg; }

tmux -L "$sock" new-session -d -s kg -x 160 -y 45 "env HOME='$tmp' TERM=xterm '$KG' --db '$db' repl"
wait_for 'kg>'

# A statement over two lines: the continuation prompt, then the result.
keys 'MATCH (n)' Enter
wait_for '  ->'
keys 'RETURN count(*) AS total;' Enter
wait_for '1 row'
screen | grep -q '| 3 ' || fail "count(*) should be 3"

# Tab completion: a : command, a relationship type after ':', an entity name.
keys ':sch' Tab
wait_for 'kg> :schema'
keys Enter
wait_for 'relationship types:'
screen | grep -q ':called' || fail ":schema should list :called"
keys 'MATCH ()-[r:cal' Tab
wait_for 'MATCH ()-[r:called'
keys ']->(b) RETURN b.name AS who;' Enter
wait_for 'Vladimir Putin'
keys "RETURN 'Steve Wit" Tab
wait_for "RETURN 'Steve Witkoff"
keys "' AS name;" Enter
wait_for '1 row'

# Parameters.
keys ":param who 'Donald Trump'" Enter
wait_for "\$who = 'Donald Trump'"
keys 'MATCH (a {name: $who})-[:met]->(b) RETURN b.name AS met;' Enter
wait_for "| 'Steve Witkoff'"

# Errors print and the shell goes on.
keys 'RETURN nosuchvar;' Enter
wait_for 'error:'
keys 'RETURN 41 + 1 AS answer;' Enter
wait_for '| 42 '

# Ctrl-C cancels a running query and keeps the shell.
keys 'UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x WHERE x < 0 RETURN count(*);' Enter
sleep 1
keys C-c
wait_for 'query cancelled'
keys 'RETURN 7 AS seven;' Enter
wait_for '| 7 '

# Ctrl-C at the prompt drops the statement being typed.
keys 'MATCH (n)' Enter
wait_for '  ->'
keys 'RETURN' C-c
sleep 0.3
keys 'RETURN 5 AS five;' Enter
wait_for '| 5 '

# Ctrl-R searches the history; an empty line does not open a statement.
clear_screen
keys C-r 'answer'
sleep 0.3
keys Enter
wait_for '| 42 '
keys Enter
sleep 0.3
screen | grep -q -- '  ->' && fail "an empty line must not open a statement"

# Timing and :explain.
keys ':timing on' Enter
keys 'RETURN 1 AS one;' Enter
wait_for 'time: '
keys ':explain MATCH (n) RETURN n' Enter
sleep 0.5
screen | grep -qi 'scan' || fail ":explain should print a plan"

# :export of the last result as a diagram.
keys 'MATCH p=(a)-[r]->(b) RETURN p;' Enter
wait_for '2 rows'
keys ":export svg $tmp/last.svg" Enter
wait_for 'wrote 3 nodes and 2 relationships'
grep -q '<svg' "$tmp/last.svg" || fail "the exported SVG is not SVG"

# The shell shares the database: another process loads into it while the shell is open, the
# shell's next statement sees what was loaded, and the shell's own writes release it again.
printf 'Ada Lovelace\tmet\tCharles Babbage\n' >"$tmp/t2.tsv"
"$KG" --quiet --db "$db" load "$tmp/t2.tsv" || fail "a load beside the open shell must work"
clear_screen
keys 'MATCH (n) RETURN count(*) AS total;' Enter
wait_for '| 5 '
keys "CREATE (:Note {name: 'mine'});" Enter
wait_for 'nodes created: 1'
printf 'Grace Hopper\tmet\tAda Lovelace\n' >"$tmp/t3.tsv"
"$KG" --quiet --db "$db" load "$tmp/t3.tsv" || fail "a load after the shell wrote must work"
clear_screen
keys 'MATCH (n) RETURN count(*) AS total;' Enter
wait_for '| 7 '
# While another process holds the database for writing, a writing statement says so.
(sleep 4 | "$KG" --db "$db" repl >/dev/null 2>&1) &
holder=$!
sleep 1
keys "CREATE (:Note {name: 'later'});" Enter
wait_for 'another kg process is writing to the database'
wait "$holder"
keys "MATCH (n:Note) RETURN count(*) AS notes;" Enter
wait_for '| 1 '

keys ':quit' Enter
for _ in $(seq 50); do
  tmux -L "$sock" has-session -t kg 2>/dev/null || break
  sleep 0.1
done
tmux -L "$sock" has-session -t kg 2>/dev/null && fail ":quit should leave the shell"
# libedit stores lines vis(3)-encoded (a space is \040).
grep -q 'RETURN.*41.*answer' "$tmp/.kg_history" || fail "history was not saved"
echo "repl tmux test passed"
