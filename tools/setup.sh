#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and plot chainsim,
# and the browser tests' npm packages (tests/browser, `npm ci`, only when
# node_modules is missing or older than package-lock.json).
# Idempotent: installs only what is missing, and prints nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git
  libssl-dev libyaml-cpp-dev libboost-graph-dev nlohmann-json3-dev
  libcli11-dev libcpp-httplib-dev libgtest-dev libgmock-dev libbenchmark-dev
  openmpi-bin libopenmpi-dev
  clang-format clang-tidy clang libclang-rt-14-dev
  python3 python3-matplotlib graphviz librsvg2-bin curl
  python3-flask python3-requests
  chromium
)
# Node.js and npm for the browser tests, unless a node and npm are already there.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done" >&2
fi

# playwright-core for the browser tests (it drives the chromium above; it
# downloads no browser of its own).
browser=tests/browser
stamp=$browser/node_modules/.package-lock.json
if [[ ! -f $stamp || $browser/package-lock.json -nt $stamp ]]; then
  echo "setup: npm ci in $browser" >&2
  (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
