#pragma once
// SimNode: one virtual node of a run: the core blockchain it holds, the peers
// it registered, and whether it is up.

#include <cstddef>
#include <memory>
#include <vector>

#include "core/blockchain.h"
#include "sim/engine/random.h"
#include "sim/metrics/block_tree.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

struct SimNode {
  SimNode(Blockchain chain, Random nonce_rng)
      : blockchain(std::move(chain)), mining_rng(nonce_rng) {}

  // The node's state as the tutorial node keeps it: chain, pending
  // transactions, registered peers (as addresses).
  Blockchain blockchain;
  // The tree id of the last block of blockchain.chain().
  BlockId tip = 0;
  // The same peers as indices, in registration order without repeats.
  std::vector<NodeIndex> peers;
  // False while crashed, and before a joining node has joined.
  bool up = false;
  bool joined = false;
  // Start nonces of this node's proof searches.
  Random mining_rng;

  // The chain as a shared immutable snapshot (what a /chain reply carries),
  // made at most once per chain state.
  std::shared_ptr<const Chain> Snapshot() {
    if (!snapshot_) snapshot_ = std::make_shared<const Chain>(blockchain.chain());
    return snapshot_;
  }
  // Must be called after every change of blockchain.chain().
  void ChainChanged() { snapshot_.reset(); }

 private:
  std::shared_ptr<const Chain> snapshot_;
};

// "http://node<i>:5000": the address node i registers under.
std::string NodeAddress(NodeIndex node);

}  // namespace chainsim::sim
