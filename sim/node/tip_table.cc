#include "sim/node/tip_table.h"

namespace chainsim::sim {

std::shared_ptr<const Chain> TipTable::Snapshot(NodeIndex node, const BlockTree& tree) {
  std::shared_ptr<const Chain>& snapshot = snapshots_[node];
  if (!snapshot) {
    snapshot = std::make_shared<const Chain>(tree.ChainTo(tips_[node]));
    has_snapshot_[node] = true;
  }
  return snapshot;
}

}  // namespace chainsim::sim
