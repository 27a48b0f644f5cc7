#include "core/parallel_search.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <thread>
#include <vector>

#include "core/check.h"

namespace chainsim {
namespace {

// Nonces per chunk: a few milliseconds of hashing, so a thread notices a
// smaller proof soon and the split stays even.
constexpr std::uint64_t kChunk = std::uint64_t{1} << 16;

}  // namespace

std::optional<std::int64_t> ParallelSearchProofWith(ProofSearchPath path,
                                                    const ProofMessage& message, int difficulty,
                                                    std::int64_t start, std::uint64_t count,
                                                    int threads) {
  CHAINSIM_CHECK(start >= 0);
  CHAINSIM_CHECK(difficulty >= 0 && difficulty <= 64);
  CHAINSIM_CHECK(threads >= 0);
  CHAINSIM_CHECK(IsAvailable(path));
  if (threads == 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  count = std::min(count, max - static_cast<std::uint64_t>(start));
  if (threads == 1 || count <= kChunk) {
    return SearchProofWith(path, message, difficulty, start, count);
  }
  const std::uint64_t chunks = (count + kChunk - 1) / kChunk;
  threads = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(threads), chunks));

  std::atomic<std::uint64_t> next_chunk{0};
  // The smallest proof found so far, INT64_MAX when none.
  std::atomic<std::int64_t> best{std::numeric_limits<std::int64_t>::max()};
  auto work = [&] {
    for (;;) {
      const std::uint64_t chunk = next_chunk.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= chunks) return;
      const std::uint64_t offset = chunk * kChunk;
      const std::int64_t chunk_start = start + static_cast<std::int64_t>(offset);
      // Chunks are taken in increasing order: once one starts at or above
      // the best proof, so do all later ones.
      if (chunk_start >= best.load(std::memory_order_relaxed)) return;
      const auto found =
          SearchProofWith(path, message, difficulty, chunk_start, std::min(kChunk, count - offset));
      if (!found) continue;
      std::int64_t current = best.load(std::memory_order_relaxed);
      while (*found < current &&
             !best.compare_exchange_weak(current, *found, std::memory_order_relaxed)) {
      }
      return;  // every later chunk starts above *found
    }
  };
  std::vector<std::jthread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  pool.clear();  // joins
  const std::int64_t result = best.load();
  if (result == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return result;
}

std::optional<std::int64_t> ParallelSearchProof(const ProofMessage& message, int difficulty,
                                                std::int64_t start, std::uint64_t count,
                                                int threads) {
  return ParallelSearchProofWith(DefaultProofSearchPath(), message, difficulty, start, count,
                                 threads);
}

}  // namespace chainsim
