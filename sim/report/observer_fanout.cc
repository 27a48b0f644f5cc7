#include "sim/report/observer_fanout.h"

#include "core/check.h"

namespace chainsim::sim {

void ObserverFanout::Add(RunObserver* observer) {
  CHAINSIM_CHECK(observer != nullptr);
  observers_.push_back(observer);
}

void ObserverFanout::OnBlockMined(SimTime now, NodeIndex miner, BlockId block) {
  for (RunObserver* o : observers_) o->OnBlockMined(now, miner, block);
}

void ObserverFanout::OnTipSwitched(SimTime now, const ReorgRecord& reorg) {
  for (RunObserver* o : observers_) o->OnTipSwitched(now, reorg);
}

void ObserverFanout::OnTimeline(SimTime now, const TimelineEvent& event) {
  for (RunObserver* o : observers_) o->OnTimeline(now, event);
}

void ObserverFanout::OnAgreement(SimTime now, BlockId tip) {
  for (RunObserver* o : observers_) o->OnAgreement(now, tip);
}

void ObserverFanout::OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer,
                                     std::size_t length, const std::string& reason) {
  for (RunObserver* o : observers_) o->OnChainRejected(now, node, peer, length, reason);
}

void ObserverFanout::OnAttack(SimTime now, const AttackEvent& event) {
  for (RunObserver* o : observers_) o->OnAttack(now, event);
}

void ObserverFanout::OnTipChanged(SimTime now, NodeIndex node, BlockId old_tip, BlockId new_tip) {
  for (RunObserver* o : observers_) o->OnTipChanged(now, node, old_tip, new_tip);
}

void ObserverFanout::OnNodeUp(SimTime now, NodeIndex node, bool up) {
  for (RunObserver* o : observers_) o->OnNodeUp(now, node, up);
}

void ObserverFanout::OnPendingChanged(SimTime now, NodeIndex node) {
  for (RunObserver* o : observers_) o->OnPendingChanged(now, node);
}

}  // namespace chainsim::sim
