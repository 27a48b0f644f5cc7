#include "sim/report/replay_recorder.h"

#include <utility>

#include "core/canonical_json.h"

namespace chainsim::sim {

ReplayRecorder::ReplayRecorder(const Simulation& simulation, ReplayRecorderOptions options)
    : simulation_(simulation),
      options_(options),
      narrator_(
          simulation, [this](const NarrationLine& line) { narration_.push_back(line); },
          NarratorOptions{Verbosity::kNormal, false}),
      pending_size_(static_cast<std::size_t>(simulation.node_count()), 0) {
  initial_rates_.reserve(static_cast<std::size_t>(simulation.node_count()));
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(simulation.node_count()); ++i) {
    initial_rates_.push_back(simulation.hash_rate(i));
  }
}

bool ReplayRecorder::Room(SimTime now) {
  if (truncated_at_ != kNever) return false;
  const std::size_t records = tips_.size() + ups_.size() + pending_.size() + hash_rates_.size();
  if (records < options_.max_records) return true;
  truncated_at_ = now;
  return false;
}

void ReplayRecorder::FlushHashRates() {
  for (const NodeIndex node : rate_nodes_) {
    if (Room(rate_time_)) hash_rates_.push_back({rate_time_, node, simulation_.hash_rate(node)});
  }
  rate_nodes_.clear();
}

void ReplayRecorder::OnBlockMined(SimTime now, NodeIndex miner, BlockId block) {
  FlushHashRates();
  narrator_.OnBlockMined(now, miner, block);
}

void ReplayRecorder::OnTipSwitched(SimTime now, const ReorgRecord& reorg) {
  FlushHashRates();
  narrator_.OnTipSwitched(now, reorg);
}

void ReplayRecorder::OnTimeline(SimTime now, const TimelineEvent& event) {
  FlushHashRates();
  narrator_.OnTimeline(now, event);
  if (const auto* share = std::get_if<HashShareAction>(&event.action)) {
    rate_nodes_ = share->nodes;
    rate_time_ = now;
  }
}

void ReplayRecorder::OnAgreement(SimTime now, BlockId tip) {
  FlushHashRates();
  narrator_.OnAgreement(now, tip);
}

void ReplayRecorder::OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer,
                                     std::size_t length, const std::string& reason) {
  FlushHashRates();
  narrator_.OnChainRejected(now, node, peer, length, reason);
}

void ReplayRecorder::OnTipChanged(SimTime now, NodeIndex node, BlockId old_tip, BlockId new_tip) {
  (void)old_tip;
  FlushHashRates();
  if (Room(now)) tips_.push_back({now, node, new_tip});
}

void ReplayRecorder::OnNodeUp(SimTime now, NodeIndex node, bool up) {
  FlushHashRates();
  if (Room(now)) ups_.push_back({now, node, up});
}

void ReplayRecorder::OnPendingChanged(SimTime now, NodeIndex node) {
  FlushHashRates();
  if (!Room(now)) return;
  // A pending list only grows at its end, or is emptied when its node mines.
  const Json& list = simulation_.node(node).pending;
  std::size_t& recorded = pending_size_[node];
  if (list.size() < recorded) {
    pending_.push_back({now, node, kCleared});
    recorded = 0;
  }
  for (; recorded < list.size(); ++recorded) {
    std::string text = ToJson(list[recorded]);
    const auto [it, added] =
        transaction_ids_.emplace(text, static_cast<std::int32_t>(transactions_.size()));
    if (added) transactions_.push_back(std::move(text));
    pending_.push_back({now, node, it->second});
  }
}

void ReplayRecorder::Finish(const RunReport& report) {
  FlushHashRates();
  narrator_.Finish(report);
}

}  // namespace chainsim::sim
