#!/usr/bin/env bash
# Checks that every C++ file of the project is formatted as .clang-format
# says (clang-format from Debian). Prints the files that are not, and the
# command that fixes them; exit code 1 then. ctest runs it (format_test).
#   tools/check_format.sh [SOURCE_DIR]
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
if ! command -v clang-format >/dev/null; then
  echo "check_format.sh: clang-format is missing (tools/setup.sh installs it)" >&2
  exit 77
fi
mapfile -t files < <(find core sim apps tests bench fuzz \
  -path tests/browser/node_modules -prune -o \( -name '*.cc' -o -name '*.h' \) -print | sort)
unformatted=()
for file in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    unformatted+=("$file")
  fi
done
if ((${#unformatted[@]} > 0)); then
  printf 'not formatted as .clang-format says: %s\n' "${unformatted[@]}" >&2
  echo "fix with: clang-format -i ${unformatted[*]}" >&2
  exit 1
fi
echo "check_format.sh: ${#files[@]} files formatted"
