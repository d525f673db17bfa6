#!/usr/bin/env bash
# End-to-end `kg ingest` throughput and peak memory over the BBC articles, into a fresh
# database each run; prints the median of REPS runs per thread count.
#   bench/ingest_bench.sh [BUILD_DIR]   env: DATA=../shared/datasets/news/bbc THREADS="1 2" REPS=3
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
DATA=${DATA:-${KG_SHARED:-../shared}/datasets/news/bbc}
THREADS=${THREADS:-1 2}
REPS=${REPS:-3}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
if [ ! -d "$DATA" ]; then echo "ingest bench: skipped: no $DATA" >&2; exit 0; fi
for t in $THREADS; do
  rates=() rss=() secs=()
  for ((r = 0; r < REPS; r++)); do
    rm -rf "$SCRATCH/db"
    /usr/bin/time -f "%M %e" -o "$SCRATCH/time" "$BUILD/kg" --db "$SCRATCH/db" ingest --threads "$t" \
      "$DATA" 2>"$SCRATCH/log" >/dev/null || true
    sent=$(sed -n 's/.* \([0-9]*\) sentences, .*/\1/p' "$SCRATCH/log" | tail -1)
    read -r kb wall <"$SCRATCH/time"
    rates+=("$(awk -v s="$sent" -v w="$wall" 'BEGIN{printf "%.0f", s/w}')")
    rss+=("$kb")
    secs+=("$wall")
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
  echo "ingest threads=$t sentences=$sent median_wall_s=$(med "${secs[@]}") median_sentences_per_s=$(med "${rates[@]}") peak_rss_mb=$(( $(med "${rss[@]}") / 1024 )) runs=${rates[*]}"
done
