#include "sim/sweep/shard.h"

#include <charconv>

namespace chainsim::sim {

Result<Shard> ParseShard(std::string_view text) {
  const Error bad{"--shard: '" + std::string(text) +
                  "' is not a shard (expected I/N with 0 <= I < N, e.g. 0/4; I is 0-based)"};
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return bad;
  Shard shard;
  const auto read = [](std::string_view part, std::size_t& out) {
    if (part.empty() || part.size() > 7) return false;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return ec == std::errc() && end == part.data() + part.size();
  };
  if (!read(text.substr(0, slash), shard.index) || !read(text.substr(slash + 1), shard.count)) {
    return bad;
  }
  if (shard.count == 0 || shard.count > 1'000'000 || shard.index >= shard.count) return bad;
  return shard;
}

std::string JournalName(const Shard& shard) {
  return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".jsonl";
}

}  // namespace chainsim::sim
