#pragma once
// TieBreak: the honest nodes' rule for two equally ranked branches when a
// scenario sets the selfish miner's gamma explicitly (docs/attacks.md,
// "Gamma").
//
// Without it a node keeps the branch it holds (first-seen, core's "ties keep
// ours"). With it, a node that holds one of two tied branches, one ending in
// a block an attacker mined and the other not, holds the attacker's with
// probability gamma: for each (node, height) it draws once u, uniform in
// [0, 1), from the stream ("tie-break", node << 32 | height), and prefers
// the attacker's branch iff u < gamma, whichever of the two it heard of
// first. Ties between two honest (or two attacker) branches keep
// first-seen. Each honest node mines on the branch it holds, so the next
// honest block extends the attacker's branch with probability gamma, as in
// Eyal & Sirer's model, once both branches have reached every node.
//
// Thread safety: none (the host's thread).

#include <vector>

#include "core/chain_rules.h"
#include "sim/behaviour/node_host.h"

namespace chainsim::sim {

class TieBreak {
 public:
  // `host` must outlive the rule. `attackers[n]`: node n mines for an
  // attacker. REQUIRES: 0 <= gamma <= 1.
  TieBreak(const NodeHost& host, std::vector<bool> attackers, double gamma, ForkChoice fork_choice);

  // True if `node`, holding the branch ending at `tip`, should move to the
  // branch ending at `candidate`, which ties with it.
  bool Switch(NodeIndex node, BlockId candidate, BlockId tip) const;
  // Switch(node, candidate, tip) if the two branches tie; false otherwise.
  bool SwitchOnTie(NodeIndex node, BlockId candidate, BlockId tip) const;

  double gamma() const { return gamma_; }

 private:
  bool Attacker(BlockId block) const;

  const NodeHost& host_;
  const std::vector<bool> attackers_;
  const double gamma_;
  const ForkChoice fork_choice_;
};

}  // namespace chainsim::sim
