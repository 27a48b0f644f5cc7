#pragma once
// SelfishMinerBehaviour: Eyal & Sirer's strategy SM1 ("Majority is not
// enough: Bitcoin mining is vulnerable", FC 2014, Algorithm 1) for one node,
// the selfish pool (timeline action `selfish_mine`, docs/attacks.md).
//
// The pool mines on its private branch (the node's own chain) and shows the
// network only what it has published (PublicView). With lead = height of
// its tip minus height of the public tip, and `branch` = Eyal & Sirer's
// privateBranchLen:
//
//   pool finds a block (delta = lead before it):
//     delta == 0 and branch == 2 (state 0', the race): publish the branch;
//       the pool wins both blocks. branch = 0.
//     otherwise keep it private (states 0 -> 1, n -> n + 1).
//   the public tip advances (lead after it):
//     lead < 0: the others won; adopt the public tip. branch = 0.
//     lead == 0 (was 1): publish the branch: a race at equal height
//       (state 0'); gamma decides which block the others mine on.
//     lead == 1 (was 2): publish the branch; it is longer. branch = 0.
//     lead >= 2: publish the private block at the public tip's height.
//
// The public tip moves by one block at a time in the paper's model; in a
// network it may jump by several, and the rules above (stated on the lead
// after the move) then do what the paper's would after as many single
// steps. Gamma is where the others mine during a race: it emerges from the
// network (which block each honest node hears of first: first-seen), or the
// scenario sets it and the honest nodes break ties with it (TieBreak,
// sim/behaviour/tie_break.h).
//
// Every step is reported (NodeHost::ReportAttack: withheld, published,
// race, abandoned); the revenue share is computed from the final main chain
// (docs/metrics.md, "Attacks").

#include <cstdint>

#include "sim/behaviour/adversary_behaviour.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class SelfishMinerBehaviour final : public AdversaryBehaviour {
 public:
  // Will run `node` (its chain so far counts as public). `host` must
  // outlive the behaviour. Reports kStarted; the pool starts listening with
  // OnStart (the host calls it when it hands the node over, or when the node
  // comes up).
  SelfishMinerBehaviour(NodeHost& host, NodeIndex node, const ProtocolConfig& protocol,
                        ForkChoice fork_choice);

  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;

  // Eyal & Sirer's privateBranchLen (for tests).
  int branch() const { return branch_; }

 private:
  // The public tip advanced: the second half of the state machine.
  void OnPublicAdvanced();
  // Publishes up to `tip` and reports it (with `answered`: the public tip
  // it answers, kNoBlock when none).
  void Publish(BlockId tip, BlockId answered);
  std::int64_t Lead() const;

  int branch_ = 0;
};

}  // namespace chainsim::sim
