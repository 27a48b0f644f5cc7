#pragma once
// Shards: a sweep's runs split among independent processes (Slurm job
// arrays, GNU parallel, several machines). Shard I of N takes runs
// I, I+N, I+2N, ... (0-based), so shards are about equal and every run
// belongs to exactly one.
// Thread safety: values and pure functions.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chainsim::sim {

struct Shard {
  std::size_t index = 0;  // I, 0 .. count-1
  std::size_t count = 1;  // N >= 1
};

// Reads "I/N" (0 <= I < N <= 1,000,000).
Result<Shard> ParseShard(std::string_view text);

// Run `run` belongs to `shard`.
inline bool InShard(std::size_t run, const Shard& shard) {
  return run % shard.count == shard.index;
}

// The journal file name of a shard: "shard-I-of-N.jsonl".
std::string JournalName(const Shard& shard);

}  // namespace chainsim::sim
