#!/usr/bin/env python3
"""Values Python's json keeps that many JSON parsers do not, between chainsim
and reference_node.py, both ways.

Chains holding integers of any size, 1e400 (read as Infinity), NaN, lone
surrogates, deep nesting, blocks with extra keys and proofs that are floats
or big integers: each side validates, adopts and serves the other's chain
byte-identically (the /chain bodies are compared as bytes); chainsim keeps
them exactly across a restart from its saved state; and a peer serving
hostile numbers or nesting cannot end chainsim.

Usage: interop_values_test.py CHAINSIM_BINARY REFERENCE_NODE_PY
Exits 77 (ctest: skipped) when /usr/bin/python3 lacks Flask or requests.
"""

import hashlib
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.request

try:
    import flask  # noqa: F401  (reference_node.py needs them)
    import requests  # noqa: F401
except ImportError:
    print("SKIPPED: /usr/bin/python3 has no flask/requests")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop_test as base  # noqa: E402  (helpers: ports, requests, reference nodes)

CHAINSIM = base.CHAINSIM


def post_raw(port, path, text):
    """POSTs `text` as it is (json.dumps cannot write 1e400)."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=text.encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as reply:
        return reply.status


def raw_chain(port):
    return base.request(port, "/chain")[1]


def start_chainsim(data_dir):
    child = subprocess.Popen([CHAINSIM, "node", "--port", "0", "--difficulty", "4",
                              "--data-dir", data_dir],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base.children.append(child)
    line = child.stdout.readline()
    marker = "listening on http://127.0.0.1:"
    if marker not in line:
        raise RuntimeError(f"chainsim node did not start: {line!r}")
    port = int(line.split(marker)[1].split()[0])
    base.wait_until_up(port)
    return child, port


def proof_is_valid(last_proof, proof, last_hash):
    """The reference's valid_proof: str() of both proofs, whatever their type."""
    guess = f"{last_proof}{proof}{last_hash}".encode()
    return hashlib.sha256(guess).hexdigest().startswith("0000")


def forge(chain, proofs, **extra):
    """Appends a block whose proof is the first valid one of `proofs`."""
    last = chain[-1]
    last_hash = base.block_hash(last)
    proof = next(p for p in proofs if proof_is_valid(last["proof"], p, last_hash))
    block = {"index": len(chain) + 1, "timestamp": 1795491520.5, "transactions": [],
             "proof": proof, "previous_hash": last_hash, **extra}
    return chain + [block]


class Peer:
    """A peer serving a fixed /chain body (compact, sorted keys, as Flask 2.x)."""

    def __init__(self, body):
        self.body = body.encode()
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(peer.body)))
                self.end_headers()
                self.wfile.write(peer.body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def chain_body(chain):
    return json.dumps({"chain": chain, "length": len(chain)}, sort_keys=True,
                      separators=(",", ":")) + "\n"


def resolve_from(port, peer_port):
    base.request(port, "/nodes/register", {"nodes": [f"127.0.0.1:{peer_port}"]})
    return base.request(port, "/nodes/resolve")


def main():
    data_dir = tempfile.mkdtemp(prefix="chainsim-interop-values-")
    ours_process, ours = start_chainsim(data_dir)
    theirs = base.start_reference()

    # Python -> chainsim: the reference mines exotic transactions.
    for body in ['{"sender": "a", "recipient": "b", "amount": 10000000000000000000000000000000000000001}',
                 '{"sender": "\\ud800 \\" \\\\ \\u0000", "recipient": "b", "amount": 1e400}',
                 '{"sender": "a", "recipient": "b", "amount": [NaN, -Infinity, -0, 1E+2, 2.5e-324]}',
                 '{"sender": "a", "recipient": "b", "amount": ' + "[" * 50 + "]" * 50 + "}"]:
        base.check(post_raw(theirs, "/transactions/new", body) == 201,
                   "the Python node takes " + body[:60])
    base.request(theirs, "/mine")
    status, _, reply = resolve_from(ours, theirs)
    base.check(status == 200 and reply["message"] == "Our chain was replaced",
               "chainsim adopts the Python node's chain of big integers, Infinity, NaN, surrogates")
    base.check(raw_chain(ours) == raw_chain(theirs),
               "and serves it byte-identically to the Python node")

    # chainsim -> Python: chainsim mines the same kinds of values.
    post_raw(ours, "/transactions/new",
             '{"sender": "\\udfff", "recipient": -99999999999999999999999, "amount": 1e-400}')
    base.check(base.request(ours, "/mine")[0] == 200, "chainsim mines them")
    status, _, reply = resolve_from(theirs, ours)
    base.check(reply["message"] == "Our chain was replaced",
               "the Python node validates chainsim's hashes of them and adopts its chain")
    base.check(raw_chain(theirs) == raw_chain(ours), "both serve the same bytes")

    # Blocks beyond what /mine makes: extra keys, float and big-integer proofs.
    chain = json.loads(raw_chain(ours))["chain"]
    chain = forge(chain, range(10**6), note={"memo": "extra key", "big": 2**80})
    chain = forge(chain, (k + 0.5 for k in range(10**6)))
    chain = forge(chain, (10**30 + k for k in range(10**6)))
    body = chain_body(chain)
    crafted = Peer(body)
    status, _, reply = resolve_from(ours, crafted.port)
    base.check(reply["message"] == "Our chain was replaced",
               "chainsim adopts a valid chain with extra keys, a float proof and a 31-digit proof")
    base.check(raw_chain(ours) == body, "and serves it exactly as the peer sent it")
    status, _, reply = resolve_from(theirs, crafted.port)
    base.check(reply["message"] == "Our chain was replaced", "so does the Python node")
    base.check(base.request(ours, "/mine")[0] == 200,
               "chainsim mines on top of a block whose proof is a 31-digit integer")
    status, _, reply = resolve_from(theirs, ours)
    base.check(reply["message"] == "Our chain was replaced",
               "the Python node accepts that block (str() of the big proof in valid_proof)")
    base.check(raw_chain(theirs) == raw_chain(ours), "and both serve the same bytes")

    # chainsim's saved state keeps every value exactly.
    before = raw_chain(ours)
    ours_process.terminate()
    ours_process.wait(timeout=10)
    _, ours = start_chainsim(data_dir)
    base.check(raw_chain(ours) == before, "a restarted chainsim serves the same bytes")

    # Hostile peers: numbers beyond a double, nesting beyond the limit.
    longer = forge(chain, range(10**6))
    hostile = [
        chain_body(longer).replace('"timestamp":1795491520.5', '"timestamp":1e400', 1),
        chain_body(longer).replace('"transactions":[]', '"transactions":[' + "[" * 5000 + "]" * 5000 + "]", 1),
        '{"chain":' + "[" * 100000 + "]" * 100000 + ',"length":1}\n',
    ]
    for text in hostile:
        status, _, reply = resolve_from(ours, Peer(text).port)
        base.check(status == 200, "chainsim answers a resolve against a hostile peer")
    base.check(base.request(ours, "/chain")[0] == 200, "and is still serving afterwards")
    outcomes = [p["outcome"] for p in reply["peers"]]
    base.check("bad_response" in outcomes, f"deep nesting is a bad_response ({outcomes})")
    print("interop values: all checks passed")


if __name__ == "__main__":
    base.run(main)
