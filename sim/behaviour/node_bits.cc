#include "sim/behaviour/node_bits.h"

#include <algorithm>

namespace chainsim::sim {

NodeBits::NodeBits(int node_count)
    : words_((static_cast<std::size_t>(std::max(node_count, 1)) + 63) / 64) {}

void NodeBits::Insert(NodeIndex node, std::uint32_t item) {
  const std::size_t word = item * words_ + node / 64;
  if (word >= bits_.size()) bits_.resize((item + std::size_t{1}) * words_, 0);
  bits_[word] |= std::uint64_t{1} << (node % 64);
}

void NodeBits::Erase(NodeIndex node, std::uint32_t item) {
  const std::size_t word = item * words_ + node / 64;
  if (word < bits_.size()) bits_[word] &= ~(std::uint64_t{1} << (node % 64));
}

void NodeBits::EraseNode(NodeIndex node) {
  for (std::size_t word = node / 64; word < bits_.size(); word += words_) {
    bits_[word] &= ~(std::uint64_t{1} << (node % 64));
  }
}

}  // namespace chainsim::sim
