#include "sim/metrics/attack_summary.h"

#include <algorithm>

namespace chainsim::sim {
namespace {

// Main-chain blocks mined at or after `start`: how many, how many `miner`
// mined, and when the last of them was mined (0 if none).
struct MainChainSince {
  std::uint64_t blocks = 0;
  std::uint64_t by_miner = 0;
  SimTime last = 0;
};
MainChainSince CountMainChainSince(const BlockTree& tree, BlockId main_tip, SimTime start,
                                   NodeIndex miner) {
  MainChainSince count;
  for (BlockId id = main_tip; id != 0 && tree[id].mined_at >= start; id = tree[id].parent) {
    ++count.blocks;
    if (tree[id].miner == miner) ++count.by_miner;
    count.last = std::max(count.last, tree[id].mined_at);
  }
  return count;
}

// The attacker of the attack that `start` began.
MiningAttacker AttackerAt(const AttackEvent& start, const RunMetrics& metrics) {
  return {start.node, start.at, metrics.ShareOfTotal(start.node)};
}

// True if `ancestor` (kNoBlock: false) is on the branch ending at `block`.
bool OnBranch(const BlockTree& tree, BlockId ancestor, BlockId block) {
  return ancestor != kNoBlock && tree.IsAncestor(ancestor, block);
}

SelfishMiningFigures SummarizeSelfish(const BlockTree& tree, const RunMetrics& metrics,
                                      BlockId main_tip, const AttackEvent& start) {
  SelfishMiningFigures f;
  static_cast<MiningAttacker&>(f) = AttackerAt(start, metrics);
  const MainChainSince main = CountMainChainSince(tree, main_tip, start.at, f.node);
  f.main_chain_blocks = main.blocks;
  f.pool_main_chain_blocks = main.by_miner;
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

DoubleSpendFigures SummarizeDoubleSpend(const BlockTree& tree, const RunMetrics& metrics,
                                        BlockId main_tip, const AttackEvent& start) {
  DoubleSpendFigures f;
  static_cast<MiningAttacker&>(f) = AttackerAt(start, metrics);
  f.confirmations = start.count;
  BlockId fork = kNoBlock;
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.kind != AttackKind::kDoubleSpend || e.node != f.node) continue;
    switch (e.step) {
      case AttackStep::kAbandoned:
        ++f.premine_restarts;
        break;
      case AttackStep::kPaymentSent:
        f.payment_sent = e.at;
        fork = e.block;
        break;
      case AttackStep::kAccepted:
        f.accepted = e.at;
        if (e.other != kNoBlock) f.payment_block_on_main_chain = OnBranch(tree, e.other, main_tip);
        break;
      case AttackStep::kSucceeded:
        f.succeeded = true;
        if (f.payment_sent) f.time_to_success = e.at - *f.payment_sent;
        if (fork != kNoBlock) f.reorg_depth = tree[e.other].height - tree[fork].height;
        f.attacker_branch = e.count;
        break;
      case AttackStep::kGaveUp:
        f.gave_up = true;
        break;
      default:
        break;
    }
  }
  return f;
}

WithholdingFigures SummarizeWithholding(const BlockTree& tree, const RunMetrics& metrics,
                                        BlockId main_tip, const AttackEvent& start) {
  WithholdingFigures f;
  static_cast<MiningAttacker&>(f) = AttackerAt(start, metrics);
  const MainChainSince main = CountMainChainSince(tree, main_tip, start.at, f.node);
  f.main_chain_blocks = main.blocks;
  if (main.blocks > 0) {
    f.main_chain_interval = (main.last - start.at) / static_cast<SimTime>(main.blocks);
  }
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.kind != AttackKind::kWithholding || e.node != f.node) continue;
    if (e.step == AttackStep::kWithheld) ++f.withheld_blocks;
    if (e.step == AttackStep::kPublished) {
      f.released = e.at;
      f.released_blocks = e.count;
      f.release_won = tree[e.block].height > tree[e.other].height;
      if (f.release_won) f.release_reorg_depth = tree[e.other].height - tree[start.block].height;
    }
  }
  return f;
}

EclipseFigures SummarizeEclipse(const BlockTree& tree, const RunMetrics& metrics, BlockId main_tip,
                                const AttackEvent& start) {
  EclipseFigures f;
  f.victim = start.node;
  f.attackers = start.count;
  f.victim_hash_share = metrics.ShareOfTotal(start.node);
  f.started = start.at;
  const SimTime run_end =
      metrics.samples().empty() ? start.at : std::max(start.at, metrics.samples().back().time);
  // The victim's tip over its span: off the main chain from `since` while
  // `tip` is not on it.
  BlockId tip = start.block;
  SimTime since = start.at;
  const auto advance = [&](SimTime to) {
    if (!OnBranch(tree, tip, main_tip)) f.fooled += to - since;
    since = to;
  };
  for (const AttackEvent& e : metrics.attacks()) {
    if (e.kind != AttackKind::kEclipse || e.node != f.victim || e.at < start.at) continue;
    if (e.step == AttackStep::kEnded) f.ended = e.at;
    if (e.step == AttackStep::kVictimTip || e.step == AttackStep::kRejoined) {
      advance(e.at);
      tip = e.block;
    }
    if (e.step == AttackStep::kRejoined) {
      f.rejoined = e.at;
      f.rejoin_reorg_depth = e.count;
      break;
    }
  }
  const SimTime span_end = f.rejoined.value_or(run_end);
  if (!f.rejoined) advance(span_end);
  f.eclipsed = span_end - f.started;
  for (BlockId id = 1; id < tree.size(); ++id) {
    const BlockRecord& r = tree[id];
    if (r.miner != f.victim || r.mined_at < f.started || r.mined_at > span_end) continue;
    ++f.victim_blocks_mined;
    if (OnBranch(tree, id, main_tip)) continue;
    ++f.mined_in_vain;
    if (f.mined_in_vain_hashes.size() < EclipseFigures::kMaxListedBlocks) {
      f.mined_in_vain_hashes.push_back(r.block->hash());
    }
  }
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
    if (e.kind == AttackKind::kDoubleSpend && !figures.double_spend) {
      figures.double_spend = SummarizeDoubleSpend(tree, metrics, main_tip, e);
    }
    if (e.kind == AttackKind::kWithholding && !figures.withholding) {
      figures.withholding = SummarizeWithholding(tree, metrics, main_tip, e);
    }
    if (e.kind == AttackKind::kEclipse && !figures.eclipse) {
      figures.eclipse = SummarizeEclipse(tree, metrics, main_tip, e);
    }
  }
  return figures;
}

}  // namespace chainsim::sim
