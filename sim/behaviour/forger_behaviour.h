#pragma once
// ForgerBehaviour: a node that answers chain requests with a forged chain
// (timeline action `forge`, docs/scenario-format.md), to show valid_chain at
// work. Everything else it does as the honest behaviour it wraps: it mines,
// resolves and relays honestly; only the kChainReply it sends is the forged
// copy of its chain (ForgeChain, sim/behaviour/forgery.h), made at most once
// per chain state and stamped with the time it was first asked for.
//
// One object serves every node of one `forge` event (they share its
// settings); each node's forged chain is kept apart and dropped when the
// node's chain changes.

#include <memory>
#include <unordered_map>

#include "sim/behaviour/delegating_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class ForgerBehaviour final : public DelegatingBehaviour {
 public:
  // `host` and `honest` (the behaviour the nodes ran before) must outlive
  // this object. REQUIRES: config.extra_blocks >= 1.
  ForgerBehaviour(NodeHost& host, NodeBehaviour& honest, ForgeryConfig config);

  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) override;
  // Chain requests get the forged chain; every other message goes to the
  // honest behaviour.
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;

 private:
  NodeHost& host_;
  const ForgeryConfig config_;
  // Per node: the forged chain of its current chain state, once asked for.
  std::unordered_map<NodeIndex, std::shared_ptr<const Chain>> forged_;
};

}  // namespace chainsim::sim
