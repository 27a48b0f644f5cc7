#!/usr/bin/env bash
# Regenerates the golden figures of tests/sim/golden/*.golden from the
# current code (preset "dev", or $PRESET), then shows what changed. Run it
# only when a change of results is intended, and say why in the commit
# (CONTRIBUTING.md, "Golden runs").
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${PRESET:-dev}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j 2 --target sim_golden_test
CHAINSIM_UPDATE_GOLDENS=1 "build/$preset/tests/sim/golden/sim_golden_test" >/dev/null
git --no-pager diff --stat -- tests/sim/golden
git --no-pager diff -- tests/sim/golden
