#!/usr/bin/env bash
# Installs what is missing, builds chainsim in release mode, and runs the main
# job: the built-in scenario, then the partition-and-heal scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target chainsim
./build/release/apps/cli/chainsim demo
