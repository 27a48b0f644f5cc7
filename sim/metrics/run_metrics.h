#pragma once
// RunMetrics: watches a run and measures what the network did.
//
// The simulation reports every block mined, every chain change of a node,
// crashes and restarts, partitions and heals, and submitted transactions;
// RunMetrics keeps the per-block and per-node state needed to answer, at the
// end, the questions of docs/metrics.md: forks, stale blocks, reorganisation
// depths, propagation times, convergence times, lost transactions. The
// definitions live in docs/metrics.md; the code follows them.
//
// Two moments are kept apart for every (node, block): reception, the first
// time the node has the whole block (the behaviours report it through the
// host: a push block accepted, a pull chain reply that contains it, its own
// block), and adoption ("holds"), the first time the block is in the node's
// chain. Adoption implies reception: a block adopted without a reception
// report counts as received then.
//
// Cost: O(1) per block mined; O(blocks newly held) per chain change (one
// bit per node and block, the nodes' bits of a block side by side); O(1) per
// (node, block) received, plus the arrival delay of such a pair of a node up
// at the block's mining into a DurationTally (the all-pairs distribution, at
// most about 0.5 MB), and for a
// chain received O(its blocks above the node's adopted branch);
// O(nodes) per time-series sample. Hash-power propagation adds O(1) per
// (node, block) newly held (a search in the node's short change history
// when the node's hash share or up state changed since the block was mined)
// and, per node, one entry per such change that outlived a mined block.
// Thread safety: none.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/chain/attack_event.h"
#include "sim/chain/block_tree.h"
#include "sim/chain/switch_cause.h"
#include "sim/engine/sim_time.h"
#include "sim/metrics/distribution.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// A node replaced blocks of its chain by others (an extension is not one).
struct ReorgRecord {
  NodeIndex node = 0;
  SimTime time = 0;
  BlockId old_tip = kNoBlock;
  BlockId new_tip = kNoBlock;
  std::uint32_t depth = 0;  // blocks of the old chain discarded
  std::uint32_t added = 0;  // blocks of the new chain gained
  SwitchCause cause = SwitchCause::kResolve;
};

// The propagation levels: half, 90 % and all of the nodes up at mining (or of
// their hash power), and a value for each.
inline constexpr std::array<double, 3> kPropagationLevels = {0.5, 0.9, 1.0};
template <class T>
using PerLevel = std::array<T, kPropagationLevels.size()>;

// When a block reached half, 90 % and all of the nodes that were up when it
// was mined (by adoption and by reception), and of their hash power by
// adoption (kNever: not reached). Hash power: see OnHashShare and
// docs/metrics.md.
struct BlockPropagation {
  std::uint32_t nodes_at_mining = 0;
  // Nodes needed for each level: ceil(level * nodes_at_mining), at least 1.
  PerLevel<std::uint32_t> needed = {1, 1, 1};
  std::uint32_t holders = 0;    // nodes that adopted it (any node, also joiners)
  std::uint32_t receivers = 0;  // nodes that received it (any node, also joiners)
  PerLevel<SimTime> received = {kNever, kNever, kNever};
  // Nodes up at mining with a share > 0 then that do not hold the block yet.
  std::uint32_t hash_holders_missing = 0;
  PerLevel<SimTime> reached = {kNever, kNever, kNever};
  double hash_at_mining = 0.0;  // total share of the nodes up at mining
  double hash_held = 0.0;       // the part of it whose nodes hold the block
  PerLevel<SimTime> hash_reached = {kNever, kNever, kNever};
};
// Relative slack of the 50 % and 90 % hash-power levels, for float sums.
inline constexpr double kHashLevelTolerance = 1e-9;

// One row of the time series.
struct Sample {
  SimTime time = 0;
  std::uint32_t distinct_tips = 0;
  double share_on_top_tip = 0.0;  // fraction of live nodes on the most common tip
  std::uint32_t min_height = 0;
  std::uint32_t max_height = 0;
  std::uint64_t messages = 0;
  std::uint64_t bytes = 0;
};

// A network-wide disagreement: from the moment live nodes stopped sharing
// one tip until they shared one again (end kNever: still disagreeing).
struct DisagreementEpisode {
  SimTime start = 0;
  SimTime end = kNever;
};

struct HealRecord {
  SimTime healed_at = 0;
  SimTime converged_at = kNever;  // first moment of agreement after the heal
};

class RunMetrics {
 public:
  // `tree` must outlive this object. `node_count` covers every node of the
  // run, joiners included; `initially_up` of them are up at time 0.
  RunMetrics(const BlockTree& tree, int node_count, int initially_up);

  // Reports -----------------------------------------------------------------
  void OnBlockMined(BlockId block, SimTime now);
  // `node`'s tip moved from `old_tip` to `new_tip` (same tip: ignored).
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip, SimTime now,
                    SwitchCause cause);
  void OnNodeUp(NodeIndex node, SimTime now);
  void OnNodeDown(NodeIndex node, SimTime now);
  // `node`'s hash share is now `share` (REQUIRES: share >= 0; any unit, only
  // ratios between nodes matter). Every node starts with share 0; a crashed
  // node keeps its share for its restart.
  void OnHashShare(NodeIndex node, double share);
  void OnHeal(SimTime now);
  // `node` has the whole `block` now (a second report of it does nothing).
  void OnReceived(NodeIndex node, BlockId block, SimTime now);
  // `node` has every block from genesis to `tip` now (a whole chain came).
  void OnReceivedChain(NodeIndex node, BlockId tip, SimTime now);
  // An adversary's step (NodeHost::ReportAttack), kept for the summary.
  void OnAttack(const AttackEvent& event) { attacks_.push_back(event); }
  void TakeSample(SimTime now, std::uint64_t messages, std::uint64_t bytes);

  // Starts loading what a block's reception reads of `node` into the cache;
  // changes nothing.
  void Prefetch(NodeIndex node) const { __builtin_prefetch(&nodes_[node]); }

  // Reads ---------------------------------------------------------------------
  BlockId tip(NodeIndex node) const { return nodes_[node].tip; }
  bool up(NodeIndex node) const { return up_[node]; }
  std::uint32_t distinct_tips() const { return static_cast<std::uint32_t>(tip_count_.size()); }
  bool agreed() const { return tip_count_.size() <= 1; }
  // The tip held by the most live nodes (ties: greater height, then smaller id).
  BlockId MostCommonTip() const;
  // True if `node` has ever had `block` in its chain.
  bool Holds(NodeIndex node, BlockId block) const;
  // True if `node` has ever had the whole `block` (received or adopted it).
  bool Received(NodeIndex node, BlockId block) const;
  // True if `node` was up when `block` was mined.
  bool UpAtMining(NodeIndex node, BlockId block) const;

  const std::vector<ReorgRecord>& reorgs() const { return reorgs_; }
  const std::vector<BlockPropagation>& propagation() const { return propagation_; }
  const std::vector<Sample>& samples() const { return samples_; }
  const std::vector<DisagreementEpisode>& episodes() const { return episodes_; }
  const std::vector<HealRecord>& heals() const { return heals_; }
  const std::vector<std::uint32_t>& children() const { return children_; }
  std::uint64_t extensions() const { return extensions_; }
  const std::vector<AttackEvent>& attacks() const { return attacks_; }
  // `node`'s configured hash share over the sum of all configured shares
  // now (0 when nobody mines).
  double ShareOfTotal(NodeIndex node) const;
  std::uint64_t fork_events() const { return fork_events_; }
  // All-pairs arrival: for every (block, node) with node up at the block's
  // mining and not its miner, once the node received the block, the time
  // from mining to reception (in bounded memory: see DurationTally).
  const DurationTally& arrival() const { return arrival_; }
  // The number of such pairs: for every block, the nodes up at its mining
  // but its miner (received or not).
  std::uint64_t arrival_pairs() const { return arrival_pairs_; }

 private:
  // One past-state of a node's effective share (its share if up, else 0):
  // it held for the blocks mined before `until` (and after the entry before).
  struct PastShare {
    BlockId until = 0;
    double share = 0.0;
  };

  void MarkHeld(NodeIndex node, BlockId tip, SimTime now);
  // Sets (node, block)'s bit in `bits` (grown on demand); false if it was set.
  bool SetBit(std::vector<std::uint64_t>& bits, NodeIndex node, BlockId block);
  bool TestBit(const std::vector<std::uint64_t>& bits, NodeIndex node, BlockId block) const;
  // Marks the reception (node, block) if new.
  void MarkReceived(NodeIndex node, BlockId block, SimTime now);
  // `node`'s up state flipped now: the blocks mined from now on see it.
  void RecordUpChange(NodeIndex node);
  // Effective share of `node` when `block` was mined.
  double ShareAtMining(NodeIndex node, BlockId block) const;
  // `node`'s effective share becomes (up ? share : 0).
  void SetEffectiveShare(NodeIndex node, bool up, double share);
  void AddTip(BlockId tip);
  void RemoveTip(BlockId tip);
  void AgreementChanged(bool was_agreed, SimTime now);

  const BlockTree& tree_;
  // What a block's reception reads of the node, side by side (one cache
  // line at scale): its tip, its configured hash share (kept while down), and
  // the block since which its effective share is in force; earlier effective
  // shares are in past_shares_[node], kept only when a block was mined under
  // them.
  struct NodeRecord {
    double share = 0.0;
    BlockId tip = 0;
    BlockId share_since = 1;
  };
  static_assert(sizeof(NodeRecord) == 16);
  std::vector<NodeRecord> nodes_;
  std::vector<bool> up_;
  std::uint32_t up_count_ = 0;
  std::unordered_map<BlockId, std::uint32_t> tip_count_;  // live nodes per tip
  std::vector<std::vector<PastShare>> past_shares_;
  double up_share_ = 0.0;             // sum of the effective shares
  std::uint32_t up_share_nodes_ = 0;  // nodes with an effective share > 0
  // Bit (node, block) at word block * held_words_ + node / 64; grown on demand.
  std::size_t held_words_;
  std::vector<std::uint64_t> held_;
  std::vector<std::uint64_t> received_;  // same layout as held_
  DurationTally arrival_;
  std::uint64_t arrival_pairs_ = 0;
  // Up state at mining: node < initially_up_ at first, flipped at each
  // block id of up_flips_[node] (the first block mined after the change).
  std::uint32_t initially_up_ = 0;
  std::vector<std::vector<BlockId>> up_flips_;
  bool any_flips_ = false;  // some node's up state changed (else up_flips_ is all empty)
  std::vector<BlockPropagation> propagation_;
  std::vector<std::uint32_t> children_;
  std::vector<ReorgRecord> reorgs_;
  std::vector<Sample> samples_;
  std::vector<DisagreementEpisode> episodes_;
  std::vector<HealRecord> heals_;
  std::uint64_t extensions_ = 0;
  std::uint64_t fork_events_ = 0;
  std::vector<AttackEvent> attacks_;
};

}  // namespace chainsim::sim
