#pragma once
// The proof-of-work search loop: the hottest code of chainsim.
//
// valid_proof hashes prefix + str(proof) + suffix, where the prefix is
// str(last_proof) and the suffix is the previous block's hash (tutorial) or
// empty (article). The search keeps that message pre-padded in SHA-256 blocks,
// increments the proof's decimal digits in place, and runs only the SHA-256
// block function per try: no hex formatting, no allocation.

#include <cstdint>
#include <optional>
#include <string>

namespace chainsim {

struct ProofMessage {
  std::string prefix;  // str(last_proof)
  std::string suffix;  // last_hash, or "" for the article variant
};

// Returns the smallest proof p in [start, start + count) such that
// SHA-256(prefix + str(p) + suffix) begins with `difficulty` hex zeros, or
// nullopt when there is none in that range.
// REQUIRES: start >= 0, 0 <= difficulty <= 64.
std::optional<std::int64_t> SearchProof(const ProofMessage& message, int difficulty,
                                        std::int64_t start, std::uint64_t count);

}  // namespace chainsim
