#pragma once
// Values with units, as scenario files write them.
//
// Every parser takes the text of one value ("50ms", "535 kB", "10 Mbit/s",
// "2/s", "1%"), allows spaces around it and between number and unit, and
// returns the value in chainsim's base unit or an Error saying what is wrong
// and what was expected (without a file position: the caller adds that).
//
// Numbers: decimal digits with an optional fraction and exponent ("1.5",
// "2e5", "0.25"). A sign is not accepted; negative values are rejected with a
// message that says so. A bare number without a unit is rejected (a unit is
// needed), except 0 where the parser says so.
//
// Rounding: durations and data sizes are computed in exact decimal
// arithmetic and then rounded to the nearest nanosecond / byte, halves away
// from zero ("1.5ns" -> 2 ns, "0.1s" -> 100000000 ns exactly). Bit rates,
// rates and probabilities are doubles: the number is read as the nearest
// double and multiplied by the unit's factor.
//
// The Format* functions write values back in a form that the matching
// parser reads to exactly the same value, using the largest unit that keeps
// the value exact ("90s" -> "90s", 5400 s -> "90min", 1.5 s -> "1500ms").
//
// Thread safety: all functions are pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

// Durations: units ns, us (also µs), ms, s, min, h, d. "m" is rejected as
// ambiguous. Bare "0" is accepted. Result in nanoseconds, 0 <= t < 2^63.
Result<SimTime> ParseDuration(std::string_view text);

// A time value of a scenario: ParseDuration, then at least `min` ("TEXT is too
// short (expected a duration above 0)" when min is 1 ns, "... (expected at
// least 5s)" otherwise) and at most kMaxScenarioTime ("TEXT is too long
// (expected at most 50000d)"); sim/scenario/scenario_limits.h.
Result<SimTime> ParseScenarioTime(std::string_view text, SimTime min);

// Data sizes in bytes: B; decimal kB, MB, GB, TB (powers of 1000); binary
// KiB, MiB, GiB, TiB (powers of 1024). Bare "0" is accepted. Result < 2^63.
Result<std::uint64_t> ParseDataSize(std::string_view text);

// Bit rates in bits per second: bit/s, kbit/s, Mbit/s, Gbit/s, Tbit/s; the
// same as bps, kbps, Mbps, Gbps, Tbps; bytes per second B/s, kB/s, MB/s,
// GB/s (x 8). "unlimited" gives 0 (chainsim's "no limit"); any other value
// must be > 0.
Result<double> ParseBitRate(std::string_view text);

// Rates of events, per second: "2/s", "120/min", "0.5/h", "3/d".
// Bare "0" is accepted.
Result<double> ParseRate(std::string_view text);

// Probabilities and fractions in [0, 1]: "0.01" or a percentage "1%".
Result<double> ParseProbability(std::string_view text);

// A plain decimal integer from 0 to 2^64 - 1 (a seed): digits only, no sign,
// no spaces. The error reads "'TEXT' is not an integer in range (expected an
// integer from 0 to 18446744073709551615)".
Result<std::uint64_t> ParseUnsigned64(std::string_view text);

// Exact inverse forms (see above). FormatDurationValue(0) is "0s";
// FormatDataSize(0) is "0B"; FormatBitRate(0) is "unlimited"; FormatRate(0)
// is "0/s". REQUIRES: values the matching parser can produce (non-negative,
// finite).
std::string FormatDurationValue(SimTime t);
std::string FormatDataSize(std::uint64_t bytes);
std::string FormatBitRate(double bits_per_second);
std::string FormatRate(double per_second);

// The shortest decimal text ("0.1", "1e-05", "3") that reads back as exactly
// `value`. REQUIRES: finite value.
std::string FormatShortestDouble(double value);

}  // namespace chainsim::sim
