#pragma once
// The limits a scenario is held to, enforced when it is read (the loader,
// sim/scenario/scenario_loader.h) so that no file can make chainsim use
// unbounded memory or time before the cost estimate
// (sim/scenario/cost_estimate.h) is even made. docs/scenario-format.md
// ("Limits") lists them for users.

#include <cstddef>
#include <cstdint>

namespace chainsim::sim {

// Longest time value of a scenario (its duration, every interval, latency
// and timeout): 50,000 days, so that a time in the run plus any of them
// stays within virtual time (2^63 - 1 ns, about 106,751 days).
inline constexpr std::int64_t kMaxScenarioTime = std::int64_t{50'000} * 86'400 * 1'000'000'000;

// Nodes of a scenario: the nodes at the start plus every join.
inline constexpr std::int64_t kMaxNodes = 1'000'000;

// Largest difficulty a simulation accepts: proofs are really searched, and
// at 8 one takes 16^8 = 4.3e9 hashes on average (a minute or two of CPU).
// The command line's `node --difficulty` is held to the same bound.
inline constexpr int kMaxSimDifficulty = 8;

// Largest forge depth and count of forged blocks (each reply carries them).
inline constexpr std::int64_t kMaxForgedBlocks = 10'000;
// Confirmations, give-up deficit and pre-mined blocks of a double spend.
inline constexpr std::int64_t kMaxAttackBlocks = 10'000;

// Largest scenario or region-table file, in bytes. yaml-cpp holds a parsed
// document in up to about 100 times its size (measured: 148 MB for a 1.5 MB
// edge list), so this bounds the parse to a few hundred MB; 4 MiB holds an
// explicit edge list of about 250,000 links.
inline constexpr std::size_t kMaxScenarioFileBytes = std::size_t{4} << 20;

// Node indices that the node lists of one scenario may name in all, ranges
// counted in full ("0-999" names 1,000), so that a few bytes of ranges cannot
// expand to gigabytes. Ten full partitions of a million nodes fit.
inline constexpr std::int64_t kMaxNodeListEntries = 10'000'000;

}  // namespace chainsim::sim
