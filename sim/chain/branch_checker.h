#pragma once
// BranchChecker: valid_chain's verdict on any branch of the run's block tree,
// from facts kept per block, so that checking a node's whole chain costs
// O(1) amortised instead of O(length).
//
// A chain's validity follows from its tip's parent's: the branch ending at a
// block is valid exactly when the branch ending at its parent is and the
// block's own link (previous_hash and proof, valid_chain's two checks)
// passes. So each block's link is checked once, and each block remembers the
// first failing block of its branch (none, for a valid branch); the verdict
// on a branch is then a lookup, identical to CheckChain on the blocks from
// genesis to the tip (position, reason, and work when asked). This is what
// keeps the tutorial's pull protocol linear: a resolve asks about peers'
// chains, not about their blocks (docs/performance.md).
//
// Ownership: holds a reference to the tree, which must outlive it.
// Thread safety: none.

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/chain_rules.h"
#include "core/proof_target.h"
#include "core/resolve.h"
#include "core/valid_chain.h"
#include "sim/chain/block_tree.h"
#include "sim/chain/ids.h"

namespace chainsim::sim {

class BranchChecker {
 public:
  // Checks branches of `tree` under `rules` (the run's).
  BranchChecker(const BlockTree& tree, const ChainRules& rules);

  // True if `block`'s link to its parent passes valid_chain's two checks
  // (genesis: true). Computed once per block: blocks are immutable.
  bool LinkValid(BlockId block);
  // The first block (lowest height) on the branch ending at `tip` whose link
  // fails, or kNoBlock when the whole branch is valid. Amortised O(1): each
  // block's answer is computed once, from its parent's.
  BlockId FirstInvalid(BlockId tip);
  // CheckChain(tree.ChainTo(tip), rules, with_work), without building the
  // chain: the same valid flag, failed position, reason and work.
  // REQUIRES: !with_work, or the rules' fork choice is kMostWork (work is
  // kept only then).
  ChainVerdict Check(BlockId tip, bool with_work);

  // The proof target `block` had to meet (core/proof_target.h): under
  // retargeting derived from its branch's timestamps, computed once per
  // block; otherwise InitialTarget. Amortised O(1) per block (a period's
  // first block walks `every` parents once).
  ProofTarget TargetOf(BlockId block);
  // The target of a block mined on top of `parent`.
  ProofTarget ChildTarget(BlockId parent);

 private:
  // Grows the per-block arrays to the tree's size.
  void Track();

  const BlockTree& tree_;
  ChainRules rules_;
  std::vector<std::int8_t> link_;  // per block: -1 unknown, 0 fails, 1 passes
  // Per block: the first failing block of its branch, kNoBlock for none,
  // kUnknown until computed.
  std::vector<BlockId> first_invalid_;
  // Per block, only under ForkChoice::kMostWork: its own link's proof work
  // (once LinkValid passed), and its branch's work as CheckChain sums it
  // (once FirstInvalid found the branch valid).
  std::vector<double> link_work_;
  std::vector<double> branch_work_;
  std::vector<BlockId> walk_;         // scratch for FirstInvalid
  std::vector<BlockId> target_walk_;  // scratch for TargetOf
  // Per block, only under retargeting: its target, once target_known_.
  std::vector<ProofTarget> targets_;
  std::vector<bool> target_known_;
  // Under retargeting: the target of a period's first block, by its parent.
  std::unordered_map<BlockId, ProofTarget> period_targets_;
};

// A branch of the tree as core's ChooseChain sees it: its length is the
// tip's height + 1, its verdict BranchChecker::Check. Holds references: the
// checker must outlive it.
class TreeBranchCandidate final : public CandidateChain {
 public:
  TreeBranchCandidate(BranchChecker& checker, const BlockTree& tree, BlockId tip)
      : checker_(&checker), length_(tree[tip].height + std::size_t{1}), tip_(tip) {}
  std::size_t length() const override { return length_; }
  ChainVerdict Check(bool with_work) const override { return checker_->Check(tip_, with_work); }

 private:
  BranchChecker* checker_;  // not owned
  std::size_t length_;
  BlockId tip_;
};

}  // namespace chainsim::sim
