#pragma once
// SHA-256 helpers over OpenSSL, and the leading-zeros test of proof of work.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace chainsim {

using Digest = std::array<std::uint8_t, 32>;

Digest Sha256(std::string_view data);
// 64 lowercase hex characters, as Python's hashlib hexdigest().
std::string ToHex(const Digest& digest);
std::string Sha256Hex(std::string_view data);

// True when the hex form of `digest` starts with `hex_zeros` zeros,
// i.e. its first 4 * hex_zeros bits are zero. REQUIRES: 0 <= hex_zeros <= 64.
bool HasLeadingHexZeros(const Digest& digest, int hex_zeros);

}  // namespace chainsim
