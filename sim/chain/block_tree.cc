#include "sim/chain/block_tree.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

BlockTree::BlockTree(BlockPtr genesis) {
  ids_.emplace(genesis.get(), 0);
  records_.push_back(BlockRecord{std::move(genesis), kNoBlock, 0, kNoMiner, 0, 0.0});
}

BlockId BlockTree::Add(BlockPtr block, BlockId parent, NodeIndex miner, SimTime now, double work) {
  CHAINSIM_CHECK(parent < records_.size());
  CHAINSIM_CHECK(block->Follows(records_[parent].block->hash()));
  const auto id = static_cast<BlockId>(records_.size());
  CHAINSIM_CHECK(ids_.emplace(block.get(), id).second);
  records_.push_back(BlockRecord{std::move(block), parent, records_[parent].height + 1, miner, now,
                                 records_[parent].chain_work + work});
  return id;
}

BlockId BlockTree::IdOf(const Block* block) const {
  const auto it = ids_.find(block);
  return it == ids_.end() ? kNoBlock : it->second;
}

BlockId BlockTree::CommonAncestor(BlockId a, BlockId b) const {
  while (records_[a].height > records_[b].height) a = records_[a].parent;
  while (records_[b].height > records_[a].height) b = records_[b].parent;
  while (a != b) {
    a = records_[a].parent;
    b = records_[b].parent;
  }
  return a;
}

bool BlockTree::IsAncestor(BlockId ancestor, BlockId block) const {
  while (records_[block].height > records_[ancestor].height) block = records_[block].parent;
  return block == ancestor;
}

Chain BlockTree::ChainTo(BlockId tip) const {
  Chain chain(records_[tip].height + 1);
  for (BlockId id = tip; id != kNoBlock; id = records_[id].parent) {
    chain[records_[id].height] = records_[id].block;
  }
  return chain;
}

}  // namespace chainsim::sim
