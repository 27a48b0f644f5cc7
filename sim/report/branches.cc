#include "sim/report/branches.h"

#include "core/check.h"

namespace chainsim::sim {

std::vector<std::uint32_t> BranchOf(const BlockTree& tree, BlockId main_tip) {
  CHAINSIM_CHECK(main_tip < tree.size());
  std::vector<bool> on_main(tree.size(), false);
  for (BlockId id = main_tip; id != kNoBlock; id = tree[id].parent) on_main[id] = true;
  std::vector<std::uint32_t> branch(tree.size(), 0);
  std::uint32_t branches = 0;
  // Ids grow in mining order and a parent is always older than its child.
  for (BlockId id = 1; id < tree.size(); ++id) {
    if (on_main[id]) continue;
    const BlockId parent = tree[id].parent;
    branch[id] = on_main[parent] ? ++branches : branch[parent];
  }
  return branch;
}

}  // namespace chainsim::sim
