#pragma once
// The global block tree of a run as an SVG picture sized for a 16:9 slide
// (blocks.svg of `chainsim run --out`).
//
// Blocks stand in columns by height, so blocks that competed for the same
// height are stacked in one column: the main chain along the bottom of each
// row (blue), every stale branch in a lane above it in its own colour (the
// branch numbers of sim/report/branches.h), a link from each block to its
// parent. The heights wrap into rows like lines of text; under each column
// is the time its main-chain block was mined (a time axis, one tick per
// height). Partitions shade the columns mined while they were in force, and
// the heal is a dashed line. When there are more heights than
// `columns_per_row` * `max_rows`, long stretches of the main chain without a
// fork are folded into one "... N blocks ..." column, keeping one block on
// each side of every fork.

#include <cstddef>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "sim/metrics/block_tree.h"

namespace chainsim::sim {

struct BlockSvgOptions {
  // Size of the picture in pixels (16:9 by default). Default: 1600 x 900.
  int width = 1600;
  int height = 900;
  // Heights per row at most. Default: 30.
  std::size_t columns_per_row = 30;
  // Rows before folding starts. Default: 4.
  std::size_t max_rows = 4;
  // First line of the picture. Default: "".
  std::string title;
  // [start, end) of each partition; end kNever: until the end of the run.
  // Default: none.
  std::vector<std::pair<SimTime, SimTime>> partitions;
};

// Writes the picture; `main_tip` is the tip of the final main chain.
// Returns the number of columns drawn (heights and folds).
std::size_t WriteBlockTreeSvg(std::ostream& out, const BlockTree& tree, BlockId main_tip,
                              const BlockSvgOptions& options = {});

// The colour of branch `branch` (0: the main chain), as "#rrggbb"; the
// replay page uses the same palette.
const char* BranchColor(std::uint32_t branch);

}  // namespace chainsim::sim
