#pragma once
// SimNode: one virtual node of a run: the core blockchain it holds, the peers
// it registered, and whether it is up. What it does is its behaviour's
// (sim/behaviour/node_behaviour.h); the Simulation keeps which behaviour
// runs it.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/blockchain.h"
#include "sim/chain/ids.h"
#include "sim/engine/random.h"

namespace chainsim::sim {

struct SimNode {
  SimNode(Blockchain chain, Random nonce_rng)
      : blockchain(std::move(chain)), mining_rng(nonce_rng) {}

  // The node's state as the tutorial node keeps it: chain, pending
  // transactions, registered peers (as addresses, in registration order).
  Blockchain blockchain;
  // The tree id of the last block of blockchain.chain().
  BlockId tip = 0;
  // blockchain.nodes() as node indices, in the same order: appended exactly
  // when core registers an address as new (the simulator sends to indices).
  std::vector<NodeIndex> peers;
  // False while crashed, and before a joining node has joined.
  bool up = false;
  bool joined = false;
  // Start nonces of this node's proof searches.
  Random mining_rng;

  // The chain as a shared immutable snapshot, made at most once per chain
  // state.
  std::shared_ptr<const Chain> Snapshot();
  // Must be called after every change of blockchain.chain().
  void ChainChanged() { snapshot_.reset(); }

 private:
  std::shared_ptr<const Chain> snapshot_;
};

// "http://node<i>:5000": the address node i registers under.
std::string NodeAddress(NodeIndex node);

}  // namespace chainsim::sim
