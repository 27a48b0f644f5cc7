#pragma once
// The figures of each attack of a run, computed at the end from the block
// tree, the main chain and the steps the adversaries reported
// (RunMetrics::attacks). docs/metrics.md ("Attacks") defines each figure;
// docs/attacks.md tells the attacks.

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/chain/attack_event.h"
#include "sim/chain/block_tree.h"
#include "sim/metrics/run_metrics.h"

namespace chainsim::sim {

// Selfish mining (Eyal & Sirer's SM1), counted from the attack's start.
struct SelfishMiningFigures {
  NodeIndex node = kNoNode;
  SimTime started = 0;
  // alpha: the pool's configured share of the total hash power at the end.
  double hash_share = 0.0;
  // Main-chain blocks mined since the start, and how many of them the pool's.
  std::uint64_t main_chain_blocks = 0;
  std::uint64_t pool_main_chain_blocks = 0;
  // pool_main_chain_blocks / main_chain_blocks (empty when no block).
  std::optional<double> revenue_share;
  // Blocks the pool mined since the start, and how many were still
  // unpublished at the end (they count as stale, not as revenue).
  std::uint64_t pool_blocks_mined = 0;
  std::uint64_t unpublished_at_end = 0;
  // Pool blocks dropped when it adopted the public chain (kAbandoned).
  std::uint64_t pool_blocks_abandoned = 0;
  // Races (state 0'): published to tie; won = the race's pool block is on the
  // main chain.
  std::uint64_t races = 0;
  std::uint64_t races_won = 0;
  // Races the honest miners decided (their first block mined after the race
  // began on either of the two tied blocks), and how many of those extended
  // the pool's block: their ratio is the gamma measured (empty when none).
  std::uint64_t races_decided_by_honest = 0;
  std::uint64_t honest_on_pool_block = 0;
  std::optional<double> gamma_measured;
};

struct AttackFigures {
  std::optional<SelfishMiningFigures> selfish_mining;
};

// REQUIRES: `main_tip` a block of `tree`; the events as RunMetrics recorded
// them.
AttackFigures SummarizeAttacks(const BlockTree& tree, const RunMetrics& metrics, BlockId main_tip);

}  // namespace chainsim::sim
