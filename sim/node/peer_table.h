#pragma once
// PeerTable: every node's peer list (node indices, in the order they were
// added), laid out so that finding a node's list takes no dependent load.
//
// A list of up to kInline peers (nearly every list: the bitcoin-2015 region
// model gives 17.3 peers on average and at most 39 at 100,000 nodes) sits with
// its length in the node's own 128-byte block of one array; a longer list
// is kept apart, its block saying so. Prefetch(node) therefore loads a
// node's peers from its index alone, while another event runs, where a
// vector per node would need its header loaded first (docs/performance.md,
// issue 15). The memory is about that of a vector per node: 128 bytes a node
// against a 24-byte header, the peers and the allocator's overhead.
//
// Of(node) stays valid until `node`'s own list changes (Append or Clear of
// that node); changing another node's list leaves it valid.
//
// Thread safety: none (one Simulation, one thread).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "sim/chain/ids.h"

namespace chainsim::sim {

class PeerTable {
 public:
  // Longest list kept in a node's block.
  static constexpr std::size_t kInline = 31;

  // `nodes` nodes, none with a peer.
  explicit PeerTable(std::size_t nodes) : blocks_(nodes) {}

  std::size_t size() const { return blocks_.size(); }

  // `node`'s peers. REQUIRES: node < size().
  std::span<const NodeIndex> Of(NodeIndex node) const {
    const Block& block = blocks_[node];
    if (block.size <= kInline) return {block.peers.data(), block.size};
    return long_lists_.at(node);
  }

  // Adds `peer` at the end of `node`'s list. REQUIRES: node < size().
  void Append(NodeIndex node, NodeIndex peer);
  // Empties `node`'s list. REQUIRES: node < size().
  void Clear(NodeIndex node);

  // Starts loading `node`'s list into the cache (its whole block); changes
  // nothing. REQUIRES: node < size().
  void Prefetch(NodeIndex node) const {
    const Block* block = &blocks_[node];
    __builtin_prefetch(block);
    __builtin_prefetch(reinterpret_cast<const char*>(block) + 64);
  }

 private:
  struct alignas(64) Block {
    std::uint32_t size = 0;                  // > kInline: the list is in long_lists_
    std::array<NodeIndex, kInline> peers{};  // the first `size` are the list
  };
  static_assert(sizeof(Block) == 128);

  std::vector<Block> blocks_;
  std::unordered_map<NodeIndex, std::vector<NodeIndex>> long_lists_;
};

}  // namespace chainsim::sim
