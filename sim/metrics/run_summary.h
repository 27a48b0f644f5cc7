#pragma once
// RunSummary: the numbers `chainsim run` reports, computed once at the end of
// a run from the block tree and RunMetrics. docs/metrics.md defines each one.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/chain/block_tree.h"
#include "sim/metrics/attack_summary.h"
#include "sim/metrics/distribution.h"
#include "sim/metrics/run_metrics.h"

namespace chainsim::sim {

// The all-pairs block arrival (docs/metrics.md): over every (block, node)
// pair with the node up at the block's mining and not its miner, the time
// from mining to the node's reception of the block.
struct ArrivalTally {
  Distribution received;    // the pairs whose node received the block
  std::uint64_t pairs = 0;  // all pairs, received or not
  std::uint64_t never = 0;  // pairs whose node never received the block
};

// One node's mining (docs/metrics.md, "Miners").
struct MinerFigures {
  NodeIndex node = 0;
  std::uint64_t blocks_mined = 0;
  std::uint64_t main_chain_blocks = 0;  // of them, on the main chain
  std::uint64_t stale_blocks = 0;       // of them, not on the main chain
  double stale_rate = 0.0;              // stale_blocks / blocks_mined (0 if none)
  double main_chain_share = 0.0;        // main_chain_blocks / main chain height (0 if 0)
};

// A row for every node of `node_count` (in node order) from the blocks of
// `tree` and the main chain ending at `main_tip`.
std::vector<MinerFigures> SummarizeMiners(const BlockTree& tree, BlockId main_tip,
                                          std::size_t node_count);

struct TransactionTally {
  std::uint64_t submitted = 0;
  std::uint64_t confirmed = 0;  // in the final main chain
  std::uint64_t lost = 0;       // mined only in discarded blocks, pending nowhere
  std::uint64_t pending = 0;    // never confirmed, still pending at a live node
  std::uint64_t requeued = 0;   // put back in a pending list after a chain switch
  // Up to 20 lost transactions, as canonical JSON, for reports.
  std::vector<std::string> lost_examples;
};

// What the node behaviours counted (docs/metrics.md, "Protocol").
struct ProtocolTally {
  std::uint64_t resolves_started = 0;   // pull: resolves that sent chain requests
  std::uint64_t replies_timed_out = 0;  // pull: requests unanswered when their resolve timed out
  std::uint64_t invalid_blocks = 0;     // push: relayed blocks whose link failed valid_chain
};

struct RunSummary {
  // Chain shape
  std::uint64_t blocks_mined = 0;       // excluding genesis
  BlockId main_tip = 0;                 // most common tip among live nodes at the end
  std::uint32_t main_chain_height = 0;  // blocks on the main chain after genesis
  std::uint64_t stale_blocks = 0;       // mined blocks not on the main chain
  double stale_rate = 0.0;              // stale_blocks / blocks_mined
  std::uint64_t fork_events = 0;        // blocks mined on a parent that had a child already
  // Reorganisations
  std::uint64_t reorgs = 0;
  std::uint32_t deepest_reorg = 0;
  std::uint64_t chain_extensions = 0;
  // Propagation: time from mining until 50/90/100 % of the nodes up at mining
  // held (adopted) the block, over the blocks that got there (count; the
  // other blocks_mined - count never did).
  PerLevel<Distribution> propagation;
  // The same for reception (the nodes had the whole block).
  PerLevel<Distribution> propagation_received;
  ArrivalTally arrival;
  // The same for the hash power of the nodes up at mining (docs/metrics.md).
  PerLevel<Distribution> propagation_hash_power;
  // Agreement
  bool agreed_at_end = false;
  std::uint32_t final_distinct_tips = 0;
  std::vector<HealRecord> heals;
  Distribution disagreement;  // lengths of closed disagreement episodes
  // Transactions
  TransactionTally transactions;
  // Final check: every node's chain passes valid_chain.
  bool all_chains_valid = true;
  std::string invalid_chain_detail;
  // Chain replies that would have won a resolve but failed valid_chain
  // (only forgers send such chains).
  std::uint64_t chains_rejected = 0;
  ProtocolTally protocol;
  // Each attack's figures (docs/metrics.md, "Attacks").
  AttackFigures attacks;
};

// Fills in everything but the transactions and the validity check.
RunSummary SummarizeRun(const BlockTree& tree, const RunMetrics& metrics);

}  // namespace chainsim::sim
