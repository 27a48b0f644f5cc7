#!/usr/bin/env bash
# GET /chain throughput of chainsim nodes against the tutorial's Flask node,
# side by side: every node holds the same chain of BLOCKS blocks (mined by the
# first chainsim node, adopted by the others through /nodes/resolve, and
# checked byte-identical), then wrk hammers each node's /chain for SECONDS.
#
#   bench/http/chain_requests.sh CHAINSIM [OTHER_CHAINSIM ...]
#   BLOCKS=1000 SECONDS_EACH=10 CONNECTIONS=4 bench/http/chain_requests.sh build/release/apps/cli/chainsim
#
# Needs wrk, curl and /usr/bin/python3 with Flask and requests. Starts its
# nodes on free loopback ports and stops only them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
reference="$here/../../tests/apps/reference_node.py"
blocks="${BLOCKS:-1000}"
seconds="${SECONDS_EACH:-10}"
connections="${CONNECTIONS:-4}"
[[ $# -ge 1 ]] || { sed -n '2,11p' "$0"; exit 2; }
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "chain_requests.sh: $tool is not installed" >&2; exit 2; }
done

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/chain" >/dev/null && return 0; sleep 0.05; done
  echo "chain_requests.sh: node on port $1 did not start" >&2; exit 1
}
names=(); ports=()
start_chainsim() {
  local port; port=$(free_port)
  "$1" node --port "$port" --difficulty 4 >/dev/null 2>&1 & pids+=($!)
  wait_up "$port"; names+=("$1"); ports+=("$port")
}
start_chainsim "$1"
first=${ports[0]}
for _ in $(seq 2 "$blocks"); do curl -sf "http://127.0.0.1:$first/mine" >/dev/null; done
for binary in "${@:2}"; do start_chainsim "$binary"; done
port=$(free_port)
/usr/bin/python3 "$reference" --port "$port" >/dev/null 2>&1 & pids+=($!)
wait_up "$port"; names+=("flask reference_node.py"); ports+=("$port")
for p in "${ports[@]:1}"; do
  curl -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"nodes\": [\"127.0.0.1:$first\"]}" "http://127.0.0.1:$p/nodes/register" >/dev/null
  curl -sf "http://127.0.0.1:$p/nodes/resolve" >/dev/null
done
curl -sf "http://127.0.0.1:$first/chain" >"${TMPDIR:-/tmp}/chain_requests_body.json"
size=$(wc -c <"${TMPDIR:-/tmp}/chain_requests_body.json")
for p in "${ports[@]:1}"; do
  curl -sf "http://127.0.0.1:$p/chain" | cmp -s - "${TMPDIR:-/tmp}/chain_requests_body.json" ||
    { echo "chain_requests.sh: the node on port $p serves other bytes" >&2; exit 1; }
done
echo "every node serves the same /chain body: $blocks blocks, $size bytes"
echo "wrk -t1 -c$connections -d${seconds}s, one node at a time:"
rates=()
for i in "${!ports[@]}"; do
  rate=$(wrk -t1 -c"$connections" -d"${seconds}s" "http://127.0.0.1:${ports[$i]}/chain" |
    awk '/Requests\/sec/ {print $2}')
  rates+=("$rate")
  printf '  %-45s %10s requests/s\n' "${names[$i]}" "$rate"
done
flask=${rates[-1]}
for i in "${!rates[@]}"; do
  printf '  %-45s %10.2f x flask\n' "${names[$i]}" "$(echo "${rates[$i]} / $flask" | bc -l)"
done
