#pragma once
// The proof-of-work search loop: the hottest code of chainsim.
//
// valid_proof hashes prefix + str(proof) + suffix, where the prefix is
// str(last_proof) and the suffix is the previous block's hash (tutorial) or
// empty (article). The search keeps that message pre-padded in SHA-256 blocks,
// increments the proof's decimal digits in place, and runs only the SHA-256
// block function per try: no hex formatting, no allocation.
//
// Several implementations ("paths") give the same answer at different
// speeds; SearchProof uses the fastest one this CPU supports. The vector
// paths test 8 or 16 consecutive proofs per step (all with the same digit
// count; the step that would cross 99..9 -> 100..0 runs one proof at a time).
// Measured figures: docs/performance.md.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chainsim {

struct ProofMessage {
  std::string prefix;  // str(last_proof)
  std::string suffix;  // last_hash, or "" for the article variant
};

enum class ProofSearchPath {
  // The reference's way: format prefix + str(proof) + suffix and call
  // OpenSSL's SHA256() per try. A baseline, never the default.
  kOpenSslFormatted,
  // OpenSSL's block function (SHA256_Transform) on the pre-padded message.
  // Runs everywhere; the fallback.
  kOpenSslBlock,
  // chainsim's own SHA-256 in plain C++, one proof per step, with the
  // schedule of the blocks after the digits precomputed.
  kPortable,
  // x86 SHA extensions, four proofs per step interleaved.
  kShaNi,
  // AVX2, eight proofs per step.
  kAvx2,
  // AVX-512F/VL, thirty-two proofs per step.
  kAvx512,
};

inline constexpr std::array<ProofSearchPath, 6> kAllProofSearchPaths = {
    ProofSearchPath::kOpenSslFormatted,
    ProofSearchPath::kOpenSslBlock,
    ProofSearchPath::kPortable,
    ProofSearchPath::kShaNi,
    ProofSearchPath::kAvx2,
    ProofSearchPath::kAvx512};

// "openssl-formatted", "openssl-block", "portable", "sha-ni", "avx2", "avx512".
std::string_view Name(ProofSearchPath path);

// True when this CPU can run `path` (checked once per process, at run time).
bool IsAvailable(ProofSearchPath path);

// The path SearchProof uses: the fastest available one, in the order measured
// on an AVX-512 + SHA-NI Xeon: avx512, sha-ni, avx2, openssl-block.
ProofSearchPath DefaultProofSearchPath();

// Returns the smallest proof p in [start, start + count) such that
// SHA-256(prefix + str(p) + suffix) begins with `difficulty` hex zeros, or
// nullopt when there is none in that range. The range is cut at INT64_MAX.
// REQUIRES: start >= 0, 0 <= difficulty <= 64.
std::optional<std::int64_t> SearchProof(const ProofMessage& message, int difficulty,
                                        std::int64_t start, std::uint64_t count);

// The same with a chosen path; every path returns the same result.
// REQUIRES: as SearchProof, and IsAvailable(path).
std::optional<std::int64_t> SearchProofWith(ProofSearchPath path, const ProofMessage& message,
                                            int difficulty, std::int64_t start,
                                            std::uint64_t count);

}  // namespace chainsim
