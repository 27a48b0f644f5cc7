#include "core/node_id.h"

namespace chainsim {

std::string NodeIdFromBits(std::uint64_t high, std::uint64_t low) {
  high = (high & ~0xF000ULL) | 0x4000ULL;          // version 4
  low = (low & ~(0x3ULL << 62)) | (0x2ULL << 62);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int i = 0; i < 16; ++i) {
    id[static_cast<std::size_t>(i)] = kHex[(high >> (60 - 4 * i)) & 0xF];
    id[static_cast<std::size_t>(16 + i)] = kHex[(low >> (60 - 4 * i)) & 0xF];
  }
  return id;
}

}  // namespace chainsim
