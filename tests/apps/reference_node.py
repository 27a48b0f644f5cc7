#!/usr/bin/env python3
"""A small Python node written from shared/reference/tutorial.md, for interop tests.

It follows the specification there: blocks of five keys, hash = SHA-256 of
json.dumps(block, sort_keys=True), proof of work on
str(last_proof) + str(proof) + last_hash with four leading hex zeros,
valid_chain checking only previous_hash and the proof, resolve adopting the
strictly longest valid chain. Flask and requests are used as the reference
uses them. Run with /usr/bin/python3 (Debian's Flask and requests).

    reference_node.py --port 5001 [--pretty]

--pretty makes responses indented, as older Flask versions sent them.
"""

import argparse
import hashlib
import json
import time
from urllib.parse import urlparse
from uuid import uuid4

import requests
from flask import Flask, jsonify, request

DIFFICULTY_PREFIX = "0000"


def block_hash(block):
    return hashlib.sha256(json.dumps(block, sort_keys=True).encode()).hexdigest()


def proof_is_valid(last_proof, proof, last_hash):
    guess = f"{last_proof}{proof}{last_hash}".encode()
    return hashlib.sha256(guess).hexdigest().startswith(DIFFICULTY_PREFIX)


class Ledger:
    def __init__(self):
        self.chain = []
        self.pending = []
        self.peers = set()
        self.forge(previous_hash="1", proof=100)

    @property
    def tip(self):
        return self.chain[-1]

    def forge(self, proof, previous_hash):
        block = {
            "index": len(self.chain) + 1,
            "timestamp": time.time(),
            "transactions": self.pending,
            "proof": proof,
            "previous_hash": previous_hash,
        }
        self.pending = []
        self.chain.append(block)
        return block

    def add_transaction(self, sender, recipient, amount):
        self.pending.append({"sender": sender, "recipient": recipient, "amount": amount})
        return self.tip["index"] + 1

    def search_proof(self, last_block):
        last_hash = block_hash(last_block)
        proof = 0
        while not proof_is_valid(last_block["proof"], proof, last_hash):
            proof += 1
        return proof

    def register(self, address):
        parsed = urlparse(address)
        if parsed.netloc:
            self.peers.add(parsed.netloc)
        elif parsed.path:
            self.peers.add(parsed.path)
        else:
            raise ValueError("Invalid URL")

    @staticmethod
    def chain_is_valid(chain):
        for previous, block in zip(chain, chain[1:]):
            previous_hash = block_hash(previous)
            if block["previous_hash"] != previous_hash:
                return False
            if not proof_is_valid(previous["proof"], block["proof"], previous_hash):
                return False
        return True

    def resolve(self):
        best, best_length = None, len(self.chain)
        for peer in self.peers:
            reply = requests.get(f"http://{peer}/chain")
            if reply.status_code != 200:
                continue
            body = reply.json()
            if body["length"] > best_length and self.chain_is_valid(body["chain"]):
                best, best_length = body["chain"], body["length"]
        if best is None:
            return False
        self.chain = best
        return True


def make_app(pretty):
    app = Flask(__name__)
    app.json.compact = not pretty
    app.json.sort_keys = True
    ledger = Ledger()
    node_id = str(uuid4()).replace("-", "")

    @app.route("/mine", methods=["GET"])
    def mine():
        last = ledger.tip
        proof = ledger.search_proof(last)
        ledger.add_transaction(sender="0", recipient=node_id, amount=1)
        block = ledger.forge(proof, block_hash(last))
        return jsonify({
            "message": "New Block Forged",
            "index": block["index"],
            "transactions": block["transactions"],
            "proof": block["proof"],
            "previous_hash": block["previous_hash"],
        }), 200

    @app.route("/transactions/new", methods=["POST"])
    def new_transaction():
        values = request.get_json()
        if not all(key in values for key in ("sender", "recipient", "amount")):
            return "Missing values", 400
        index = ledger.add_transaction(values["sender"], values["recipient"], values["amount"])
        return jsonify({"message": f"Transaction will be added to Block {index}"}), 201

    @app.route("/chain", methods=["GET"])
    def chain():
        return jsonify({"chain": ledger.chain, "length": len(ledger.chain)}), 200

    @app.route("/nodes/register", methods=["POST"])
    def register():
        nodes = request.get_json().get("nodes")
        if nodes is None:
            return "Error: Please supply a valid list of nodes", 400
        for node in nodes:
            ledger.register(node)
        return jsonify({"message": "New nodes have been added",
                        "total_nodes": list(ledger.peers)}), 201

    @app.route("/nodes/resolve", methods=["GET"])
    def resolve():
        if ledger.resolve():
            return jsonify({"message": "Our chain was replaced", "new_chain": ledger.chain}), 200
        return jsonify({"message": "Our chain is authoritative", "chain": ledger.chain}), 200

    return app


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--pretty", action="store_true", help="indent JSON responses")
    args = parser.parse_args()
    make_app(args.pretty).run(host=args.host, port=args.port, threaded=False)


if __name__ == "__main__":
    main()
