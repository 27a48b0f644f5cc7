#!/usr/bin/env bash
# Installs what is missing, builds chainsim in release mode, and runs the main
# job: the partition-and-heal scenario of scenarios/partition-heal.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target chainsim
./build/release/apps/cli/chainsim run scenarios/partition-heal.yaml
