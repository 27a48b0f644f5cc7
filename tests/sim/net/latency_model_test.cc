#include "sim/net/latency_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "sim/scenario/region_table.h"

namespace chainsim::sim {
namespace {

struct Moments {
  double mean_ms = 0.0;
  double variance_ms2 = 0.0;
  double min_ms = 0.0;
  double max_ms = 0.0;
};

Moments Measure(const LatencyModel& model, int samples, std::uint64_t seed, NodeIndex from = 0,
                NodeIndex to = 1) {
  Random rng(seed);
  double sum = 0.0;
  double sum_sq = 0.0;
  Moments m;
  m.min_ms = 1e300;
  m.max_ms = -1e300;
  for (int i = 0; i < samples; ++i) {
    const double x = static_cast<double>(model.Sample(from, to, rng)) / kMillisecond;
    sum += x;
    sum_sq += x * x;
    m.min_ms = std::min(m.min_ms, x);
    m.max_ms = std::max(m.max_ms, x);
  }
  m.mean_ms = sum / samples;
  m.variance_ms2 = sum_sq / samples - m.mean_ms * m.mean_ms;
  return m;
}

constexpr int kSamples = 100'000;

TEST(LatencyModelTest, ConstantIsAlwaysTheMean) {
  LatencyConfig config;
  config.law = LatencyLaw::kConstant;
  config.mean = 42 * kMillisecond;
  const LatencyModel model(config);
  Random rng(1);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(model.Sample(0, 1, rng), 42 * kMillisecond);
}

TEST(LatencyModelTest, DrawsAreRoundedToTheNearestNanosecondAsLlroundDoes) {
  // A few nanoseconds wide, so that most draws have a fraction to round.
  LatencyConfig config;
  config.law = LatencyLaw::kUniform;
  config.min = 0;
  config.max = 4;
  const LatencyModel model(config);
  Random drawn(9);
  Random raw(9);
  for (int i = 0; i < 100'000; ++i) {
    const double ns = raw.Uniform(0.0, 4.0);
    ASSERT_EQ(model.Sample(0, 1, drawn), ns > 0.0 ? std::llround(ns) : 0) << ns;
  }
}

TEST(LatencyModelTest, UniformMatchesTheoryWithinFiveStandardErrors) {
  LatencyConfig config;
  config.law = LatencyLaw::kUniform;
  config.min = 10 * kMillisecond;
  config.max = 30 * kMillisecond;
  const Moments m = Measure(LatencyModel(config), kSamples, 2);
  // Mean 20 ms, variance 20^2/12 = 33.3 ms^2; standard error of the mean 0.018 ms.
  EXPECT_NEAR(m.mean_ms, 20.0, 0.1);
  EXPECT_NEAR(m.variance_ms2, 400.0 / 12.0, 0.02 * 400.0 / 12.0);
  EXPECT_GE(m.min_ms, 10.0);
  EXPECT_LT(m.max_ms, 30.0);
}

TEST(LatencyModelTest, NormalMatchesTheoryWhenTruncationIsNegligible) {
  LatencyConfig config;
  config.law = LatencyLaw::kNormal;
  config.mean = 100 * kMillisecond;
  config.stddev = 20 * kMillisecond;
  const Moments m = Measure(LatencyModel(config), kSamples, 3);
  // Standard error of the mean 0.063 ms; of the variance about 0.45 %.
  EXPECT_NEAR(m.mean_ms, 100.0, 0.3);
  EXPECT_NEAR(m.variance_ms2, 400.0, 0.03 * 400.0);
}

TEST(LatencyModelTest, NormalIsTruncatedAtZeroByResampling) {
  LatencyConfig config;
  config.law = LatencyLaw::kNormal;
  config.mean = 0;
  config.stddev = 10 * kMillisecond;
  const Moments m = Measure(LatencyModel(config), kSamples, 4);
  // Resampling gives the half-normal: mean sd * sqrt(2 / pi) = 7.979 ms,
  // standard error 0.019 ms. Clamping would give half of that.
  EXPECT_GE(m.min_ms, 0.0);
  EXPECT_NEAR(m.mean_ms, 10.0 * std::sqrt(2.0 / std::numbers::pi), 0.1);
}

TEST(LatencyModelTest, ExponentialMatchesTheory) {
  LatencyConfig config;
  config.law = LatencyLaw::kExponential;
  config.mean = 50 * kMillisecond;
  const Moments m = Measure(LatencyModel(config), kSamples, 5);
  // Standard error of the mean 0.16 ms; of the variance sqrt(8 / n) = 0.9 %.
  EXPECT_NEAR(m.mean_ms, 50.0, 0.8);
  EXPECT_NEAR(m.variance_ms2, 2500.0, 0.05 * 2500.0);
  EXPECT_GE(m.min_ms, 0.0);
}

TEST(LatencyModelTest, ParetoMeanRegionsRuleMatchesTheory) {
  LatencyConfig config;
  config.law = LatencyLaw::kParetoMean;
  config.mean = 100 * kMillisecond;
  config.shape = 0.0;  // regions rule: scale 95 ms, shape 20
  const Moments m = Measure(LatencyModel(config), kSamples, 6);
  // Variance scale^2 shape / ((shape-1)^2 (shape-2)) = 27.78 ms^2 (finite
  // fourth moment: shape > 4); standard error of the mean 0.017 ms.
  EXPECT_NEAR(m.mean_ms, 100.0, 0.1);
  EXPECT_NEAR(m.variance_ms2, 95.0 * 95.0 * 20.0 / (19.0 * 19.0 * 18.0), 0.1 * 27.78);
  EXPECT_GE(m.min_ms, 95.0);
}

TEST(LatencyModelTest, ParetoMeanWithGivenShapeHasTheMean) {
  LatencyConfig config;
  config.law = LatencyLaw::kParetoMean;
  config.mean = 60 * kMillisecond;
  config.shape = 3.0;  // scale 40 ms; variance 1200 ms^2 (finite), sd 34.6 ms
  const Moments m = Measure(LatencyModel(config), 2 * kSamples, 7);
  // Standard error of the mean 0.077 ms; heavy tail (no fourth moment): 1 ms.
  EXPECT_NEAR(m.mean_ms, 60.0, 1.0);
  EXPECT_GE(m.min_ms, 40.0);
}

TEST(LatencyModelTest, RegionsRuleGivesTheTableMean) {
  double scale = 0;
  double shape = 0;
  LatencyModel::RegionsRule(119.0 * kMillisecond, &scale, &shape);
  EXPECT_DOUBLE_EQ(scale, 114.0 * kMillisecond);
  EXPECT_DOUBLE_EQ(shape, 23.8);
  EXPECT_NEAR(shape * scale / (shape - 1.0), 119.0 * kMillisecond, 1e-3);
}

TEST(LatencyModelTest, RegionModelUsesThePairsTableMean) {
  const RegionTable table = LoadRegionTable("bitcoin-2015");
  const std::vector<int> region = {0, 1, 4};  // north_america, europe, japan
  const LatencyModel model(table, &region);
  // north_america -> europe: shape 23.8, scale 114 ms, sd 5.0 ms; se 0.022 ms.
  const Moments na_eu = Measure(model, 50'000, 8, 0, 1);
  EXPECT_NEAR(na_eu.mean_ms, 119.0, 0.15);
  EXPECT_GE(na_eu.min_ms, 114.0);
  // japan -> north_america: 154 ms.
  const Moments jp_na = Measure(model, 50'000, 9, 2, 0);
  EXPECT_NEAR(jp_na.mean_ms, 154.0, 0.15);
}

// Configs the scenario loader refuses break the constructor's REQUIRES.
TEST(LatencyModelDeathTest, RequiresAValidConfig) {
  LatencyConfig config;
  config.law = LatencyLaw::kUniform;
  config.min = 30 * kMillisecond;
  config.max = 10 * kMillisecond;
  EXPECT_DEATH(LatencyModel{config}, "check failed");

  config = {};
  config.law = LatencyLaw::kConstant;
  config.mean = -1;
  EXPECT_DEATH(LatencyModel{config}, "check failed");

  config = {};
  config.law = LatencyLaw::kNormal;
  config.stddev = -kMillisecond;
  EXPECT_DEATH(LatencyModel{config}, "check failed");

  config = {};
  config.law = LatencyLaw::kParetoMean;
  config.shape = 0.5;
  EXPECT_DEATH(LatencyModel{config}, "check failed");

  config = {};
  config.law = LatencyLaw::kParetoMean;
  config.mean = 5 * kMillisecond;
  EXPECT_DEATH(LatencyModel{config}, "check failed");
}

TEST(LatencyModelTest, SameSeedSameDraws) {
  LatencyConfig config;
  config.law = LatencyLaw::kExponential;
  const LatencyModel model(config);
  Random a(10);
  Random b(10);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(model.Sample(0, 1, a), model.Sample(0, 1, b));
}

// LatencySampler must return, draw for draw, what the model returns on the
// same stream: it only changes when the logarithms are computed.
void ExpectSamplerMatchesModel(const LatencyModel& model, NodeIndex nodes, std::uint64_t seed) {
  LatencySampler sampler(&model, Random(seed));
  Random rng(seed);
  // More draws than one batch, pairs changing on every draw.
  for (int i = 0; i < 1000; ++i) {
    const auto from = static_cast<NodeIndex>(i) % nodes;
    const auto to = static_cast<NodeIndex>(i * 7 + 1) % nodes;
    ASSERT_EQ(sampler.Sample(from, to), model.Sample(from, to, rng)) << "draw " << i;
  }
}

// The same with SampleEach: batches of every size around the sampler's
// chunk of 64 (and empty ones), single draws in between, the batch's
// receivers in different regions.
void ExpectSampleEachMatchesModel(const LatencyModel& model, NodeIndex nodes, std::uint64_t seed) {
  LatencySampler sampler(&model, Random(seed));
  Random rng(seed);
  int draw = 0;
  for (const int size_value : {0, 1, 2, 7, 63, 64, 65, 129, 200, 5}) {
    const auto size = static_cast<std::size_t>(size_value);
    const auto from = static_cast<NodeIndex>(size) % nodes;
    std::vector<NodeIndex> to;
    for (std::size_t i = 0; i < size; ++i) to.push_back(static_cast<NodeIndex>(i * 7 + 1) % nodes);
    std::vector<SimTime> out(size, -1);
    sampler.SampleEach(from, to, out);
    for (std::size_t i = 0; i < size; ++i) {
      ASSERT_EQ(out[i], model.Sample(from, to[i], rng)) << "draw " << draw++;
    }
    ASSERT_EQ(sampler.Sample(from, 0), model.Sample(from, 0, rng)) << "draw " << draw++;
  }
}

TEST(LatencySamplerTest, DrawsExactlyWhatTheModelDrawsForEveryLaw) {
  for (LatencyLaw law : {LatencyLaw::kConstant, LatencyLaw::kUniform, LatencyLaw::kNormal,
                         LatencyLaw::kExponential, LatencyLaw::kParetoMean}) {
    LatencyConfig config;
    config.law = law;
    config.mean = 80 * kMillisecond;
    config.min = 10 * kMillisecond;
    config.max = 150 * kMillisecond;
    config.stddev = 30 * kMillisecond;
    SCOPED_TRACE(static_cast<int>(law));
    ExpectSamplerMatchesModel(LatencyModel(config), 2, 31);
    ExpectSampleEachMatchesModel(LatencyModel(config), 2, 34);
  }
}

TEST(LatencySamplerTest, DrawsExactlyWhatTheModelDrawsInTheRegionModel) {
  const RegionTable table = LoadRegionTable("bitcoin-2015");
  std::vector<int> region;
  region.reserve(50);
  for (int i = 0; i < 50; ++i) region.push_back(i % static_cast<int>(table.regions.size()));
  const LatencyModel model(table, &region);
  ExpectSamplerMatchesModel(model, 50, 32);
  ExpectSamplerMatchesModel(model, 50, 33);
  ExpectSampleEachMatchesModel(model, 50, 35);
}

}  // namespace
}  // namespace chainsim::sim
