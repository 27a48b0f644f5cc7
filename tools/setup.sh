#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, test and plot chainsim.
# Idempotent: installs only missing packages, and prints nothing when all are there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libssl-dev libyaml-cpp-dev libboost-graph-dev nlohmann-json3-dev
  libcli11-dev libcpp-httplib-dev libgtest-dev libgmock-dev libbenchmark-dev
  openmpi-bin libopenmpi-dev
  clang-format clang-tidy
  python3 python3-matplotlib graphviz curl
  python3-flask python3-requests
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
