#include "sim/metrics/run_summary.h"

#include <algorithm>
#include <cmath>

namespace chainsim::sim {

std::vector<MinerFigures> SummarizeMiners(const BlockTree& tree, BlockId main_tip,
                                          std::size_t node_count) {
  std::vector<MinerFigures> miners(node_count);
  for (std::size_t node = 0; node < node_count; ++node) {
    miners[node].node = static_cast<NodeIndex>(node);
  }
  for (BlockId id = 1; id < tree.size(); ++id) {
    const NodeIndex miner = tree[id].miner;
    if (miner < node_count) ++miners[miner].blocks_mined;
  }
  for (BlockId id = main_tip; id != kNoBlock && id != 0; id = tree[id].parent) {
    const NodeIndex miner = tree[id].miner;
    if (miner < node_count) ++miners[miner].main_chain_blocks;
  }
  const std::uint32_t height = tree[main_tip].height;
  for (MinerFigures& m : miners) {
    m.stale_blocks = m.blocks_mined - m.main_chain_blocks;
    if (m.blocks_mined > 0) {
      m.stale_rate = static_cast<double>(m.stale_blocks) / static_cast<double>(m.blocks_mined);
    }
    if (height > 0) {
      m.main_chain_share = static_cast<double>(m.main_chain_blocks) / static_cast<double>(height);
    }
  }
  return miners;
}

RunSummary SummarizeRun(const BlockTree& tree, const RunMetrics& metrics) {
  RunSummary s;
  s.blocks_mined = tree.size() - 1;
  s.main_tip = metrics.MostCommonTip();
  s.main_chain_height = tree[s.main_tip].height;
  s.stale_blocks = s.blocks_mined - s.main_chain_height;
  s.stale_rate = s.blocks_mined == 0
                     ? 0.0
                     : static_cast<double>(s.stale_blocks) / static_cast<double>(s.blocks_mined);
  s.fork_events = metrics.fork_events();
  s.attacks = SummarizeAttacks(tree, metrics, s.main_tip);

  s.reorgs = metrics.reorgs().size();
  for (const ReorgRecord& r : metrics.reorgs()) {
    s.deepest_reorg = std::max(s.deepest_reorg, r.depth);
  }
  s.chain_extensions = metrics.extensions();

  for (std::size_t level = 0; level < kPropagationLevels.size(); ++level) {
    std::vector<SimTime> times;
    std::vector<SimTime> received_times;
    std::vector<SimTime> hash_times;
    for (BlockId id = 1; id < tree.size(); ++id) {
      const BlockPropagation& p = metrics.propagation()[id];
      if (p.reached[level] != kNever) times.push_back(p.reached[level] - tree[id].mined_at);
      if (p.received[level] != kNever) {
        received_times.push_back(p.received[level] - tree[id].mined_at);
      }
      if (p.hash_reached[level] != kNever) {
        hash_times.push_back(p.hash_reached[level] - tree[id].mined_at);
      }
    }
    s.propagation[level] = Summarize(std::move(times));
    s.propagation_received[level] = Summarize(std::move(received_times));
    s.propagation_hash_power[level] = Summarize(std::move(hash_times));
  }

  s.arrival.received = metrics.arrival().Summary();
  s.arrival.pairs = metrics.arrival_pairs();
  s.arrival.never = s.arrival.pairs - s.arrival.received.count;

  s.agreed_at_end = metrics.agreed();
  s.final_distinct_tips = metrics.distinct_tips();
  s.heals = metrics.heals();
  std::vector<SimTime> lengths;
  for (const DisagreementEpisode& e : metrics.episodes()) {
    if (e.end != kNever) lengths.push_back(e.end - e.start);
  }
  s.disagreement = Summarize(std::move(lengths));
  return s;
}

}  // namespace chainsim::sim
