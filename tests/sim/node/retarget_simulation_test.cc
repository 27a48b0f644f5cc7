// Difficulty retargeting in the simulator: block times follow hash power back
// to the target, the clamp holds, and every chain passes core's valid_chain
// under the same rules (the interop with `chainsim verify` and the HTTP node
// is in tests/apps/retarget_interop_test.cc).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/proof_target.h"
#include "sim/node/simulation.h"
#include "sim/scenario/scenario_loader.h"
#include "sim_test_util.h"

namespace chainsim::sim {
namespace {

using testing::ExpectEveryChainValid;
using testing::FromYaml;

// Mean seconds between the blocks of `chain` whose timestamps (seconds after
// `start`) lie in [from, to).
double MeanInterval(const Chain& chain, double start, double from, double to) {
  double first = -1, last = -1;
  int intervals = -1;
  for (const BlockPtr& block : chain) {
    const double t = block->timestamp().get<double>() - start;
    if (t < from || t >= to) continue;
    if (first < 0) first = t;
    last = t;
    ++intervals;
  }
  return intervals > 0 ? (last - first) / intervals : 0.0;
}

TEST(RetargetSimulationTest, BlockTimesReturnToTheTargetAfterHashPowerDoubles) {
  // The demo: 30 s blocks, retarget every 20 blocks, power x2 at 2h.
  Simulation sim(
      LoadScenarioFile(std::string(CHAINSIM_SOURCE_DIR) + "/scenarios/demo/retarget.yaml"));
  sim.Run();
  ExpectEveryChainValid(sim);
  const Chain chain = sim.ChainOf(0);
  const double start = sim.scenario().start_timestamp;
  const double before = MeanInterval(chain, start, 3600, 7200);
  const double just_after = MeanInterval(chain, start, 7200, 7200 + 300);
  const double settled = MeanInterval(chain, start, 3 * 3600, 4 * 3600);
  EXPECT_NEAR(before, 30.0, 6.0);
  EXPECT_LT(just_after, 22.0);
  EXPECT_NEAR(settled, 30.0, 6.0);
  // The work per block followed the power: about twice the initial at the end.
  const double work_ratio = NextTarget(chain, sim.scenario().chain).ExpectedHashes() /
                            InitialTarget(sim.scenario().chain).ExpectedHashes();
  EXPECT_GT(work_ratio, 1.4);
  EXPECT_LT(work_ratio, 2.8);
}

TEST(RetargetSimulationTest, ATenfoldJumpInPowerMovesTheTargetByAtMostFourPerPeriod) {
  Simulation sim(FromYaml(R"(
nodes: 2
duration: 30min
chain: {difficulty: 3, retarget: {every: 10, target_interval: 20s}}
mining: {block_interval: 20s}
network: {topology: full-mesh, latency: 50ms}
protocol: {kind: push}
timeline:
  - {at: 5min, hash_share: {nodes: 0-1, share: 10}}
)"));
  sim.Run();
  ExpectEveryChainValid(sim);
  const Chain chain = sim.ChainOf(0);
  const std::vector<ProofTarget> targets = ChainTargets(chain, sim.scenario().chain);
  int clamped = 0;
  for (std::size_t p = 1; p < chain.size(); ++p) {
    if (!StartsPeriod(sim.scenario().chain, p)) continue;
    const double ratio = targets[p].ExpectedHashes() / targets[p - 1].ExpectedHashes();
    EXPECT_LE(ratio, 4.0 + 1e-9) << "position " << p;
    EXPECT_GE(ratio, 0.25 - 1e-9) << "position " << p;
    if (targets[p] == targets[p - 1].Scaled(1, 4)) ++clamped;
  }
  EXPECT_GE(clamped, 1);  // a whole period at 10x power took < 1/4 of its time
}

TEST(RetargetSimulationTest, RaceModeMinesAtTheRetargetedTarget) {
  Simulation sim(FromYaml(R"(
nodes: 3
duration: 10min
chain: {difficulty: 2, retarget: {every: 4, target_interval: 30s}}
mining: {mode: race, hash_rate: 50/s, hash_shares: [1, 2, 1]}
network: {topology: full-mesh, latency: 10ms}
protocol: {kind: pull, resolve_interval: 5s}
)"));
  sim.Run();
  ExpectEveryChainValid(sim);
  EXPECT_GT(sim.ChainOf(0).size(), 10U);
}

}  // namespace
}  // namespace chainsim::sim
