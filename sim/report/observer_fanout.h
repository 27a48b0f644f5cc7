#pragma once
// ObserverFanout: one RunObserver that forwards every report to several
// (a Simulation takes one observer; `chainsim run --narrate --html` needs
// the narrator and the replay recorder both).
//
// Ownership: the observers added must outlive the fan-out's use.
// Thread safety: none.

#include <string>
#include <vector>

#include "sim/node/simulation.h"

namespace chainsim::sim {

class ObserverFanout final : public RunObserver {
 public:
  // Adds `observer` (not null); reports reach observers in the order added.
  void Add(RunObserver* observer);
  bool empty() const { return observers_.empty(); }

  void OnBlockMined(SimTime now, NodeIndex miner, BlockId block) override;
  void OnTipSwitched(SimTime now, const ReorgRecord& reorg) override;
  void OnTimeline(SimTime now, const TimelineEvent& event) override;
  void OnAgreement(SimTime now, BlockId tip) override;
  void OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer, std::size_t length,
                       const std::string& reason) override;
  void OnTipChanged(SimTime now, NodeIndex node, BlockId old_tip, BlockId new_tip) override;
  void OnNodeUp(SimTime now, NodeIndex node, bool up) override;
  void OnPendingChanged(SimTime now, NodeIndex node) override;
  void OnAttack(SimTime now, const AttackEvent& event) override;

 private:
  std::vector<RunObserver*> observers_;
};

}  // namespace chainsim::sim
