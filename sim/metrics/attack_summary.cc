#include "sim/metrics/attack_summary.h"

#include <algorithm>

namespace chainsim::sim {
namespace {

// On the branch ending at `tip`: is `block` there.
bool OnBranch(const BlockTree& tree, BlockId block, BlockId tip) {
  return block != kNoBlock && tree.IsAncestor(block, tip);
}

SelfishMiningFigures SummarizeSelfish(const BlockTree& tree, const RunMetrics& metrics,
                                      BlockId main_tip, const AttackEvent& start) {
  SelfishMiningFigures f;
  f.node = start.node;
  f.started = start.at;
  f.hash_share = metrics.ShareOfTotal(start.node);
  for (BlockId id = main_tip; id != 0; id = tree[id].parent) {
    if (tree[id].mined_at < start.at) break;
    ++f.main_chain_blocks;
    if (tree[id].miner == f.node) ++f.pool_main_chain_blocks;
  }
  if (f.main_chain_blocks > 0) {
    f.revenue_share =
        static_cast<double>(f.pool_main_chain_blocks) / static_cast<double>(f.main_chain_blocks);
  }
  for (BlockId id = 1; id < tree.size(); ++id) {
    if (tree[id].mined_at >= start.at && tree[id].miner == f.node) ++f.pool_blocks_mined;
  }
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.kind != AttackKind::kSelfishMining || e.node != f.node) continue;
    if (e.step == AttackStep::kAbandoned) f.pool_blocks_abandoned += e.count;
    if (e.step != AttackStep::kRace) continue;
    ++f.races;
    if (OnBranch(tree, e.block, main_tip)) ++f.races_won;
    // The first block mined after the race began on either tied block
    // decides it (ids grow in mining order); the honest ones measure gamma.
    for (BlockId id = std::max(e.block, e.other) + 1; id < tree.size(); ++id) {
      const BlockRecord& r = tree[id];
      if (r.mined_at < e.at || (r.parent != e.block && r.parent != e.other)) continue;
      if (r.miner != f.node) {
        ++f.races_decided_by_honest;
        if (r.parent == e.block) ++f.honest_on_pool_block;
      }
      break;
    }
  }
  if (f.races_decided_by_honest > 0) {
    f.gamma_measured = static_cast<double>(f.honest_on_pool_block) /
                       static_cast<double>(f.races_decided_by_honest);
  }
  // Unpublished at the end: the pool's blocks after its last publication
  // that nobody else holds; counted from the steps.
  std::uint64_t secret = 0;
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.kind != AttackKind::kSelfishMining || e.node != f.node) continue;
    if (e.step == AttackStep::kWithheld) secret = e.count;
    if (e.step == AttackStep::kPublished || e.step == AttackStep::kRace) {
      secret -= std::min(secret, e.count);
    }
    if (e.step == AttackStep::kAbandoned) secret = 0;
  }
  f.unpublished_at_end = secret;
  return f;
}

}  // namespace

AttackFigures SummarizeAttacks(const BlockTree& tree, const RunMetrics& metrics, BlockId main_tip) {
  AttackFigures figures;
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.step != AttackStep::kStarted) continue;
    if (e.kind == AttackKind::kSelfishMining && !figures.selfish_mining) {
      figures.selfish_mining = SummarizeSelfish(tree, metrics, main_tip, e);
    }
  }
  return figures;
}

}  // namespace chainsim::sim
