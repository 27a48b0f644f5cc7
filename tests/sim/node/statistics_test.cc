// The simulator's models against theory. Each test states its tolerance in
// standard errors of the estimate; seeds are fixed, so results are exact
// repeats, and the sample sizes make the tolerances meaningful.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "sim/node/simulation.h"
#include "sim_test_util.h"

namespace chainsim::sim {
namespace {

using testing::ExpectEveryChainValid;
using testing::FromYaml;

std::vector<double> InterBlockSeconds(const Simulation& sim) {
  std::vector<double> gaps;
  for (BlockId id = 2; id < sim.tree().size(); ++id) {
    gaps.push_back(ToSeconds(sim.tree()[id].mined_at - sim.tree()[id - 1].mined_at));
  }
  return gaps;
}

TEST(MiningStatisticsTest, InterBlockTimesAreExponentialWithTheConfiguredMean) {
  // One miner, so every block extends the last: gaps are the mining delays.
  Simulation sim(FromYaml(R"(
nodes: 1
duration: 9h
chain: {difficulty: 1}
mining: {block_interval: 10s}
)"));
  sim.Run();
  const std::vector<double> gaps = InterBlockSeconds(sim);
  const double n = static_cast<double>(gaps.size());
  ASSERT_GT(n, 3000);
  double sum = 0, sum_sq = 0, above_mean = 0;
  for (const double g : gaps) {
    sum += g;
    sum_sq += g * g;
    above_mean += g > 10.0 ? 1 : 0;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum_sq / n - mean * mean);
  // Exponential(10 s): mean 10 s, sd 10 s; the mean's standard error is 10/sqrt(n).
  EXPECT_NEAR(mean, 10.0, 4 * 10.0 / std::sqrt(n));
  // The sample sd of an exponential has standard error ~ sd * sqrt(2/n)... use 4x that.
  EXPECT_NEAR(sd / mean, 1.0, 4 * std::sqrt(2.0 / n));
  // P(gap > mean) = 1/e, binomial standard error.
  const double p = 1.0 / std::exp(1.0);
  EXPECT_NEAR(above_mean / n, p, 4 * std::sqrt(p * (1 - p) / n));
}

TEST(MiningStatisticsTest, HashRateAndDifficultySetTheBlockInterval) {
  // 16^2 = 256 hashes per block at 64 hashes/s: a 4 s interval, split among
  // 4 equal miners, each getting a quarter of the blocks.
  Simulation sim(FromYaml(R"(
nodes: 4
duration: 4h
chain: {difficulty: 2}
mining: {hash_rate: 64/s}
network: {topology: full-mesh, latency: 1us}
protocol: {kind: push}
)"));
  sim.Run();
  const double blocks = static_cast<double>(sim.tree().size() - 1);
  const double expected = 4 * 3600 / 4.0;  // 3600 blocks
  EXPECT_NEAR(blocks, expected, 4 * std::sqrt(expected));
  std::vector<double> per_miner(4, 0);
  for (BlockId id = 1; id < sim.tree().size(); ++id) per_miner[sim.tree()[id].miner] += 1;
  for (const double count : per_miner) {
    EXPECT_NEAR(count / blocks, 0.25, 4 * std::sqrt(0.25 * 0.75 / blocks));
  }
  ExpectEveryChainValid(sim);
}

// In a full mesh of n equal miners where a block reaches every other node a
// fixed delay d after it is mined, a block meets a competitor with
// probability 1 - exp(-(1 - 1/n) d / T). The push relay needs three one-way
// trips (inv, getdata, block), so a constant latency of d/3 gives delay d.
TEST(StaleRateTest, FullMeshStaleRateMatchesTheAnalyticValue) {
  struct Case {
    int nodes;
    double block_interval_s;
    double delay_s;
  };
  for (const Case c : {Case{10, 10.0, 1.0}, Case{4, 10.0, 0.6}}) {
    const double latency_ms = c.delay_s * 1000.0 / 3.0;
    Simulation sim(FromYaml("nodes: " + std::to_string(c.nodes) +
                            "\nduration: 14h\nchain: {difficulty: 1}\n"
                            "mining: {block_interval: " +
                            std::to_string(c.block_interval_s) +
                            "s}\nnetwork: {topology: full-mesh, latency: " +
                            std::to_string(latency_ms) + "ms}\nprotocol: {kind: push}\n"));
    sim.Run();
    const RunSummary summary = sim.Summarize();
    const double mined = static_cast<double>(summary.blocks_mined);
    ASSERT_GT(mined, 4000);
    const double expected = 1 - std::exp(-(1 - 1.0 / c.nodes) * c.delay_s / c.block_interval_s);
    const double standard_error = std::sqrt(expected * (1 - expected) / mined);
    EXPECT_NEAR(summary.stale_rate, expected, 4 * standard_error)
        << c.nodes << " nodes, d = " << c.delay_s << " s";
    ExpectEveryChainValid(sim);
  }
}

}  // namespace
}  // namespace chainsim::sim
