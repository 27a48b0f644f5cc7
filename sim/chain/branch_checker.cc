#include "sim/chain/branch_checker.h"

#include <utility>

#include "core/check.h"

namespace chainsim::sim {
namespace {

// first_invalid_ of a block not yet computed.
constexpr BlockId kUnknown = kNoBlock - 1;

}  // namespace

BranchChecker::BranchChecker(const BlockTree& tree, const ChainRules& rules)
    : tree_(tree), rules_(rules) {
  Track();
}

void BranchChecker::Track() {
  const std::size_t size = tree_.size();
  if (link_.size() == size) return;
  CHAINSIM_CHECK(size < kUnknown);
  const bool first = link_.empty();
  link_.resize(size, -1);
  first_invalid_.resize(size, kUnknown);
  if (rules_.fork_choice == ForkChoice::kMostWork) {
    link_work_.resize(size, 0.0);
    branch_work_.resize(size, 0.0);
  }
  if (rules_.retarget.every > 0) {
    targets_.resize(size, InitialTarget(rules_));
    target_known_.resize(size, false);
    target_known_[0] = true;  // genesis: the initial target by convention
  }
  if (first) {  // genesis is trusted as it is (valid_chain starts at block 1)
    link_[0] = 1;
    first_invalid_[0] = kNoBlock;
  }
}

bool BranchChecker::LinkValid(BlockId block) {
  Track();
  if (link_[block] < 0) {
    const BlockRecord& record = tree_[block];
    const LinkVerdict link =
        CheckLink(*tree_[record.parent].block, *record.block, rules_, TargetOf(block));
    link_[block] = link.valid ? 1 : 0;
    if (!link_work_.empty() && link.valid) link_work_[block] = ProofWork(link.proof_digest);
  }
  return link_[block] == 1;
}

BlockId BranchChecker::FirstInvalid(BlockId tip) {
  Track();
  // Up to the nearest block whose answer is known, then down again.
  walk_.clear();
  BlockId id = tip;
  while (first_invalid_[id] == kUnknown) {
    walk_.push_back(id);
    id = tree_[id].parent;
  }
  for (std::size_t k = walk_.size(); k > 0; --k) {  // lowest block first
    const BlockId block = walk_[k - 1];
    const BlockId above = first_invalid_[tree_[block].parent];
    // A failing parent branch fails first; otherwise this block's own link.
    const bool link_ok = LinkValid(block);
    first_invalid_[block] = above != kNoBlock ? above : (link_ok ? kNoBlock : block);
    // The branch's work as CheckChain sums it: the parent's total, then this
    // link's, in chain order (so the double is bit-identical).
    if (!branch_work_.empty() && first_invalid_[block] == kNoBlock) {
      branch_work_[block] = branch_work_[tree_[block].parent] + link_work_[block];
    }
  }
  return first_invalid_[tip];
}

ChainVerdict BranchChecker::Check(BlockId tip, bool with_work) {
  CHAINSIM_CHECK(!with_work || rules_.fork_choice == ForkChoice::kMostWork);
  const BlockId bad = FirstInvalid(tip);
  ChainVerdict verdict;
  if (bad == kNoBlock) {
    if (with_work) verdict.work = branch_work_[tip];
    return verdict;
  }
  // The failing link alone, through the reference code, for its reason.
  const BlockRecord& record = tree_[bad];
  ChainVerdict link;
  if (rules_.retarget.every > 0) {
    LinkVerdict failed =
        CheckLink(*tree_[record.parent].block, *record.block, rules_, TargetOf(bad));
    CHAINSIM_CHECK(!failed.valid);
    link.valid = false;
    link.reason = std::move(failed.reason);
  } else {
    link = CheckChain(Chain{tree_[record.parent].block, record.block}, rules_);
    CHAINSIM_CHECK(!link.valid);
  }
  link.failed_position = record.height;
  // CheckChain reports the work summed before the failure.
  link.work = with_work ? branch_work_[record.parent] : 0.0;
  return link;
}

ProofTarget BranchChecker::TargetOf(BlockId block) {
  if (rules_.retarget.every == 0) return InitialTarget(rules_);
  Track();
  // Up to the nearest block whose target is known, then down again.
  target_walk_.clear();
  BlockId id = block;
  while (!target_known_[id]) {
    target_walk_.push_back(id);
    id = tree_[id].parent;
  }
  for (std::size_t k = target_walk_.size(); k > 0; --k) {  // lowest block first
    const BlockId below = target_walk_[k - 1];
    targets_[below] = ChildTarget(tree_[below].parent);
    target_known_[below] = true;
  }
  return targets_[block];
}

ProofTarget BranchChecker::ChildTarget(BlockId parent) {
  if (rules_.retarget.every == 0) return InitialTarget(rules_);
  Track();
  const ProofTarget parent_target = target_known_[parent] ? targets_[parent] : TargetOf(parent);
  const std::size_t position = tree_[parent].height + std::size_t{1};
  if (!StartsPeriod(rules_, position)) return parent_target;
  if (const auto known = period_targets_.find(parent); known != period_targets_.end()) {
    return known->second;
  }
  BlockId first = parent;
  for (int i = 0; i < rules_.retarget.every; ++i) first = tree_[first].parent;
  const ProofTarget target =
      RetargetedTarget(rules_, parent_target, *tree_[first].block, *tree_[parent].block);
  period_targets_.emplace(parent, target);
  return target;
}

}  // namespace chainsim::sim
