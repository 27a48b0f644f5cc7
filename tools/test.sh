#!/usr/bin/env bash
# Installs what is missing, then runs CI's workflow presets (CMakePresets.json)
# in order: "ci" builds with the dev preset and runs every test, "asan" builds
# and runs every test again under AddressSanitizer + UndefinedBehaviorSanitizer,
# "release" builds the optimised program and the benchmarks (so that a
# warning only an optimised build reports, warnings being errors, fails here,
# and the benchmarks, which the dev preset does not build, still compile).
# The time-boxed fuzzing runs (label "fuzz", preset "fuzz") are not part of
# it (docs/robustness.md).
#   WORKFLOWS="ci" tools/test.sh     only the given workflows, in order
#   PRESETS="clang" tools/test.sh    configure, build and test these presets
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
if [[ -n "${PRESETS:-${PRESET:-}}" ]]; then
  for preset in ${PRESETS:-$PRESET}; do
    echo "test.sh: preset $preset" >&2
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset"
  done
  exit 0
fi
for workflow in ${WORKFLOWS:-ci asan release}; do
  echo "test.sh: workflow $workflow" >&2
  cmake --workflow --preset "$workflow"
done
