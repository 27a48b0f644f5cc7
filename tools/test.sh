#!/usr/bin/env bash
# Installs what is missing, builds chainsim (preset "dev", or $PRESET), and runs
# every test except the long ones (label "long"; run those with
# `ctest --preset dev -L long`).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${PRESET:-dev}"
tools/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
