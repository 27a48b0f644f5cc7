#pragma once
// The global block tree of a run as a Graphviz DOT graph.
//
// One vertex per block (genesis included) and one edge per parent link,
// drawn from parent to child, left to right. Main-chain blocks are filled and
// bold; stale blocks are dashed and grey; each label reads
// "#height shorthash / node N / time". Big trees stay usable: when the tree
// has more than `collapse_above` blocks, runs of more than `keep_context`
// * 2 consecutive main-chain blocks without a fork are folded into one box
// ("... 812 blocks ...").

#include <cstddef>
#include <ostream>

#include "sim/chain/block_tree.h"

namespace chainsim::sim {

struct BlockDotOptions {
  // Fold linear main-chain stretches when the tree has more blocks than this.
  // Default: 300.
  std::size_t collapse_above = 300;
  // Main-chain blocks kept on each side of a fork or an end. Default: 2.
  std::size_t keep_context = 2;
};

// Writes the tree; `main_tip` is the tip of the final main chain. Returns
// the number of boxes drawn (blocks and folds).
std::size_t WriteBlockTreeDot(std::ostream& out, const BlockTree& tree, BlockId main_tip,
                              const BlockDotOptions& options = {});

}  // namespace chainsim::sim
