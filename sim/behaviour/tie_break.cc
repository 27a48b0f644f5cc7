#include "sim/behaviour/tie_break.h"

#include <cstdint>
#include <utility>

#include "core/check.h"
#include "sim/behaviour/branch_rank.h"

namespace chainsim::sim {

TieBreak::TieBreak(const NodeHost& host, std::vector<bool> attackers, double gamma,
                   ForkChoice fork_choice)
    : host_(host), attackers_(std::move(attackers)), gamma_(gamma), fork_choice_(fork_choice) {
  CHAINSIM_CHECK(gamma_ >= 0.0 && gamma_ <= 1.0);
}

bool TieBreak::Attacker(BlockId block) const {
  const NodeIndex miner = host_.Blocks()[block].miner;
  return miner < attackers_.size() && attackers_[miner];
}

bool TieBreak::Switch(NodeIndex node, BlockId candidate, BlockId tip) const {
  const bool candidate_attacker = Attacker(candidate);
  if (candidate_attacker == Attacker(tip)) return false;
  const std::uint64_t height = host_.Blocks()[candidate].height;
  Random coin = host_.NewStream("tie-break", (std::uint64_t{node} << 32) | height);
  const bool prefer_attacker = coin.Uniform01() < gamma_;
  return prefer_attacker == candidate_attacker;
}

bool TieBreak::SwitchOnTie(NodeIndex node, BlockId candidate, BlockId tip) const {
  return candidate != tip && BranchesTie(host_.Blocks(), fork_choice_, candidate, tip) &&
         Switch(node, candidate, tip);
}

}  // namespace chainsim::sim
