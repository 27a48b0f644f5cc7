// Statistics of sweep points, against values computed independently: closed
// forms, textbook t tables, and tests/sim/sweep/statistics_reference.py
// (numerical integration of the t density; Python's statistics module).
#include "sim/sweep/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace chainsim::sim {
namespace {

TEST(StudentTTest, QuantileMatchesTheClosedFormsForOneAndTwoDegrees) {
  // df 1 is the Cauchy law: t = tan(pi (p - 1/2)); df 2: t = (2p-1)/sqrt(2p(1-p)).
  EXPECT_DOUBLE_EQ(StudentTQuantile(0.975, 1), std::tan(0.475 * std::numbers::pi));
  EXPECT_NEAR(StudentTQuantile(0.975, 1), 12.706204736, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 0.95 / std::sqrt(2 * 0.975 * 0.025), 1e-14);
  EXPECT_NEAR(StudentTQuantile(0.975, 2), 4.302652730, 1e-8);
}

TEST(StudentTTest, QuantileMatchesIndependentNumericalIntegration) {
  // /usr/bin/python3 tests/sim/sweep/statistics_reference.py (Simpson
  // integration of the t density, 20,000 steps, bisection).
  EXPECT_NEAR(StudentTQuantile(0.975, 3), 3.182446305284, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 5), 2.570581835636, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 6), 2.446911851145, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 9), 2.262157162798, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 19), 2.093024054408, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 29), 2.045229642133, 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.975, 99), 1.984216951586, 1e-9);
}

TEST(StudentTTest, QuantileMatchesTheTextbookTableToItsThreeDecimals) {
  // Two-sided 95 % column of the usual t table.
  const std::vector<std::pair<std::int64_t, double>> table = {
      {4, 2.776},  {6, 2.447},  {7, 2.365},  {8, 2.306},  {10, 2.228}, {12, 2.179},
      {15, 2.131}, {20, 2.086}, {24, 2.064}, {40, 2.021}, {60, 2.000}, {120, 1.980}};
  for (const auto& [df, t] : table) EXPECT_NEAR(StudentTQuantile(0.975, df), t, 5e-4) << df;
}

TEST(StudentTTest, QuantileApproachesTheNormalQuantileForManyDegrees) {
  // statistics.NormalDist().inv_cdf(0.975) = 1.959963984540054; t(0.975, 10^5)
  // exceeds it by about z(z^2+1)/(4 df) = 2.4e-5.
  const double normal = 1.959963984540054;
  const double t = StudentTQuantile(0.975, 100'000);
  EXPECT_GT(t, normal);
  EXPECT_NEAR(t - normal, normal * (normal * normal + 1) / (4 * 100'000.0), 1e-7);
}

TEST(StudentTTest, CdfIsSymmetricAndAHalfAtZero) {
  for (const std::int64_t df :
       {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, std::int64_t{8}, std::int64_t{31}}) {
    EXPECT_DOUBLE_EQ(StudentTCdf(0.0, df), 0.5) << df;
    EXPECT_NEAR(StudentTCdf(1.3, df) + StudentTCdf(-1.3, df), 1.0, 1e-15) << df;
    EXPECT_LT(StudentTCdf(1.0, df), StudentTCdf(1.1, df)) << df;
  }
  // df 1: P(T <= 1) = 1/2 + atan(1)/pi = 3/4.
  EXPECT_NEAR(StudentTCdf(1.0, 1), 0.75, 1e-15);
}

TEST(SummarizeSampleTest, MatchesPythonsStatisticsModule) {
  // statistics.mean / statistics.stdev of the same list (statistics_reference.py).
  const std::vector<double> sample = {0.017, 0.021, 0.0, 0.034, 0.012, 0.019, 0.025};
  const SampleSummary s = SummarizeSample(sample, StudentTQuantile(0.975, 6));
  EXPECT_EQ(s.n, 7);
  EXPECT_NEAR(*s.mean, 0.018285714285714287, 1e-17);
  EXPECT_NEAR(*s.sd, 0.010609968358644082, 1e-17);
  // t(0.975, 6) = 2.446911851145 (statistics_reference.py).
  const double half = 2.446911851145 * 0.010609968358644082 / std::sqrt(7.0);
  EXPECT_NEAR(*s.low, 0.018285714285714287 - half, 1e-9);
  EXPECT_NEAR(*s.high, 0.018285714285714287 + half, 1e-9);
}

TEST(SummarizeSampleTest, TwoValuesGiveTheCauchyWideInterval) {
  // 3 and 5: mean 4, sd sqrt(2), half width t(0.975, 1) * sqrt(2) / sqrt(2).
  const std::vector<double> sample = {3, 5};
  const SampleSummary s = SummarizeSample(sample, StudentTQuantile(0.975, 1));
  EXPECT_EQ(*s.mean, 4.0);
  EXPECT_DOUBLE_EQ(*s.sd, std::sqrt(2.0));
  EXPECT_NEAR(*s.low, 4.0 - 12.706204736174707, 1e-12);
  EXPECT_NEAR(*s.high, 4.0 + 12.706204736174707, 1e-12);
}

TEST(SummarizeSampleTest, OneValueHasAMeanButNoSpreadAndNoneHasNothing) {
  const std::vector<double> one = {0.25};
  const SampleSummary s = SummarizeSample(one, 0.0);
  EXPECT_EQ(s.n, 1);
  EXPECT_EQ(*s.mean, 0.25);
  EXPECT_FALSE(s.sd.has_value());
  EXPECT_FALSE(s.low.has_value());
  EXPECT_FALSE(s.high.has_value());
  const SampleSummary none = SummarizeSample({}, 0.0);
  EXPECT_EQ(none.n, 0);
  EXPECT_FALSE(none.mean.has_value());
}

TEST(SummarizeSampleTest, EqualValuesGiveAZeroWidthInterval) {
  const std::vector<double> same = {2.5, 2.5, 2.5, 2.5};
  const SampleSummary s = SummarizeSample(same, StudentTQuantile(0.975, 3));
  EXPECT_EQ(*s.sd, 0.0);
  EXPECT_EQ(*s.low, 2.5);
  EXPECT_EQ(*s.high, 2.5);
}

}  // namespace
}  // namespace chainsim::sim
