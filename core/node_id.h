#pragma once
// Node identifiers as the reference makes them: str(uuid4()).replace('-', '').

#include <cstdint>
#include <string>

namespace chainsim {

// A version-4 UUID from 128 random bits, as 32 lowercase hex characters (the
// version and variant bits are set as uuid4 sets them).
std::string NodeIdFromBits(std::uint64_t high, std::uint64_t low);

}  // namespace chainsim
