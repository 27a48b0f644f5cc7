#pragma once
// GraphWarnings: what in a scenario's graph makes its runs misleading without
// making them wrong, for `chainsim validate` (a warning, never an error).
//
//   - The network is disconnected at the start: blocks never cross between
//     its parts (joiners may connect them later; the check does not model
//     joins).
//   - During a partition, a node of a group has no link to another node of
//     its group: it hears of no block for the whole split. And a group
//     whose links inside it fall into several parts: each part mines its own
//     branch, as if the partition had more groups.
//
// The graph checked is the one the run starts with (Network::StartTopology:
// the same seed gives the same graph); a partition's groups are checked on
// it, so links of nodes that join before the partition are not counted.
// Thread safety: pure functions.

#include <string>
#include <vector>

#include "sim/net/topology.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// One sentence per finding, in timeline order (the start first); empty when
// nothing is found. Lists of nodes are cut after 10 ("... and 4 more").
// REQUIRES: `topology` has `scenario`'s starting nodes; partition groups
// name nodes below TotalNodes(scenario) (the loader checks it).
std::vector<std::string> GraphWarnings(const Topology& topology, const Scenario& scenario);

}  // namespace chainsim::sim
