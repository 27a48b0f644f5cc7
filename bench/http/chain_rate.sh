#!/usr/bin/env bash
# GET /chain rate of `chainsim node` builds and of the Python reference node,
# side by side in one sitting, on a chain of BLOCKS blocks (default 1000).
#
#   bench/http/chain_rate.sh build/release/apps/cli/chainsim [OTHER_CHAINSIM ...]
#
# The first program mines the chain (difficulty 4, as the reference); every
# other node, and tests/apps/reference_node.py (Flask, run with
# /usr/bin/python3, skipped if Flask is missing), adopts it with
# /nodes/resolve. Then wrk (Debian package wrk) asks each node for /chain
# for DURATION seconds (default 10) on 1 and on 16 keep-alive connections.
# Every node runs on a free loopback port and is stopped (by its pid) at the end.
set -euo pipefail
(($# >= 1)) || { sed -n 2,12p "$0"; exit 2; }
command -v wrk >/dev/null || { echo "chain_rate.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }
here="$(cd "$(dirname "$0")/../.." && pwd)"
blocks="${BLOCKS:-1000}"
duration="${DURATION:-10}"
work="$(mktemp -d "${TMPDIR:-/tmp}/chain-rate.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$1/chain" && return 0; sleep 0.1; done
  echo "chain_rate.sh: nothing answers on port $1" >&2; exit 1
}

names=()
ports=()
start_chainsim() {
  local port; port="$(free_port)"
  "$1" node --port "$port" --difficulty 4 >"$work/$port.out" 2>/dev/null &
  pids+=($!); wait_port "$port"
  names+=("$1"); ports+=("$port")
}
for program in "$@"; do start_chainsim "$program"; done
if /usr/bin/python3 -c 'import flask, requests' 2>/dev/null; then
  port="$(free_port)"
  /usr/bin/python3 "$here/tests/apps/reference_node.py" --port "$port" >/dev/null 2>&1 &
  pids+=($!); wait_port "$port"
  names+=("reference_node.py (Flask)"); ports+=("$port")
fi

miner="${ports[0]}"
for _ in $(seq 2 "$blocks"); do curl -s -o /dev/null "http://127.0.0.1:$miner/mine"; done
for port in "${ports[@]:1}"; do
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"nodes\": [\"http://127.0.0.1:$miner\"]}" "http://127.0.0.1:$port/nodes/register"
  curl -s -o /dev/null "http://127.0.0.1:$port/nodes/resolve"
done

echo "GET /chain, $blocks blocks ($(curl -s "http://127.0.0.1:$miner/chain" | wc -c) bytes), ${duration} s per run, $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
printf '%-50s %12s %14s %12s %14s\n' node "req/s (c1)" "latency (c1)" "req/s (c16)" "latency (c16)"
for i in "${!ports[@]}"; do
  length="$(curl -s "http://127.0.0.1:${ports[$i]}/chain" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["length"])')"
  [[ "$length" == "$blocks" ]] || { echo "chain_rate.sh: ${names[$i]} holds $length blocks" >&2; exit 1; }
  row=()
  for connections in 1 16; do
    out="$(wrk -t1 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:${ports[$i]}/chain")"
    row+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '/^ +Latency / {print $2; exit}' <<<"$out")")
  done
  printf '%-50s %12s %14s %12s %14s\n' "${names[$i]}" "${row[@]}"
done
