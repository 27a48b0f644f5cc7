#include "sim/node/sim_node.h"

namespace chainsim::sim {

std::string NodeAddress(NodeIndex node) { return "http://node" + std::to_string(node) + ":5000"; }

}  // namespace chainsim::sim
