#!/usr/bin/env bash
# The training runs of profile-guided optimisation (cmake/ProductOptimisation.cmake):
# an instrumented chainsim runs a little of everything users run the most,
# so that its profile shows the compiler the hot paths of each: push relay
# at scale with real proofs of work (bitcoin-6000), pull relay and the
# tutorial's resolve (partition-heal, two-miners-fork, the pull scale run),
# compact blocks, the ring and region topologies, the written outputs and
# chainsim verify. About 5 s with the instrumented build.
#   tools/pgo_train.sh CHAINSIM SCRATCH_DIR
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 CHAINSIM SCRATCH_DIR" >&2
  exit 2
fi
chainsim=$1
scratch=$2
scenarios="$(cd "$(dirname "$0")/.." && pwd)/scenarios"
rm -rf "$scratch"
mkdir -p "$scratch"
run() { "$chainsim" run "$@" --json >/dev/null; }
run "$scenarios/scale/bitcoin-6000.yaml" --until 1d
run "$scenarios/bitcoin-regions-1000.yaml" --until 1d
run "$scenarios/compact-blocks-simblock.yaml" --until 1h
run "$scenarios/scale/pull-10x10000.yaml" --until 2d
run "$scenarios/two-miners-fork.yaml"
run "$scenarios/ring-vs-mesh-ring.yaml"
"$chainsim" run "$scenarios/partition-heal.yaml" --quiet --no-render --out "$scratch/partition-heal" >/dev/null
"$chainsim" verify "$scratch/partition-heal/chain.json" >/dev/null
rm -rf "$scratch"
