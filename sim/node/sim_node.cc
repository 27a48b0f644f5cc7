#include "sim/node/sim_node.h"

#include "sim/node/forgery.h"

namespace chainsim::sim {

std::shared_ptr<const Chain> SimNode::Snapshot() {
  if (!snapshot_) snapshot_ = std::make_shared<const Chain>(blockchain.chain());
  return snapshot_;
}

std::shared_ptr<const Chain> SimNode::ChainReply(double timestamp) {
  if (!forgery) return Snapshot();
  if (!forged_) {
    forged_ = std::make_shared<const Chain>(
        ForgeChain(blockchain.chain(), *forgery, blockchain.node_id(), timestamp));
  }
  return forged_;
}

std::string NodeAddress(NodeIndex node) { return "http://node" + std::to_string(node) + ":5000"; }

}  // namespace chainsim::sim
