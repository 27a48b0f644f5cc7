#include "sim/node/mining_scheduler.h"

#include <cmath>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

MiningScheduler::MiningScheduler(const Scenario& scenario, Engine& engine, int node_count,
                                 FoundFn on_found, RaceProofFn race_proof)
    : engine_(engine),
      mode_(scenario.mining.mode),
      expected_hashes_(std::pow(16.0, scenario.chain.difficulty)),
      shares_(static_cast<std::size_t>(node_count), 0.0),
      active_(static_cast<std::size_t>(node_count), false),
      next_(static_cast<std::size_t>(node_count)),
      on_found_(std::move(on_found)),
      race_proof_(std::move(race_proof)) {
  const MiningConfig& mining = scenario.mining;
  total_hash_rate_ =
      mining.hash_rate > 0 ? mining.hash_rate : expected_hashes_ / ToSeconds(mining.block_interval);
  const int miners = mining.miners < 0 ? scenario.nodes : std::min(mining.miners, node_count);
  for (int i = 0; i < miners; ++i) {
    const auto k = static_cast<std::size_t>(i);
    shares_[k] = mining.hash_shares.empty() ? 1.0 : mining.hash_shares[k];
    total_shares_ += shares_[k];
  }
  if (total_shares_ <= 0) total_shares_ = 1.0;
  rngs_.reserve(static_cast<std::size_t>(node_count));
  for (int i = 0; i < node_count; ++i) {
    rngs_.push_back(StreamFor(scenario.seed, "mining", static_cast<std::uint64_t>(i)));
  }
}

double MiningScheduler::HashRate(NodeIndex node) const {
  return total_hash_rate_ * shares_[node] / total_shares_;
}

void MiningScheduler::Start(NodeIndex node) {
  if (halted_ || shares_[node] <= 0) return;
  active_[node] = true;
  Schedule(node);
}

void MiningScheduler::Stop(NodeIndex node) {
  active_[node] = false;
  engine_.Cancel(next_[node]);
}

void MiningScheduler::SetShare(NodeIndex node, double share) {
  CHAINSIM_CHECK(share >= 0);
  shares_[node] = share;
  if (active_[node] || share > 0) {
    Stop(node);
    Start(node);
  }
}

void MiningScheduler::TipChanged(NodeIndex node) {
  if (mode_ == MiningMode::kRace && active_[node]) Schedule(node);
}

void MiningScheduler::Halt() {
  halted_ = true;
  for (std::size_t node = 0; node < active_.size(); ++node) {
    if (active_[node]) Stop(static_cast<NodeIndex>(node));
  }
}

void MiningScheduler::Schedule(NodeIndex node) {
  engine_.Cancel(next_[node]);
  const double rate = HashRate(node);
  if (rate <= 0) return;
  double seconds = 0;
  if (mode_ == MiningMode::kExponential) {
    seconds = rngs_[node].Exponential(expected_hashes_ / rate);
  } else {
    seconds = static_cast<double>(race_proof_(node) + 1) / rate;
  }
  // A delay past the end of virtual time (a tiny hash rate): no block, as if
  // the draw were infinite.
  if (!(seconds < static_cast<double>(kNever - engine_.now()) / kSecond - 1.0)) return;
  const SimTime delay = std::max<SimTime>(1, FromSeconds(seconds));
  next_[node] = engine_.ScheduleAfter(delay, [this, node] {
    on_found_(node);
    if (active_[node] && !halted_) Schedule(node);
  });
}

}  // namespace chainsim::sim
