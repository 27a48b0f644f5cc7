#include "sim/node/sim_node.h"

namespace chainsim::sim {

std::shared_ptr<const Chain> SimNode::Snapshot(const BlockTree& tree) {
  if (!snapshot_) snapshot_ = std::make_shared<const Chain>(tree.ChainTo(tip));
  return snapshot_;
}

std::string NodeAddress(NodeIndex node) { return "http://node" + std::to_string(node) + ":5000"; }

}  // namespace chainsim::sim
