#!/usr/bin/env bash
# Installs what is missing, builds chainsim in release mode, and runs the main
# job: the partition-and-heal scenario, narrated, with its output files in
# runs/partition-heal/ (the replay page replay.html among them) and its plots
# drawn there.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target chainsim
./build/release/apps/cli/chainsim run scenarios/partition-heal.yaml \
    --narrate --verbosity quiet --out runs/partition-heal
/usr/bin/python3 plots/plot_run.py runs/partition-heal
echo "The replay page: open runs/partition-heal/replay.html in a browser."
