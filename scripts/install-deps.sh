#!/usr/bin/env bash
# Installs the Debian 12 packages kg needs to build, test and run.
# Idempotent: when every package is already present it exits in well under a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  librocksdb-dev
  libboost-graph-dev
  antlr4 libantlr4-runtime-dev uuid-dev default-jre-headless
  libspdlog-dev
  libgtest-dev libgmock-dev
  libicu-dev
  wordnet-base wordnet-dev
  libcli11-dev
  libedit-dev
  nlohmann-json3-dev
  libgraphviz-dev graphviz
  libbenchmark-dev
  python3 tmux
  clang-14 libclang-rt-14-dev llvm-14
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${#missing[@]} Debian package(s): ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-deps: error: need root or sudo to install: ${missing[*]}" >&2
    echo "install-deps: run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq; then
  echo "install-deps: error: 'apt-get update' failed; check the network or /etc/apt/sources.list" >&2
  exit 1
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/kg-install-deps.log 2>&1; then
  tail -20 /tmp/kg-install-deps.log >&2
  echo "install-deps: error: could not install: ${missing[*]} (log: /tmp/kg-install-deps.log)" >&2
  exit 1
fi
echo "install-deps: done"
