#pragma once
// Multi-threaded proof search with the same answer as SearchProof.

#include <cstdint>
#include <optional>

#include "core/proof_search.h"

namespace chainsim {

// Returns exactly what SearchProof(message, difficulty, start, count) returns
// (the smallest valid proof in [start, start + count), cut at INT64_MAX),
// searched by `threads` threads: the range is split into consecutive chunks
// that threads take in increasing order; once a proof is found, chunks that
// start above it are skipped, while chunks below it still finish, so the
// first valid proof in nonce order wins. threads == 0 means
// std::thread::hardware_concurrency(); threads == 1 runs on the caller's
// thread. Blocks until done. Thread safety: reads `message` only.
// REQUIRES: start >= 0, 0 <= difficulty <= 64, threads >= 0.
std::optional<std::int64_t> ParallelSearchProof(const ProofMessage& message, int difficulty,
                                                std::int64_t start, std::uint64_t count,
                                                int threads);

// The same with a chosen path (for benchmarks and tests).
// REQUIRES: as above, and IsAvailable(path).
std::optional<std::int64_t> ParallelSearchProofWith(ProofSearchPath path,
                                                    const ProofMessage& message, int difficulty,
                                                    std::int64_t start, std::uint64_t count,
                                                    int threads);

}  // namespace chainsim
