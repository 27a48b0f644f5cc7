#include "sim/behaviour/forger_behaviour.h"

#include <utility>

#include "core/check.h"
#include "sim/behaviour/forgery.h"

namespace chainsim::sim {

ForgerBehaviour::ForgerBehaviour(NodeHost& host, NodeBehaviour& honest, ForgeryConfig config)
    : DelegatingBehaviour(honest), host_(host), config_(config) {
  CHAINSIM_CHECK(config_.extra_blocks >= 1);
}

void ForgerBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  forged_.erase(node);
  inner().OnBlockFound(node, block);
}

void ForgerBehaviour::OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) {
  forged_.erase(node);
  inner().OnTipChanged(node, old_tip, new_tip);
}

void ForgerBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  if (message.kind != MessageKind::kChainRequest) {
    inner().OnMessage(node, from, message);
    return;
  }
  std::shared_ptr<const Chain>& forged = forged_[node];
  if (!forged) {
    const Blockchain& state = host_.State(node);
    forged = std::make_shared<const Chain>(
        ForgeChain(state.chain(), config_, state.node_id(), host_.EpochNow()));
  }
  host_.Send(node, from, Message::ChainReply(message.tag, forged));
}

}  // namespace chainsim::sim
