#pragma once
// TipTable: where each node's chain ends in the run's BlockTree (its tip),
// and each chain as a shared vector, made on demand.
//
// A node's chain is the branch of the tree ending at its tip, so nodes that
// share a chain share its storage. The tips are kept apart from the rest of
// a node's state (sim/node/sim_node.h) in one compact array, 4 bytes a node:
// a block's arrival reads and moves the receiver's tip, and at 20,000 nodes
// an array of them stays in the cache where the nodes' records do not
// (docs/performance.md, issue 15).
//
// Thread safety: none (one Simulation, one thread).

#include <cstddef>
#include <memory>
#include <vector>

#include "sim/chain/block_tree.h"
#include "sim/chain/ids.h"

namespace chainsim::sim {

class TipTable {
 public:
  // `nodes` nodes, every one at block 0 (the genesis block).
  explicit TipTable(std::size_t nodes)
      : tips_(nodes, 0), has_snapshot_(nodes, false), snapshots_(nodes) {}

  // REQUIRES: node < size().
  BlockId Tip(NodeIndex node) const { return tips_[node]; }
  // Moves `node`'s tip to `tip` (a block of the run's tree).
  void Move(NodeIndex node, BlockId tip) {
    tips_[node] = tip;
    if (has_snapshot_[node]) {  // a bit, so that a move touches no 16-byte slot
      has_snapshot_[node] = false;
      snapshots_[node].reset();
    }
  }
  // `node`'s chain, the branch of `tree` ending at its tip, as a shared
  // immutable vector, made at most once per tip. O(length) when made: for
  // callers that need the blocks themselves, not for the relay's hot path.
  std::shared_ptr<const Chain> Snapshot(NodeIndex node, const BlockTree& tree);

  std::size_t size() const { return tips_.size(); }

 private:
  std::vector<BlockId> tips_;
  std::vector<bool> has_snapshot_;                       // snapshots_[node] is set
  std::vector<std::shared_ptr<const Chain>> snapshots_;  // null until asked for
};

}  // namespace chainsim::sim
