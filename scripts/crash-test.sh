#!/usr/bin/env bash
# The slow crash-safety run (outside CI): SIGKILLs `kg ingest` KILLS times (default 50) over BBC
# articles and checks the store after every kill (tests/cli/ingest_crash_test.cpp).
# Usage: scripts/crash-test.sh [BUILD] [KILLS]   (BUILD defaults to build-rel)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-rel}
kills=${2:-50}
cmake --build "$build" --target ingest_crash_tests kg
KG_CRASH_KILLS=$kills KG_CRASH_SEED=${KG_CRASH_SEED:-$RANDOM} \
  "$build/tests/cli/ingest_crash_tests" --gtest_filter='IngestCrashTest.*'
