#include "sim/node/mining_scheduler.h"

#include <cmath>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

MiningScheduler::MiningScheduler(const Scenario& scenario, Engine& engine, int node_count,
                                 FoundFn on_found, RaceProofFn race_proof,
                                 ExpectedHashesFn expected_hashes)
    : engine_(engine),
      mode_(scenario.mining.mode),
      expected_hashes_(std::pow(16.0, scenario.chain.difficulty)),
      retarget_(scenario.chain.retarget.every > 0),
      next_expected_hashes_(std::move(expected_hashes)),
      scheduled_hashes_(retarget_ ? static_cast<std::size_t>(node_count) : 0, 0.0),
      shares_(static_cast<std::size_t>(node_count), 0.0),
      up_(static_cast<std::size_t>(node_count), false),
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
  up_[node] = true;
  Schedule(node);
}

void MiningScheduler::Stop(NodeIndex node) {
  up_[node] = false;
  engine_.Cancel(next_[node]);
}

void MiningScheduler::SetShare(NodeIndex node, double share) {
  CHAINSIM_CHECK(share >= 0);
  shares_[node] = share;
  if (up_[node]) Schedule(node);  // a down node mines nothing until Start
}

void MiningScheduler::TipChanged(NodeIndex node) {
  if (!up_[node]) return;
  if (mode_ == MiningMode::kRace) {
    Schedule(node);
  } else if (retarget_ && next_expected_hashes_(node) != scheduled_hashes_[node]) {
    Schedule(node);
  }
}

void MiningScheduler::Halt() {
  halted_ = true;
  for (EventId& next : next_) engine_.Cancel(next);
}

void MiningScheduler::Schedule(NodeIndex node) {
  engine_.Cancel(next_[node]);
  if (halted_ || !up_[node]) return;
  const double rate = HashRate(node);
  if (rate <= 0) return;
  double seconds = 0;
  if (mode_ == MiningMode::kExponential) {
    double hashes = expected_hashes_;
    if (retarget_) hashes = scheduled_hashes_[node] = next_expected_hashes_(node);
    seconds = rngs_[node].Exponential(hashes / rate);
  } else {
    seconds = static_cast<double>(race_proof_(node) + 1) / rate;
  }
  // A delay past the end of virtual time (a tiny hash rate): no block, as if
  // the draw were infinite.
  if (!(seconds < static_cast<double>(kNever - engine_.now()) / kSecond - 1.0)) return;
  const SimTime delay = std::max<SimTime>(1, FromSeconds(seconds));
  next_[node] = engine_.ScheduleAfter(delay, [this, node] {
    on_found_(node);
    Schedule(node);
  });
}

}  // namespace chainsim::sim
