#!/usr/bin/env bash
# Installs what is missing, builds chainsim (preset "dev", or $PRESET), and runs
# every test of the preset. Then builds the main job's program with the
# "release" preset, as tools/demo.sh does, so that a warning only an
# optimised build reports (warnings are errors) fails here, not there.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${PRESET:-dev}"
tools/setup.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
ctest --preset "$preset" -j "$(nproc)"
if [[ "$preset" != release ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)" --target chainsim
fi
