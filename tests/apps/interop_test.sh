#!/usr/bin/env bash
# Interop between `chainsim node` and a Python node written from the
# tutorial's specification (reference_node.py): chains go both ways, in
# compact and pretty-printed JSON, and hash identically.
# Usage: interop_test.sh CHAINSIM_BINARY REFERENCE_NODE_PY
# Exit 77 (ctest: skipped) when /usr/bin/python3 lacks Flask or requests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c 'import flask, requests' 2>/dev/null; then
  echo "SKIPPED: /usr/bin/python3 has no flask/requests (tools/setup.sh installs python3-flask python3-requests)"
  exit 77
fi
exec /usr/bin/python3 "$here/interop_test.py" "$@"
