#pragma once
// A range of parameter values written with units: from 0.1MB to 1MB in steps
// of 0.1MB, from 5min to 30min in steps of 5min.
//
// The numbers are read as exact decimals and stepped in exact decimal
// arithmetic, so "0.1MB" + 2 x "0.1MB" is "0.3MB", never
// "0.30000000000000004MB". The unit is kept as text and not interpreted:
// the scenario loader reads each value as it would read it in a file, so a
// range works for every kind of value the loader reads (durations, sizes,
// bit rates, rates, probabilities, plain counts).
// Thread safety: pure functions.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace chainsim::sim {

// Most values a range may give.
inline constexpr std::size_t kMaxRangeValues = 10'000;

// The values from, from + step, from + 2 step, ... up to and including `to`
// (when a step lands on it), each written as a plain decimal followed by
// the unit ("0.3MB", "15min", "250"). from, to and step are non-negative
// decimals ("2", "0.5", ".25"; no sign, no exponent) with the same unit text
// (spaces ignored; "" for plain numbers). REQUIRES nothing; errors say what
// is wrong: different units, step 0, to < from, more than kMaxRangeValues
// values, more than 18 digits.
Result<std::vector<std::string>> ExpandRange(std::string_view from, std::string_view to,
                                             std::string_view step);

}  // namespace chainsim::sim
