#pragma once
// Distributions of durations: the summary the reports give (count, mean,
// nearest-rank percentiles, maximum), taken exactly from a list of values
// (Summarize), or from a stream of any length in bounded memory
// (DurationTally, for the all-pairs arrival of docs/metrics.md, whose
// nodes x blocks values would not fit).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/sim_time.h"

namespace chainsim::sim {

// Mean (rounded to the nanosecond), percentiles (nearest rank: the p-th of
// k sorted values is number ceil(p k)) and maximum of durations; count of
// values they were taken over. All kNever when count is 0.
struct Distribution {
  std::size_t count = 0;
  SimTime mean = kNever;
  SimTime p10 = kNever;
  SimTime p25 = kNever;
  SimTime median = kNever;
  SimTime p75 = kNever;
  SimTime p90 = kNever;
  SimTime max = kNever;
};
// REQUIRES: every value >= 0 (a duration).
Distribution Summarize(std::vector<SimTime> values);

// Collects durations one at a time and summarizes them like Summarize, in
// memory bounded independently of how many are added.
//
// The first kExactValues values are kept as they are: while no more were
// added, Summary() is exactly Summarize(values). From the next value on, the
// values go into a histogram of logarithmic bins: values below 2^11 ns have
// a bin each, and every power of two above is cut into 2^10 bins of equal
// width, so a bin [lo, lo + w) has w <= lo / 2^10. A percentile is then the
// middle of the bin that holds the value of its rank, within
// |reported - exact| <= exact / 2^11 (0.049 %) of the exact nearest-rank
// value (and within [min, max] of the values, so a percentile of values that
// are all equal is exact); the count, mean (the sum is kept exactly) and
// maximum stay exact.
// Memory: kExactValues x 8 bytes (512 KiB), then at most kBins x 8 bytes
// (432 KiB), grown up to the largest value's bin. Results depend only on
// the values added and their order, never on anything else.
// Thread safety: none.
class DurationTally {
 public:
  static constexpr std::size_t kExactValues = std::size_t{1} << 16;
  // Sub-bins per power of two (2^10) and the bins of all of [0, 2^63).
  static constexpr int kSubBits = 10;
  static constexpr std::size_t kBins = (64 - kSubBits) << kSubBits;

  // REQUIRES: value >= 0.
  void Add(SimTime value);
  std::uint64_t count() const { return count_; }
  // True while every value added is kept (Summary() is exact).
  bool exact() const { return histogram_.empty(); }
  Distribution Summary() const;

  // The histogram's bin of `value` (>= 0) and the range [BinLow, BinLow +
  // BinWidth) of a bin; exposed for tests.
  static std::size_t BinOf(SimTime value);
  static SimTime BinLow(std::size_t bin);
  static SimTime BinWidth(std::size_t bin);

 private:
  void AddToHistogram(SimTime value);

  std::vector<SimTime> values_;           // the first kExactValues values
  std::vector<std::uint64_t> histogram_;  // empty until more were added
  std::uint64_t count_ = 0;
  std::uint64_t sum_low_ = 0;   // the exact sum of the values is
  std::uint64_t sum_high_ = 0;  // sum_high_ * 2^64 + sum_low_
  SimTime min_ = 0;
  SimTime max_ = 0;
};

}  // namespace chainsim::sim
