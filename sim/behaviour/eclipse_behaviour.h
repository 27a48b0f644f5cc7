#pragma once
// EclipseBehaviour: the eclipse attack (timeline action `eclipse`,
// docs/attacks.md). Attacker nodes take every peer slot of a victim when it
// comes up (a restart or its join; at once if it is up when the action
// fires) and feed it their own chain, until the attack ends (after a set
// duration, or at the victim's next restart).
//
// While the attack lasts, the victim and the attackers form an island:
// - the victim registers only the attackers (NodeHost::SetPeers), each
//   attacker only the victim and the other attackers;
// - an island node ignores every message from outside it (the victim's
//   honest peers find its slots taken; the attackers have turned away from
//   the network).
// Inside the island everything is the run's honest protocol (the behaviour
// wrapped, as ForgerBehaviour wraps it): the victim catches up with the
// attackers' chain, and the attackers and the victim mine on it at their
// shares. The attackers held the public tip when the attack began, so the
// island's branch forks from it; an attacker without hash power serves the
// chain as it was then (a stale branch). When the attack ends every island
// node registers its own peers again (NodeHost::RestorePeers) and catches
// up with the network (OnCatchUp): the victim reorganises to the honest
// chain, and the blocks it mined meanwhile are lost.
//
// Reports (AttackKind::kEclipse, `node` = the victim): kStarted when the
// attack takes hold, kVictimTip for each change of the victim's tip from
// then until it rejoins, kEnded, and kRejoined at its first switch, after
// the end, to a block mined outside the island (`count`: its blocks
// discarded). SummarizeAttacks turns them into the figures of run.json.
//
// A node joining later and linking to an island node is registered by it
// (the Simulation's join); its messages are ignored while the attack lasts.
// Thread safety: none (the host's thread).

#include <vector>

#include "sim/behaviour/delegating_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class EclipseBehaviour final : public DelegatingBehaviour {
 public:
  enum class Phase {
    kArmed,   // waiting for the victim to come up
    kActive,  // the island holds
    kEnded,   // every node has its own peers again
  };

  // Will run config.victim and config.attackers, wrapping `honest` (the
  // run's protocol behaviour, which they ran before); the attack takes hold
  // at Arm or later. `host` and `honest` must outlive this object.
  // REQUIRES: attackers non-empty, sorted, distinct, without the victim;
  // duration >= 0.
  EclipseBehaviour(NodeHost& host, NodeBehaviour& honest, EclipseConfig config);
  ~EclipseBehaviour() override;

  // The action fired, and the host delivers the island's events here now:
  // if the victim is up the attack takes hold at once (and the victim
  // catches up with the attackers), else at its next OnStart.
  void Arm();

  Phase phase() const { return phase_; }
  // True once the victim switched back to a block mined outside the island.
  bool rejoined() const { return rejoined_; }

  void OnStart(NodeIndex node) override;
  void OnStop(NodeIndex node) override;
  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) override;
  // While the attack lasts, an island node drops messages from outside it;
  // everything else goes to the honest behaviour.
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;
  // IdleUntil: the honest behaviour's promise holds (a dropped message does
  // even less).

 private:
  bool InIsland(NodeIndex node) const;
  // The attack takes hold; the victim catches up if `catch_up` and it is up.
  void Begin(bool catch_up);
  // The attack ends; every island node that is up catches up with the
  // network, but the victim when `victim_starting` (its start does it).
  void End(bool victim_starting);
  // The victim's tip moved from `old_tip` to `new_tip`: reported while
  // tracked (from the start until it rejoins).
  void VictimTipMoved(BlockId old_tip, BlockId new_tip);

  NodeHost& host_;
  const EclipseConfig config_;
  std::vector<NodeIndex> island_;  // the victim and the attackers, sorted
  Phase phase_ = Phase::kArmed;
  bool victim_stopped_ = false;  // the victim crashed while eclipsed
  bool tracking_ = false;        // the victim's tip changes are reported
  bool rejoined_ = false;
  TimerId end_timer_;
};

}  // namespace chainsim::sim
