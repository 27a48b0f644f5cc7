#include "sim/metrics/distribution.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace chainsim::sim {
namespace {

TEST(DistributionTest, PercentilesAreNearestRankAndTheMeanIsExact) {
  std::vector<SimTime> values;
  for (int i = 10; i >= 1; --i) values.push_back(i * kSecond);
  const Distribution d = Summarize(values);
  EXPECT_EQ(d.count, 10U);
  EXPECT_EQ(d.p10, 1 * kSecond);     // ceil(1.0) = 1st
  EXPECT_EQ(d.p25, 3 * kSecond);     // ceil(2.5) = 3rd
  EXPECT_EQ(d.median, 5 * kSecond);  // ceil(5) = 5th
  EXPECT_EQ(d.p75, 8 * kSecond);     // ceil(7.5) = 8th
  EXPECT_EQ(d.p90, 9 * kSecond);
  EXPECT_EQ(d.max, 10 * kSecond);
  EXPECT_EQ(d.mean, 5500 * kMillisecond);
  EXPECT_EQ(Summarize({}).mean, kNever);
}

// Checks every figure of `tally` against Summarize on the same values: the
// count, mean and maximum equal, each percentile within exact / 2^11.
void ExpectWithinBound(const DurationTally& tally, const std::vector<SimTime>& values) {
  const Distribution exact = Summarize(values);
  const Distribution got = tally.Summary();
  EXPECT_EQ(got.count, exact.count);
  EXPECT_EQ(got.mean, exact.mean);
  EXPECT_EQ(got.max, exact.max);
  const SimTime Distribution::*const kPercentiles[] = {&Distribution::p10, &Distribution::p25,
                                                       &Distribution::median, &Distribution::p75,
                                                       &Distribution::p90};
  for (const auto percentile : kPercentiles) {
    const SimTime want = exact.*percentile;
    const SimTime error = got.*percentile > want ? got.*percentile - want : want - got.*percentile;
    EXPECT_LE(error, want / 2048) << "exact " << want << ", reported " << got.*percentile;
  }
}

TEST(DurationTallyTest, IsExactlySummarizeWhileItKeepsEveryValue) {
  DurationTally tally;
  std::vector<SimTime> values;
  std::mt19937_64 bits(7);
  for (std::size_t i = 0; i < DurationTally::kExactValues; ++i) {
    values.push_back(static_cast<SimTime>(bits() % (60 * kSecond)));
    tally.Add(values.back());
  }
  EXPECT_TRUE(tally.exact());
  const Distribution exact = Summarize(values);
  const Distribution got = tally.Summary();
  EXPECT_EQ(got.p10, exact.p10);
  EXPECT_EQ(got.p25, exact.p25);
  EXPECT_EQ(got.median, exact.median);
  EXPECT_EQ(got.p75, exact.p75);
  EXPECT_EQ(got.p90, exact.p90);
  EXPECT_EQ(got.mean, exact.mean);
  EXPECT_EQ(got.max, exact.max);
}

TEST(DurationTallyTest, PercentilesStayWithinTheStatedBoundOnRandomData) {
  // Log-uniform from 1 ns to about 2^42 ns (73 minutes): every scale of bins.
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    std::mt19937_64 bits(seed);
    DurationTally tally;
    std::vector<SimTime> values;
    for (int i = 0; i < 300'000; ++i) {
      const int scale = static_cast<int>(bits() % 42);
      values.push_back(static_cast<SimTime>(bits() >> (63 - scale)));
      tally.Add(values.back());
    }
    EXPECT_FALSE(tally.exact());
    ExpectWithinBound(tally, values);
  }
}

TEST(DurationTallyTest, PercentilesStayWithinTheBoundOnBlockArrivalLikeData) {
  // Delays of 2 to 20 s, a few nanoseconds apart, many in one bin: the
  // chosen middle of a bin must still be within the bound.
  std::mt19937_64 bits(11);
  DurationTally tally;
  std::vector<SimTime> values;
  for (int i = 0; i < 200'000; ++i) {
    values.push_back(2 * kSecond + static_cast<SimTime>(bits() % (18 * kSecond)));
    tally.Add(values.back());
  }
  ExpectWithinBound(tally, values);
  // All equal: every percentile is the value itself (kept within [min, max]).
  DurationTally same;
  std::vector<SimTime> repeated(100'000, 9 * kSecond + 123);
  for (const SimTime v : repeated) same.Add(v);
  EXPECT_EQ(same.Summary().median, 9 * kSecond + 123);
  ExpectWithinBound(same, repeated);
}

TEST(DurationTallyTest, BinsTileTheDurationsWithWidthAtMostATwoThousandthOfTheirStart) {
  EXPECT_EQ(DurationTally::BinOf(0), 0U);
  EXPECT_EQ(DurationTally::BinOf(2047), 2047U);
  EXPECT_EQ(DurationTally::BinOf(INT64_MAX), DurationTally::kBins - 1);
  SimTime next = 0;
  for (std::size_t bin = 0; bin < DurationTally::kBins; ++bin) {
    const SimTime low = DurationTally::BinLow(bin);
    const SimTime width = DurationTally::BinWidth(bin);
    ASSERT_EQ(low, next) << "bin " << bin;
    ASSERT_EQ(DurationTally::BinOf(low), bin);
    ASSERT_EQ(DurationTally::BinOf(low + (width - 1)), bin);
    if (bin >= 2048) {
      ASSERT_LE(width * 1024, low);
    }
    next = bin + 1 < DurationTally::kBins ? low + width : 0;
  }
  EXPECT_EQ(DurationTally::BinLow(DurationTally::kBins - 1) +
                (DurationTally::BinWidth(DurationTally::kBins - 1) - 1),
            INT64_MAX);
}

TEST(DurationTallyTest, ExtremeDurationsKeepAnExactMeanAndMaximum) {
  DurationTally tally;
  std::vector<SimTime> values;
  for (std::size_t i = 0; i <= DurationTally::kExactValues; ++i) {
    values.push_back(i % 2 == 0 ? 0 : INT64_MAX);
    tally.Add(values.back());
  }
  EXPECT_FALSE(tally.exact());
  const Distribution got = tally.Summary();
  EXPECT_EQ(got.max, INT64_MAX);
  EXPECT_EQ(got.p10, 0);
  // The sum, 2^15 (2^63 - 1), does not fit 64 bits; the mean is still the
  // exact quotient by 2^16 + 1, rounded: 4611615650756935679 + 49153 / 65537.
  EXPECT_EQ(got.mean, 4611615650756935680);
}

}  // namespace
}  // namespace chainsim::sim
