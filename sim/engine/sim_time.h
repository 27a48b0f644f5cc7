#pragma once
// Virtual time of the simulator: integer nanoseconds since the run began.
// Integer time keeps runs exact and repeatable; nothing here reads a clock.

#include <cstdint>
#include <limits>
#include <string>

namespace chainsim::sim {

using SimTime = std::int64_t;

inline constexpr SimTime kNanosecond = 1;
inline constexpr SimTime kMicrosecond = 1'000;
inline constexpr SimTime kMillisecond = 1'000'000;
inline constexpr SimTime kSecond = 1'000'000'000;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kNever = std::numeric_limits<SimTime>::max();

inline double ToSeconds(SimTime t) { return static_cast<double>(t) / static_cast<double>(kSecond); }

// Rounds to the nearest nanosecond. REQUIRES: |seconds| < 9.2e9.
inline SimTime FromSeconds(double seconds) {
  return static_cast<SimTime>(seconds * static_cast<double>(kSecond) + (seconds < 0 ? -0.5 : 0.5));
}

// "1h02m03.250s", "12.500s", "350ms", "0s": for people, not for parsing back.
std::string FormatDuration(SimTime t);

}  // namespace chainsim::sim
