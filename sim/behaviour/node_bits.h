#pragma once
// NodeBits: one bit per (node, item), for items with dense ids that only
// grow (blocks, transactions), stored item by item: the bits of all nodes
// for one item are contiguous, so relaying an item touches one small array.
// Grown on demand as items appear; memory is ceil(node_count / 64) words
// per item up to the highest inserted id, kept until destruction.
//
// Thread safety: none.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/chain/ids.h"

namespace chainsim::sim {

class NodeBits {
 public:
  // Bits for nodes 0 .. node_count - 1 (at least one word per item).
  explicit NodeBits(int node_count);

  bool Contains(NodeIndex node, std::uint32_t item) const {
    const std::size_t word = item * words_ + node / 64;
    return word < bits_.size() && ((bits_[word] >> (node % 64)) & 1U) != 0;
  }
  void Insert(NodeIndex node, std::uint32_t item);
  void Erase(NodeIndex node, std::uint32_t item);
  // Erases `node`'s bits for every item.
  void EraseNode(NodeIndex node);

 private:
  std::size_t words_;  // per item
  std::vector<std::uint64_t> bits_;
};

}  // namespace chainsim::sim
