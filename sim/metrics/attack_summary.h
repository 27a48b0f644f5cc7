#pragma once
// The figures of each attack of a run, computed at the end from the block
// tree, the main chain and the steps the adversaries reported
// (RunMetrics::attacks). docs/metrics.md ("Attacks") defines each figure;
// docs/attacks.md tells the attacks.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/chain/attack_event.h"
#include "sim/chain/block_tree.h"
#include "sim/metrics/run_metrics.h"

namespace chainsim::sim {

// Who ran a mining attack and from when: the head of the figures of every
// attack that mines (selfish mining, double spend, withholding).
struct MiningAttacker {
  NodeIndex node = kNoNode;
  SimTime started = 0;
  // The attacker's configured share of the total hash power at the end
  // (alpha for selfish mining, q for a double spend, w for withholding).
  double hash_share = 0.0;
};

// Selfish mining (Eyal & Sirer's SM1), counted from the attack's start.
struct SelfishMiningFigures : MiningAttacker {
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

// The double-spend race (Nakamoto section 11, Rosenfeld 2014): one attempt
// per run, so a sweep's mean of `succeeded` is the success probability.
struct DoubleSpendFigures : MiningAttacker {
  // z: the confirmations the merchant waited for.
  std::uint64_t confirmations = 0;
  // Times the public chain passed the fork while the attacker pre-mined,
  // so that it started again.
  std::uint64_t premine_restarts = 0;
  // When the payment went out (empty: never, the run ended first).
  std::optional<SimTime> payment_sent;
  // When the merchant accepted (empty: never).
  std::optional<SimTime> accepted;
  // The outcome: succeeded (the attacker's longer branch was published after
  // acceptance), gave up, or neither by the end of the run.
  bool succeeded = false;
  bool gave_up = false;
  // Success: time from the payment to the release, public blocks the
  // release replaced (public tip height minus fork height) and the
  // attacker's branch length.
  std::optional<SimTime> time_to_success;
  std::optional<std::uint64_t> reorg_depth;
  std::optional<std::uint64_t> attacker_branch;
  // The block holding the payment that the merchant accepted is on the main
  // chain at the end (empty when it accepted without a block, z = 0).
  std::optional<bool> payment_block_on_main_chain;
};

// A withholding miner (and the majority miner's secret chain).
struct WithholdingFigures : MiningAttacker {
  // Blocks it mined and kept private before its release (or the end).
  std::uint64_t withheld_blocks = 0;
  // Main-chain blocks mined since the start, and their mean interval:
  // (mining time of the last one - start) / their number (empty when none).
  std::uint64_t main_chain_blocks = 0;
  std::optional<SimTime> main_chain_interval;
  // The release: when, how many blocks, and whether its branch outranked
  // the public chain then (the honest nodes switch to it); public blocks it
  // replaced (public tip height minus the start's tip height).
  std::optional<SimTime> released;
  std::uint64_t released_blocks = 0;
  bool release_won = false;
  std::optional<std::uint64_t> release_reorg_depth;
};

// An eclipse attack, counted from when it took hold until the victim
// rejoined the network (or the run's end): the victim's "span".
struct EclipseFigures {
  NodeIndex victim = kNoNode;
  std::uint64_t attackers = 0;
  // v: the victim's configured share of the total hash power at the end.
  double victim_hash_share = 0.0;
  SimTime started = 0;
  // When the attack ended (empty: it lasted until the run's end).
  std::optional<SimTime> ended;
  // The victim's first switch, after the end, to a block mined outside the
  // island, and the depth of that reorganisation (its tip's height minus
  // the common ancestor's).
  std::optional<SimTime> rejoined;
  std::optional<std::uint64_t> rejoin_reorg_depth;
  // From the start to the rejoin (or the run's end).
  SimTime eclipsed = 0;
  // Time of that span during which the victim's tip was not a block of the
  // final main chain.
  SimTime fooled = 0;
  // Blocks the victim mined in its span, and those of them not on the final
  // main chain (mined in vain), with the hashes of the first
  // kMaxListedBlocks of these.
  std::uint64_t victim_blocks_mined = 0;
  std::uint64_t mined_in_vain = 0;
  std::vector<std::string> mined_in_vain_hashes;
  static constexpr std::size_t kMaxListedBlocks = 100;
};

struct AttackFigures {
  std::optional<SelfishMiningFigures> selfish_mining;
  std::optional<DoubleSpendFigures> double_spend;
  std::optional<WithholdingFigures> withholding;
  std::optional<EclipseFigures> eclipse;
};

// REQUIRES: `main_tip` a block of `tree`; the events as RunMetrics recorded
// them.
AttackFigures SummarizeAttacks(const BlockTree& tree, const RunMetrics& metrics, BlockId main_tip);

}  // namespace chainsim::sim
