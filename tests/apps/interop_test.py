#!/usr/bin/env python3
"""Drives chainsim nodes and reference_node.py nodes against each other.

Usage: interop_test.py CHAINSIM_BINARY REFERENCE_NODE_PY
Exits 0 when every check passes; prints what failed otherwise.
"""

import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CHAINSIM, REFERENCE = sys.argv[1], sys.argv[2]
children = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as reply:
            raw = reply.read().decode()
            return reply.status, raw, json.loads(raw)
    except urllib.error.HTTPError as error:
        raw = error.read().decode()
        return error.code, raw, None


def wait_until_up(port):
    for _ in range(200):
        try:
            request(port, "/chain")
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"node on port {port} did not start")


def start_reference(pretty=False):
    port = free_port()
    args = ["/usr/bin/python3", REFERENCE, "--port", str(port)] + (["--pretty"] if pretty else [])
    children.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_until_up(port)
    return port


def start_chainsim():
    child = subprocess.Popen([CHAINSIM, "node", "--port", "0", "--difficulty", "4"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    children.append(child)
    line = child.stdout.readline()
    marker = "listening on http://127.0.0.1:"
    if marker not in line:
        raise RuntimeError(f"chainsim node did not start: {line!r}")
    port = int(line.split(marker)[1].split()[0])
    wait_until_up(port)
    return port


def block_hash(block):
    return hashlib.sha256(json.dumps(block, sort_keys=True).encode()).hexdigest()


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok: {what}")


def same_values(a, b):
    """Equal JSON values, with ints and floats kept apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_values(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_values(x, y) for x, y in zip(a, b))
    return a == b


def chain_of(port):
    return request(port, "/chain")[2]["chain"]


def links_hold(chain):
    return all(block["previous_hash"] == block_hash(previous)
               for previous, block in zip(chain, chain[1:]))


def main():
    ours = start_chainsim()
    theirs = start_reference()

    # chainsim -> Python: the reference node validates and adopts chainsim's chain.
    request(ours, "/transactions/new",
            {"sender": "alice", "recipient": "b\u00e9b\u00e9 \U0001F600 \"q\" /", "amount": 0.1})
    request(ours, "/transactions/new", {"sender": "bob", "recipient": "carol", "amount": "1.5e3"})
    for _ in range(2):
        check(request(ours, "/mine")[0] == 200, "chainsim mines at difficulty 4")
    request(theirs, "/nodes/register", {"nodes": [f"http://127.0.0.1:{ours}"]})
    status, _, body = request(theirs, "/nodes/resolve")
    check(body["message"] == "Our chain was replaced",
          "the Python node adopts chainsim's longer chain (it passes valid_chain)")
    check(same_values(chain_of(theirs), chain_of(ours)), "both nodes hold the same chain values")
    check(links_hold(chain_of(ours)), "Python's json.dumps hashes chainsim's blocks to its links")

    # Python -> chainsim (compact JSON, Flask 2.x): chainsim adopts the longer chain.
    request(theirs, "/transactions/new", {"sender": "dave", "recipient": "erin", "amount": 7})
    request(theirs, "/transactions/new", {"sender": "erin", "recipient": "dave", "amount": 1e5})
    for _ in range(2):
        request(theirs, "/mine")
    request(ours, "/nodes/register", {"nodes": [f"http://127.0.0.1:{theirs}"]})
    status, raw, body = request(ours, "/nodes/resolve")
    check(status == 200 and body["message"] == "Our chain was replaced",
          "chainsim adopts the Python node's longer chain")
    check(body["peers"][0]["outcome"] == "adopted", "chainsim reports the peer as adopted")
    check(same_values(chain_of(ours), chain_of(theirs)),
          "chainsim keeps every value as Python sent it (1e5 stays a float, 7 an int)")
    check(list(json.loads(raw).keys()) == sorted(json.loads(raw).keys()),
          "chainsim's resolve reply has sorted keys")

    # A tie keeps ours on both sides.
    request(theirs, "/mine")
    request(ours, "/mine")
    check(request(ours, "/nodes/resolve")[2]["message"] == "Our chain is authoritative",
          "chainsim keeps its chain on a tie")
    check(request(theirs, "/nodes/resolve")[2]["message"] == "Our chain is authoritative",
          "the Python node keeps its chain on a tie")

    # Python -> chainsim with pretty-printed JSON (older Flask).
    pretty = start_reference(pretty=True)
    request(pretty, "/nodes/register", {"nodes": [f"http://127.0.0.1:{ours}"]})
    check(request(pretty, "/nodes/resolve")[2]["message"] == "Our chain was replaced",
          "a pretty-printing Python node adopts chainsim's chain")
    request(pretty, "/mine")
    raw = request(pretty, "/chain")[1]
    check("\n  " in raw, "the pretty node really indents its /chain body")
    request(ours, "/nodes/register", {"nodes": [f"127.0.0.1:{pretty}"]})
    status, _, body = request(ours, "/nodes/resolve")
    check(body["message"] == "Our chain was replaced", "chainsim adopts a pretty-printed chain")
    check(same_values(chain_of(ours), chain_of(pretty)), "and holds exactly its values")

    # chainsim verify accepts the Python node's /chain body as it was sent.
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(raw)
    verify = subprocess.run([CHAINSIM, "verify", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    check(verify.returncode == 0, "chainsim verify accepts the Python node's chain")
    print("interop: all checks passed")


def run(checks):
    """Runs `checks`, reports a failure with exit code 1, and stops every node started."""
    try:
        checks()
    except Exception as error:  # report and fail
        print(f"FAILED: {error!r}")
        sys.exit(1)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    run(main)
