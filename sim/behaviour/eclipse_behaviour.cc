#include "sim/behaviour/eclipse_behaviour.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

EclipseBehaviour::EclipseBehaviour(NodeHost& host, NodeBehaviour& honest, EclipseConfig config)
    : DelegatingBehaviour(honest),
      host_(host),
      config_(std::move(config)),
      island_(config_.attackers) {
  CHAINSIM_CHECK(!config_.attackers.empty());
  CHAINSIM_CHECK(std::is_sorted(island_.begin(), island_.end()));
  CHAINSIM_CHECK(std::adjacent_find(island_.begin(), island_.end()) == island_.end());
  CHAINSIM_CHECK(!InIsland(config_.victim));
  CHAINSIM_CHECK(config_.duration >= 0);
  island_.insert(std::lower_bound(island_.begin(), island_.end(), config_.victim), config_.victim);
}

EclipseBehaviour::~EclipseBehaviour() { host_.CancelTimer(end_timer_); }

bool EclipseBehaviour::InIsland(NodeIndex node) const {
  return std::binary_search(island_.begin(), island_.end(), node);
}

void EclipseBehaviour::Arm() {
  if (phase_ == Phase::kArmed && host_.IsUp(config_.victim)) Begin(/*catch_up=*/true);
}

void EclipseBehaviour::OnStart(NodeIndex node) {
  if (node == config_.victim) {
    if (phase_ == Phase::kArmed) {
      Begin(/*catch_up=*/false);  // the host's catch-up follows the start
    } else if (phase_ == Phase::kActive && victim_stopped_ && config_.duration == 0) {
      End(/*victim_starting=*/true);
    }
    victim_stopped_ = false;
  }
  inner().OnStart(node);
}

void EclipseBehaviour::OnStop(NodeIndex node) {
  if (node == config_.victim && phase_ == Phase::kActive) victim_stopped_ = true;
  inner().OnStop(node);
}

void EclipseBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  if (node == config_.victim) VictimTipMoved(host_.Blocks()[block].parent, block);
  inner().OnBlockFound(node, block);
}

void EclipseBehaviour::OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) {
  if (node == config_.victim) VictimTipMoved(old_tip, new_tip);
  inner().OnTipChanged(node, old_tip, new_tip);
}

void EclipseBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  if (phase_ == Phase::kActive && InIsland(node) && !InIsland(from)) return;  // slot taken
  inner().OnMessage(node, from, message);
}

void EclipseBehaviour::Begin(bool catch_up) {
  phase_ = Phase::kActive;
  tracking_ = true;
  host_.SetPeers(config_.victim, config_.attackers);
  std::vector<NodeIndex> others;
  for (const NodeIndex attacker : config_.attackers) {
    others.clear();
    for (const NodeIndex node : island_) {
      if (node != attacker) others.push_back(node);
    }
    host_.SetPeers(attacker, others);
  }
  host_.ReportAttack({AttackKind::kEclipse, AttackStep::kStarted, config_.victim,
                      host_.Tip(config_.victim), kNoBlock, config_.attackers.size()});
  if (config_.duration > 0) {
    end_timer_ = host_.SetTimer(config_.duration, [this] { End(/*victim_starting=*/false); });
  }
  if (catch_up) inner().OnCatchUp(config_.victim);
}

void EclipseBehaviour::End(bool victim_starting) {
  CHAINSIM_CHECK(phase_ == Phase::kActive);
  phase_ = Phase::kEnded;
  host_.CancelTimer(end_timer_);
  for (const NodeIndex node : island_) host_.RestorePeers(node);
  host_.ReportAttack({AttackKind::kEclipse, AttackStep::kEnded, config_.victim,
                      host_.Tip(config_.victim), kNoBlock, 0});
  for (const NodeIndex node : island_) {
    if (node == config_.victim && victim_starting) continue;
    if (host_.IsUp(node)) inner().OnCatchUp(node);
  }
}

void EclipseBehaviour::VictimTipMoved(BlockId old_tip, BlockId new_tip) {
  if (!tracking_) return;
  const BlockTree& tree = host_.Blocks();
  if (phase_ == Phase::kEnded && !InIsland(tree[new_tip].miner)) {
    const BlockId common = tree.CommonAncestor(old_tip, new_tip);
    tracking_ = false;
    rejoined_ = true;
    host_.ReportAttack({AttackKind::kEclipse, AttackStep::kRejoined, config_.victim, new_tip,
                        old_tip, tree[old_tip].height - tree[common].height});
    return;
  }
  host_.ReportAttack(
      {AttackKind::kEclipse, AttackStep::kVictimTip, config_.victim, new_tip, old_tip, 0});
}

}  // namespace chainsim::sim
