#include "sim/metrics/distribution.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/check.h"

namespace chainsim::sim {
namespace {

// The nearest rank (1-based) of percentile p among n values.
std::uint64_t Rank(double p, std::uint64_t n) {
  const auto k = static_cast<std::uint64_t>(std::ceil(p * static_cast<double>(n)));
  return std::max<std::uint64_t>(k, 1);
}

}  // namespace

Distribution Summarize(std::vector<SimTime> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  const auto rank = [&](double p) { return values[Rank(p, values.size()) - 1]; };
  d.p10 = rank(0.1);
  d.p25 = rank(0.25);
  d.median = rank(0.5);
  d.p75 = rank(0.75);
  d.p90 = rank(0.9);
  d.max = values.back();
  // A long double holds the sum of millions of hour-long durations exactly
  // enough; the mean is rounded to the nearest nanosecond.
  long double sum = 0;
  for (const SimTime v : values) sum += static_cast<long double>(v);
  d.mean = static_cast<SimTime>(std::llround(sum / static_cast<long double>(values.size())));
  return d;
}

std::size_t DurationTally::BinOf(SimTime value) {
  const auto v = static_cast<std::uint64_t>(value);
  const auto width = static_cast<int>(std::bit_width(v));
  const int shift = std::max(0, width - (kSubBits + 1));
  return (static_cast<std::size_t>(shift) << kSubBits) + static_cast<std::size_t>(v >> shift);
}

SimTime DurationTally::BinLow(std::size_t bin) {
  constexpr std::size_t kSub = std::size_t{1} << kSubBits;
  if (bin < 2 * kSub) return static_cast<SimTime>(bin);
  const std::size_t shift = bin / kSub - 1;
  return static_cast<SimTime>((bin - shift * kSub) << shift);
}

SimTime DurationTally::BinWidth(std::size_t bin) {
  constexpr std::size_t kSub = std::size_t{1} << kSubBits;
  if (bin < 2 * kSub) return 1;
  return SimTime{1} << (bin / kSub - 1);
}

void DurationTally::Add(SimTime value) {
  CHAINSIM_CHECK(value >= 0);
  ++count_;
  const auto v = static_cast<std::uint64_t>(value);
  sum_low_ += v;
  if (sum_low_ < v) ++sum_high_;
  min_ = count_ == 1 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  if (histogram_.empty()) {
    if (values_.size() < kExactValues) {
      values_.push_back(value);
      return;
    }
    // One value too many to keep: the kept ones move to the histogram.
    for (const SimTime kept : values_) AddToHistogram(kept);
    std::vector<SimTime>().swap(values_);
  }
  AddToHistogram(value);
}

void DurationTally::AddToHistogram(SimTime value) {
  const std::size_t bin = BinOf(value);
  if (bin >= histogram_.size()) histogram_.resize(bin + 1, 0);
  ++histogram_[bin];
}

Distribution DurationTally::Summary() const {
  if (exact()) return Summarize(values_);
  Distribution d;
  d.count = count_;
  d.max = max_;
  __extension__ using U128 = unsigned __int128;
  const U128 sum = (static_cast<U128>(sum_high_) << 64) | sum_low_;
  d.mean = static_cast<SimTime>((sum + count_ / 2) / count_);  // rounded half up, as llround
  // The middle of the bin that holds the value of rank k, kept within the
  // values' range (which only brings it nearer the exact value).
  const auto at_rank = [&](double p) {
    const std::uint64_t k = Rank(p, count_);
    std::uint64_t below = 0;
    std::size_t bin = 0;
    while (below + histogram_[bin] < k) below += histogram_[bin++];
    return std::clamp(BinLow(bin) + (BinWidth(bin) - 1) / 2, min_, max_);
  };
  d.p10 = at_rank(0.1);
  d.p25 = at_rank(0.25);
  d.median = at_rank(0.5);
  d.p75 = at_rank(0.75);
  d.p90 = at_rank(0.9);
  return d;
}

}  // namespace chainsim::sim
