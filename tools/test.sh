#!/usr/bin/env bash
# Installs what is missing, then runs CI's workflow presets (CMakePresets.json)
# in order: "ci" builds with the dev preset and runs every test, "asan" builds
# and runs every test again under AddressSanitizer + UndefinedBehaviorSanitizer
# (at -O1 with line tables only, -g1: about half the compile time of -O2 -g,
# and the reports still name file and line), "release" builds the optimised
# program and the benchmarks (preset release-programs, without the test
# suite, which the two workflows before build and run; so that a warning only
# an optimised build reports, warnings being errors, fails here, and the
# benchmarks, which the dev preset does not build, still compile). On a
# 2.1 GHz Zen 5 machine the three took 54 minutes with the asan build at
# -O2 -g and the release workflow building the tests as well; CI's budget
# is 40. With these cuts CI's own run of 7ceb1db took 37 minutes (2221 s),
# and .ci/run on a fresh clone of d0f8809 on a 2.6 GHz Zen 4 29.5 (1767 s).
# WORKFLOWS=release-pgo tools/test.sh builds the same with link-time and
# profile-guided optimisation (training an instrumented build first) and runs
# every test on it, which shows that the optimised code gives the same
# results; it takes 13 minutes here, which CI's 40-minute budget has no room
# for beside the other three (36 minutes with it), so run it before a change
# to the build flags, the training runs or the hot paths lands.
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
    echo "test.sh: preset $preset ($(date +%T))" >&2
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    ctest --preset "$preset"
  done
  exit 0
fi
for workflow in ${WORKFLOWS:-ci asan release}; do
  echo "test.sh: workflow $workflow ($(date +%T))" >&2
  cmake --workflow --preset "$workflow"
done
