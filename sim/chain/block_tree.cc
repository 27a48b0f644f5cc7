#include "sim/chain/block_tree.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

BlockTree::BlockTree(BlockPtr genesis) {
  ids_.emplace(genesis.get(), 0);
  const std::uint64_t bytes = genesis->wire_size();
  records_.push_back(BlockRecord{std::move(genesis), kNoBlock, 0, kNoMiner, 0, 0.0, bytes});
}

BlockId BlockTree::Add(BlockPtr block, BlockId parent, NodeIndex miner, SimTime now, double work) {
  CHAINSIM_CHECK(parent < records_.size());
  CHAINSIM_CHECK(block->Follows(records_[parent].block->hash()));
  const auto id = static_cast<BlockId>(records_.size());
  CHAINSIM_CHECK(ids_.emplace(block.get(), id).second);
  // Read before push_back, which may move the parent's record.
  const std::uint32_t height = records_[parent].height + 1;
  const double chain_work = records_[parent].chain_work + work;
  const std::uint64_t bytes = records_[parent].chain_bytes + block->wire_size();
  records_.push_back(BlockRecord{std::move(block), parent, height, miner, now, chain_work, bytes});
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

Chain BlockTree::BranchAfter(BlockId ancestor, BlockId tip) const {
  CHAINSIM_CHECK(IsAncestor(ancestor, tip));
  Chain branch(records_[tip].height - records_[ancestor].height);
  for (std::size_t k = branch.size(); k > 0; --k, tip = records_[tip].parent) {
    branch[k - 1] = records_[tip].block;
  }
  return branch;
}

}  // namespace chainsim::sim
