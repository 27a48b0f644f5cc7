#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test twice: with the
# "dev" preset, then with "asan" (AddressSanitizer + UndefinedBehaviorSanitizer).
# The time-boxed fuzzing runs (label "fuzz", preset "fuzz") are not part of
# it (docs/robustness.md). Then builds the main job's program with the
# "release" preset, as tools/demo.sh does, so that a warning only an
# optimised build reports (warnings are errors) fails here, not there.
#   PRESETS="dev" tools/test.sh      only the given presets, in order
#   PRESET=clang tools/test.sh       one preset (the older spelling)
set -euo pipefail
cd "$(dirname "$0")/.."
presets="${PRESETS:-${PRESET:-dev asan}}"
tools/setup.sh
for preset in $presets; do
  echo "test.sh: preset $preset" >&2
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)"
  ctest --preset "$preset" -j "$(nproc)"
done
if [[ " $presets " != *" release "* ]]; then
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)" --target chainsim
fi
