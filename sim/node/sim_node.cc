#include "sim/node/sim_node.h"

namespace chainsim::sim {

std::shared_ptr<const Chain> SimNode::Snapshot() {
  if (!snapshot_) snapshot_ = std::make_shared<const Chain>(blockchain.chain());
  return snapshot_;
}

std::string NodeAddress(NodeIndex node) { return "http://node" + std::to_string(node) + ":5000"; }

}  // namespace chainsim::sim
