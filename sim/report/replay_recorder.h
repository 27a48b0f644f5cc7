#pragma once
// ReplayRecorder: keeps what the replay page shows (sim/report/replay_page.h)
// while a run happens.
//
// A RunObserver that records, in the order they happen: every tip change of
// every node, every node going down or up, every change of a node's pending
// transactions, hash-rate changes, and the narration (a Narrator at normal
// verbosity, told into memory). The block tree, the reorganisations and the
// samples are read from the Simulation afterwards; nothing here is derived
// again later: the page shows these records.
//
// Cost: nothing unless attached (Simulation::set_observer); attached, O(1)
// per record (a pending change copies the new transactions once, each
// distinct transaction text is kept once). Memory is bounded: after
// `max_records` records the per-node records stop (truncated_at() says
// when) and the page says so; blocks and narration are still complete.
// Ownership: the simulation must outlive the recorder.
// Thread safety: none.

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/node/simulation.h"
#include "sim/report/narrator.h"
#include "sim/report/run_report.h"

namespace chainsim::sim {

struct ReplayRecorderOptions {
  // Tip, up/down, pending and hash-rate records kept at most (about 16 bytes
  // each, plus each distinct transaction's text once). Default: 4,000,000.
  std::size_t max_records = 4'000'000;
};

class ReplayRecorder final : public RunObserver {
 public:
  struct TipRecord {
    SimTime time = 0;
    NodeIndex node = 0;
    BlockId tip = 0;
  };
  struct UpRecord {
    SimTime time = 0;
    NodeIndex node = 0;
    bool up = false;
  };
  // A change of a node's pending transactions: transaction `tx` (index into
  // transactions()) appended, or, when tx == kCleared, the list emptied.
  struct PendingRecord {
    SimTime time = 0;
    NodeIndex node = 0;
    std::int32_t tx = 0;
  };
  static constexpr std::int32_t kCleared = -1;
  struct HashRateRecord {
    SimTime time = 0;
    NodeIndex node = 0;
    double rate = 0.0;  // hashes per second
  };

  explicit ReplayRecorder(const Simulation& simulation, ReplayRecorderOptions options = {});

  void OnBlockMined(SimTime now, NodeIndex miner, BlockId block) override;
  void OnTipSwitched(SimTime now, const ReorgRecord& reorg) override;
  void OnTimeline(SimTime now, const TimelineEvent& event) override;
  void OnAgreement(SimTime now, BlockId tip) override;
  void OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer, std::size_t length,
                       const std::string& reason) override;
  void OnTipChanged(SimTime now, NodeIndex node, BlockId old_tip, BlockId new_tip) override;
  void OnNodeUp(SimTime now, NodeIndex node, bool up) override;
  void OnPendingChanged(SimTime now, NodeIndex node) override;

  // Ends the narration (stale blocks, lost transactions, the final state).
  // Call once after the run.
  void Finish(const RunReport& report);

  const std::vector<TipRecord>& tips() const { return tips_; }
  const std::vector<UpRecord>& up_changes() const { return ups_; }
  const std::vector<PendingRecord>& pending() const { return pending_; }
  const std::vector<HashRateRecord>& hash_rates() const { return hash_rates_; }
  // Hash rate of each node at time 0.
  const std::vector<double>& initial_hash_rates() const { return initial_rates_; }
  // Canonical JSON of each distinct transaction ever pending.
  const std::vector<std::string>& transactions() const { return transactions_; }
  const std::vector<NarrationLine>& narration() const { return narration_; }
  // When the per-node records stopped (kNever: they are complete).
  SimTime truncated_at() const { return truncated_at_; }

 private:
  // False (and truncated_at_ set) once the record budget is spent.
  bool Room(SimTime now);
  // Reads the hash rates of the nodes of the last hash-rate event, which the
  // simulation applies after telling it.
  void FlushHashRates();

  const Simulation& simulation_;
  ReplayRecorderOptions options_;
  Narrator narrator_;
  std::vector<TipRecord> tips_;
  std::vector<UpRecord> ups_;
  std::vector<PendingRecord> pending_;
  std::vector<HashRateRecord> hash_rates_;
  std::vector<double> initial_rates_;
  std::vector<std::string> transactions_;
  std::unordered_map<std::string, std::int32_t> transaction_ids_;
  std::vector<std::size_t> pending_size_;  // per node: pending transactions recorded
  std::vector<NarrationLine> narration_;
  std::vector<NodeIndex> rate_nodes_;  // nodes of a hash-rate event not read yet
  SimTime rate_time_ = 0;
  SimTime truncated_at_ = kNever;
};

}  // namespace chainsim::sim
