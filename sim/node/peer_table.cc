#include "sim/node/peer_table.h"

#include "core/check.h"

namespace chainsim::sim {

void PeerTable::Append(NodeIndex node, NodeIndex peer) {
  Block& block = blocks_[node];
  CHAINSIM_CHECK(block.size < UINT32_MAX);
  if (block.size < kInline) {
    block.peers[block.size++] = peer;
    return;
  }
  std::vector<NodeIndex>& list = long_lists_[node];
  if (block.size == kInline) list.assign(block.peers.begin(), block.peers.end());
  list.push_back(peer);
  ++block.size;
}

void PeerTable::Clear(NodeIndex node) {
  Block& block = blocks_[node];
  if (block.size > kInline) long_lists_.erase(node);
  block.size = 0;
}

}  // namespace chainsim::sim
