#pragma once
// SimNode: one virtual node of a run: the core blockchain it holds, the peers
// it registered, whether it is up, and whether it forges its chain replies.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
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

  // Set by a `forge` timeline event: the node answers chain requests with
  // a forged chain (sim/node/forgery.h).
  std::optional<ForgeryConfig> forgery;

  // The chain as a shared immutable snapshot, made at most once per chain
  // state.
  std::shared_ptr<const Chain> Snapshot();
  // What a /chain reply of this node carries: Snapshot(), or for a forger
  // the forged copy of it (padding stamped `timestamp`, epoch seconds), made
  // at most once per chain state.
  std::shared_ptr<const Chain> ChainReply(double timestamp);
  // Must be called after every change of blockchain.chain() or forgery.
  void ChainChanged() {
    snapshot_.reset();
    forged_.reset();
  }

 private:
  std::shared_ptr<const Chain> snapshot_;
  std::shared_ptr<const Chain> forged_;
};

// "http://node<i>:5000": the address node i registers under.
std::string NodeAddress(NodeIndex node);

}  // namespace chainsim::sim
