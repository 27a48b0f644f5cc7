#include "sim/metrics/run_metrics.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace chainsim::sim {

RunMetrics::RunMetrics(const BlockTree& tree, int node_count, int initially_up)
    : tree_(tree),
      nodes_(static_cast<std::size_t>(node_count)),
      up_(static_cast<std::size_t>(node_count), false),
      past_shares_(static_cast<std::size_t>(node_count)),
      held_words_((static_cast<std::size_t>(std::max(node_count, 1)) + 63) / 64),
      held_(held_words_, 0),
      received_(held_words_, 0),
      initially_up_(static_cast<std::uint32_t>(initially_up)),
      up_flips_(static_cast<std::size_t>(node_count)),
      propagation_(1),
      children_(1, 0) {
  CHAINSIM_CHECK(tree.size() == 1);
  for (int i = 0; i < initially_up; ++i) {
    up_[static_cast<std::size_t>(i)] = true;
    const auto node = static_cast<std::size_t>(i);
    held_[node / 64] |= std::uint64_t{1} << (node % 64);  // genesis
    received_[node / 64] |= std::uint64_t{1} << (node % 64);
  }
  up_count_ = static_cast<std::uint32_t>(initially_up);
  if (initially_up > 0) tip_count_[0] = up_count_;
}

void RunMetrics::OnBlockMined(BlockId block, SimTime now) {
  CHAINSIM_CHECK(block == propagation_.size());
  const BlockRecord& record = tree_[block];
  if (children_[record.parent]++ > 0) ++fork_events_;
  children_.push_back(0);
  BlockPropagation propagation;
  propagation.nodes_at_mining = up_count_;
  propagation.hash_holders_missing = up_share_nodes_;
  propagation.hash_at_mining = up_share_;
  for (std::size_t level = 0; level < kPropagationLevels.size(); ++level) {
    const auto needed = static_cast<std::uint32_t>(
        std::ceil(kPropagationLevels[level] * static_cast<double>(up_count_)));
    propagation.needed[level] = std::max<std::uint32_t>(needed, 1);
  }
  propagation_.push_back(propagation);
  // Every node up now but the miner (which is up: it mined) is a pair.
  if (up_count_ > 0) arrival_pairs_ += up_count_ - 1;
  (void)now;
}

void RunMetrics::RecordUpChange(NodeIndex node) {
  const auto mined = static_cast<BlockId>(propagation_.size());
  any_flips_ = true;
  std::vector<BlockId>& flips = up_flips_[node];
  // Two changes between the same blocks cancel out.
  if (!flips.empty() && flips.back() == mined) {
    flips.pop_back();
  } else {
    flips.push_back(mined);
  }
}

bool RunMetrics::UpAtMining(NodeIndex node, BlockId block) const {
  const bool initially = node < initially_up_;
  if (!any_flips_) return initially;  // spares the hot path a look at up_flips_
  const std::vector<BlockId>& flips = up_flips_[node];
  if (flips.empty()) return initially;
  const auto changes = std::upper_bound(flips.begin(), flips.end(), block) - flips.begin();
  return initially != (changes % 2 == 1);
}

double RunMetrics::ShareAtMining(NodeIndex node, BlockId block) const {
  const NodeRecord& record = nodes_[node];
  if (block >= record.share_since) return up_[node] ? record.share : 0.0;
  const std::vector<PastShare>& past = past_shares_[node];
  const auto it = std::upper_bound(past.begin(), past.end(), block,
                                   [](BlockId b, const PastShare& p) { return b < p.until; });
  CHAINSIM_CHECK(it != past.end());
  return it->share;
}

void RunMetrics::SetEffectiveShare(NodeIndex node, bool up, double share) {
  NodeRecord& record = nodes_[node];
  const double old_share = up_[node] ? record.share : 0.0;
  const double new_share = up ? share : 0.0;
  if (new_share == old_share) return;
  const auto mined = static_cast<BlockId>(propagation_.size());
  if (record.share_since < mined) past_shares_[node].push_back(PastShare{mined, old_share});
  record.share_since = mined;
  up_share_ += new_share - old_share;
  if (old_share > 0) --up_share_nodes_;
  if (new_share > 0) ++up_share_nodes_;
  if (up_share_nodes_ == 0) up_share_ = 0.0;  // no drift left over from the float sums
}

void RunMetrics::OnHashShare(NodeIndex node, double share) {
  CHAINSIM_CHECK(share >= 0);
  SetEffectiveShare(node, up_[node], share);
  nodes_[node].share = share;
}

bool RunMetrics::TestBit(const std::vector<std::uint64_t>& bits, NodeIndex node,
                         BlockId block) const {
  const std::size_t word = block * held_words_ + node / 64;
  return word < bits.size() && ((bits[word] >> (node % 64)) & 1U) != 0;
}

// Not const: `bits` is one of this object's own bitsets.
// NOLINTNEXTLINE(readability-make-member-function-const)
bool RunMetrics::SetBit(std::vector<std::uint64_t>& bits, NodeIndex node, BlockId block) {
  const std::size_t word = block * held_words_ + node / 64;
  if (word >= bits.size()) bits.resize((block + std::size_t{1}) * held_words_, 0);
  const std::uint64_t mask = std::uint64_t{1} << (node % 64);
  if ((bits[word] & mask) != 0) return false;
  bits[word] |= mask;
  return true;
}

bool RunMetrics::Holds(NodeIndex node, BlockId block) const { return TestBit(held_, node, block); }

bool RunMetrics::Received(NodeIndex node, BlockId block) const {
  return TestBit(received_, node, block);
}

void RunMetrics::MarkReceived(NodeIndex node, BlockId block, SimTime now) {
  if (!SetBit(received_, node, block)) return;
  BlockPropagation& p = propagation_[block];
  ++p.receivers;
  for (std::size_t level = 0; level < kPropagationLevels.size(); ++level) {
    if (p.received[level] == kNever && p.receivers >= p.needed[level]) p.received[level] = now;
  }
  const BlockRecord& record = tree_[block];
  if (node != record.miner && block != 0 && UpAtMining(node, block)) {
    arrival_.Add(now - record.mined_at);
  }
}

void RunMetrics::OnReceived(NodeIndex node, BlockId block, SimTime now) {
  MarkReceived(node, block, now);
}

void RunMetrics::OnReceivedChain(NodeIndex node, BlockId tip, SimTime now) {
  // Adopted blocks are received and the adopted ones of a node form a
  // branch from genesis, so the walk stops at the first of them.
  for (BlockId id = tip; id != kNoBlock && !Holds(node, id); id = tree_[id].parent) {
    MarkReceived(node, id, now);
  }
}

void RunMetrics::MarkHeld(NodeIndex node, BlockId tip, SimTime now) {
  for (BlockId id = tip; id != kNoBlock && !Holds(node, id); id = tree_[id].parent) {
    SetBit(held_, node, id);
    MarkReceived(node, id, now);  // adopting a block means having it
    BlockPropagation& p = propagation_[id];
    ++p.holders;
    for (std::size_t level = 0; level < kPropagationLevels.size(); ++level) {
      if (p.reached[level] == kNever && p.holders >= p.needed[level]) p.reached[level] = now;
    }
    const double share = id == 0 ? 0.0 : ShareAtMining(node, id);
    if (share <= 0) continue;
    p.hash_held += share;
    CHAINSIM_CHECK(p.hash_holders_missing > 0);
    --p.hash_holders_missing;
    for (std::size_t level = 0; level < kPropagationLevels.size(); ++level) {
      // 100 %: every node with a share up at mining holds the block (counted,
      // not summed); below: the held share within kHashLevelTolerance.
      const bool reached =
          p.hash_holders_missing == 0 ||
          (level < 2 && p.hash_held >= kPropagationLevels[level] * p.hash_at_mining *
                                           (1.0 - kHashLevelTolerance));
      if (p.hash_reached[level] == kNever && reached) p.hash_reached[level] = now;
    }
  }
}

void RunMetrics::AddTip(BlockId tip) { ++tip_count_[tip]; }

void RunMetrics::RemoveTip(BlockId tip) {
  const auto it = tip_count_.find(tip);
  CHAINSIM_CHECK(it != tip_count_.end());
  if (--it->second == 0) tip_count_.erase(it);
}

void RunMetrics::AgreementChanged(bool was_agreed, SimTime now) {
  const bool is_agreed = agreed();
  if (was_agreed && !is_agreed) episodes_.push_back({now, kNever});
  if (!was_agreed && is_agreed) {
    if (!episodes_.empty() && episodes_.back().end == kNever) episodes_.back().end = now;
    for (HealRecord& heal : heals_) {
      if (heal.converged_at == kNever) heal.converged_at = now;
    }
  }
}

void RunMetrics::OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip, SimTime now,
                              SwitchCause cause) {
  if (old_tip == new_tip) return;
  CHAINSIM_CHECK(nodes_[node].tip == old_tip);
  const BlockId common = tree_.CommonAncestor(old_tip, new_tip);
  const std::uint32_t depth = tree_[old_tip].height - tree_[common].height;
  if (depth == 0) {
    ++extensions_;
  } else {
    reorgs_.push_back(ReorgRecord{node, now, old_tip, new_tip, depth,
                                  tree_[new_tip].height - tree_[common].height, cause});
  }
  nodes_[node].tip = new_tip;
  MarkHeld(node, new_tip, now);
  if (up_[node]) {
    const bool was_agreed = agreed();
    AddTip(new_tip);
    RemoveTip(old_tip);
    AgreementChanged(was_agreed, now);
  }
}

void RunMetrics::OnNodeUp(NodeIndex node, SimTime now) {
  if (up_[node]) return;
  SetEffectiveShare(node, true, nodes_[node].share);
  RecordUpChange(node);
  up_[node] = true;
  ++up_count_;
  MarkHeld(node, nodes_[node].tip, now);
  const bool was_agreed = agreed();
  AddTip(nodes_[node].tip);
  AgreementChanged(was_agreed, now);
}

void RunMetrics::OnNodeDown(NodeIndex node, SimTime now) {
  if (!up_[node]) return;
  SetEffectiveShare(node, false, nodes_[node].share);
  RecordUpChange(node);
  up_[node] = false;
  --up_count_;
  const bool was_agreed = agreed();
  RemoveTip(nodes_[node].tip);
  AgreementChanged(was_agreed, now);
}

void RunMetrics::OnHeal(SimTime now) { heals_.push_back(HealRecord{now, agreed() ? now : kNever}); }

BlockId RunMetrics::MostCommonTip() const {
  BlockId best = nodes_.empty() ? 0 : nodes_[0].tip;
  std::uint32_t best_count = 0;
  for (const auto& [tip, count] : tip_count_) {
    const bool better =
        count > best_count ||
        (count == best_count && (tree_[tip].height > tree_[best].height ||
                                 (tree_[tip].height == tree_[best].height && tip < best)));
    if (better) {
      best = tip;
      best_count = count;
    }
  }
  return best;
}

void RunMetrics::TakeSample(SimTime now, std::uint64_t messages, std::uint64_t bytes) {
  Sample sample;
  sample.time = now;
  sample.distinct_tips = distinct_tips();
  sample.messages = messages;
  sample.bytes = bytes;
  std::uint32_t top = 0;
  for (const auto& [tip, count] : tip_count_) top = std::max(top, count);
  sample.share_on_top_tip =
      up_count_ == 0 ? 0.0 : static_cast<double>(top) / static_cast<double>(up_count_);
  bool first = true;
  for (std::size_t node = 0; node < nodes_.size(); ++node) {
    if (!up_[node]) continue;
    const std::uint32_t height = tree_[nodes_[node].tip].height;
    sample.min_height = first ? height : std::min(sample.min_height, height);
    sample.max_height = first ? height : std::max(sample.max_height, height);
    first = false;
  }
  samples_.push_back(sample);
}

double RunMetrics::ShareOfTotal(NodeIndex node) const {
  double total = 0.0;
  for (const NodeRecord& record : nodes_) total += record.share;
  return total > 0.0 ? nodes_[node].share / total : 0.0;
}

}  // namespace chainsim::sim
