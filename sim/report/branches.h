#pragma once
// Branches of a run's final block tree, for pictures that colour them.
//
// Branch 0 is the main chain (genesis to the main tip). Every block off the
// main chain whose parent is on it starts a stale branch, which holds it and
// all its descendants; stale branches are numbered 1, 2, ... in the mining
// order of their first block. The replay page, blocks.csv and blocks.svg use
// the same numbers, so a colour means the same branch everywhere.

#include <cstdint>
#include <vector>

#include "sim/metrics/block_tree.h"

namespace chainsim::sim {

// branch[id] for every block of `tree`. REQUIRES: main_tip < tree.size().
std::vector<std::uint32_t> BranchOf(const BlockTree& tree, BlockId main_tip);

}  // namespace chainsim::sim
