#pragma once
// BlockTree: every block of a run, in one tree, with who mined it and when.
//
// Blocks are the shared core::Block objects the nodes hold; the tree gives
// each one a dense id (genesis is 0) in the order the run created them, and
// keeps its parent, height (genesis 0), miner and mining time. Protocols and
// metrics address blocks by id: per-node bitsets over ids are how "which
// blocks does a node have" stays cheap with thousands of nodes.
//
// Nodes hold their chains as tips in this tree (sim/node/sim_node.h), so
// what a branch weighs (chain_bytes) and its work are kept per block, and
// memory grows with nodes + blocks, not nodes x blocks.
//
// Ownership: the tree holds a reference to every block (so ids never dangle).
// Thread safety: none.

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/block.h"
#include "sim/chain/ids.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

struct BlockRecord {
  BlockPtr block;
  BlockId parent = kNoBlock;   // kNoBlock for genesis
  std::uint32_t height = 0;    // genesis 0
  NodeIndex miner = kNoMiner;  // kNoMiner for genesis
  SimTime mined_at = 0;
  // Accumulated work under ForkChoice::kMostWork (0 unless asked for).
  double chain_work = 0.0;
  // Sum of Block::wire_size() from genesis to this block, both included:
  // what the branch ending here weighs on the wire (ChainResponseSize).
  std::uint64_t chain_bytes = 0;
};

class BlockTree {
 public:
  // A tree holding only `genesis` (id 0).
  explicit BlockTree(BlockPtr genesis);

  // Adds a block mined by `miner` at `now` on top of `parent`. REQUIRES:
  // block->Follows(hash of parent). `work` is this block's own proof work.
  BlockId Add(BlockPtr block, BlockId parent, NodeIndex miner, SimTime now, double work = 0.0);

  std::size_t size() const { return records_.size(); }
  const BlockRecord& operator[](BlockId id) const { return records_[id]; }
  // The id of a block of this tree, or kNoBlock for a block it never saw.
  BlockId IdOf(const Block* block) const;
  BlockId IdOf(const BlockPtr& block) const { return IdOf(block.get()); }

  // The last common block of the branches ending at `a` and `b`.
  BlockId CommonAncestor(BlockId a, BlockId b) const;
  // True if `ancestor` is on the branch ending at `block` (a block is its own ancestor).
  bool IsAncestor(BlockId ancestor, BlockId block) const;
  // The blocks from genesis to `tip`, in chain order. O(height): for reports
  // and checks, not for anything done per message.
  Chain ChainTo(BlockId tip) const;
  // The blocks after `ancestor` up to `tip`, in chain order (empty when they
  // are the same block). REQUIRES: IsAncestor(ancestor, tip).
  Chain BranchAfter(BlockId ancestor, BlockId tip) const;

 private:
  std::vector<BlockRecord> records_;
  std::unordered_map<const Block*, BlockId> ids_;
};

}  // namespace chainsim::sim
