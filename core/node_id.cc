#include "core/node_id.h"

#include "core/hex.h"

namespace chainsim {

std::string NodeIdFromBits(std::uint64_t high, std::uint64_t low) {
  high = (high & ~0xF000ULL) | 0x4000ULL;          // version 4
  low = (low & ~(0x3ULL << 62)) | (0x2ULL << 62);  // RFC 4122 variant
  std::string id(32, '0');
  for (std::size_t i = 0; i < 16; ++i) {
    const std::size_t shift = 60 - 4 * i;
    id[i] = LowerHexDigit((high >> shift) & 0xF);
    id[16 + i] = LowerHexDigit((low >> shift) & 0xF);
  }
  return id;
}

}  // namespace chainsim
