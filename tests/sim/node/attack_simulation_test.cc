// Whole runs with an adversary: what the attack does to the run, and the
// figures the summary and run.json carry.
#include <gtest/gtest.h>

#include <string>

#include "sim/node/simulation.h"
#include "sim/report/attack_report.h"
#include "sim_test_util.h"

namespace chainsim::sim {
namespace {

using testing::ExpectEveryChainValid;
using testing::FromYaml;

// Eight nodes in a full mesh; node 0 (share `alpha`) mines selfishly.
std::string SelfishScenario(const std::string& protocol, double alpha, const std::string& gamma,
                            const std::string& duration = "4h") {
  const double honest = (1.0 - alpha) / 7.0;
  std::string shares = std::to_string(alpha);
  for (int i = 1; i < 8; ++i) shares += ", " + std::to_string(honest);
  return "nodes: 8\nduration: " + duration +
         "\nseed: 5\nchain: {difficulty: 2}\n"
         "mining: {block_interval: 10s, hash_shares: [" +
         shares +
         "]}\n"
         "network: {topology: full-mesh, latency: 50ms}\n"
         "protocol: {kind: " +
         protocol + "}\ntimeline:\n  - {at: 0s, selfish_mine: {node: 0" + gamma + "}}\n";
}

TEST(AttackSimulationTest, ASelfishPoolAboveTheThresholdEarnsMoreThanItsShare) {
  // Eyal & Sirer: alpha 0.35, gamma 1 gives a revenue share of 0.466.
  for (const char* protocol : {"push", "pull"}) {
    Simulation sim(FromYaml(SelfishScenario(protocol, 0.35, ", gamma: 1", "3h")));
    sim.Run();
    const RunSummary summary = sim.Summarize();
    ASSERT_TRUE(summary.attacks.selfish_mining.has_value()) << protocol;
    const SelfishMiningFigures& f = *summary.attacks.selfish_mining;
    EXPECT_NEAR(f.hash_share, 0.35, 1e-6);
    ASSERT_TRUE(f.revenue_share.has_value());
    EXPECT_GT(*f.revenue_share, 0.42) << protocol;
    EXPECT_GT(f.races, 20u) << protocol;
    // With gamma 1 the honest miners mine on the pool's block once they hold
    // it; only a block found while it travels goes the other way.
    EXPECT_GT(*f.gamma_measured, 0.95) << protocol;
    ExpectEveryChainValid(sim);
  }
}

TEST(AttackSimulationTest, ASelfishPoolBelowTheThresholdEarnsLessThanItsShare) {
  // alpha 0.2, gamma 0: 0.130 by the formula.
  Simulation sim(FromYaml(SelfishScenario("push", 0.2, ", gamma: 0")));
  sim.Run();
  const RunSummary summary = sim.Summarize();
  const SelfishMiningFigures& f = *summary.attacks.selfish_mining;
  EXPECT_LT(*f.revenue_share, 0.17);
  EXPECT_EQ(f.gamma_measured, 0.0);
}

TEST(AttackSimulationTest, WithoutAnExplicitGammaTheNetworkDecidesTies) {
  // In a mesh with equal delays every honest node hears the honest block
  // before the pool's answer to it: first-seen keeps them all on it.
  Simulation sim(FromYaml(SelfishScenario("push", 0.35, "")));
  sim.Run();
  const RunSummary summary = sim.Summarize();
  const SelfishMiningFigures& f = *summary.attacks.selfish_mining;
  EXPECT_EQ(f.gamma_measured, 0.0);
  EXPECT_EQ(f.races_won + f.races_decided_by_honest, f.races);
}

TEST(AttackSimulationTest, RunJsonCarriesTheAttackFigures) {
  Simulation sim(FromYaml(SelfishScenario("push", 0.35, ", gamma: 0.5")));
  sim.Run(30 * kMinute);
  const Json json = AttacksToJson(sim.Summarize().attacks);
  const Json& f = json["selfish_mining"];
  EXPECT_EQ(f["node"], 0);
  EXPECT_TRUE(f["revenue_share"].is_number());
  EXPECT_EQ(f["pool_main_chain_blocks"].get<double>() / f["main_chain_blocks"].get<double>(),
            f["revenue_share"].get<double>());
}

// Eight nodes in a full mesh; node 0 (share q) pays at 1 min and races.
std::string DoubleSpendScenario(double q, int confirmations, int premine, std::uint64_t seed) {
  const double honest = (1.0 - q) / 7.0;
  std::string shares = std::to_string(q);
  for (int i = 1; i < 8; ++i) shares += ", " + std::to_string(honest);
  return "nodes: 8\nduration: 30min\nseed: " + std::to_string(seed) +
         "\nchain: {difficulty: 2}\nmining: {block_interval: 10s, hash_shares: [" + shares +
         "]}\nnetwork: {topology: full-mesh, latency: 50ms}\nprotocol: {kind: push}\n"
         "timeline:\n  - {at: 1min, double_spend: {node: 0, confirmations: " +
         std::to_string(confirmations) + ", give_up: 6, premine: " + std::to_string(premine) +
         "}}\n";
}

TEST(AttackSimulationTest, DoubleSpendsSucceedOftenWithMuchPowerAndNeverWithLittle) {
  int strong = 0;
  int weak = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    for (const bool is_strong : {true, false}) {
      Simulation sim(FromYaml(is_strong ? DoubleSpendScenario(0.45, 1, 1, seed)
                                        : DoubleSpendScenario(0.05, 4, 0, seed)));
      sim.Run();
      const RunSummary summary = sim.Summarize();
      ASSERT_TRUE(summary.attacks.double_spend.has_value());
      const DoubleSpendFigures& f = *summary.attacks.double_spend;
      // Half an hour decides every attempt.
      EXPECT_TRUE(f.succeeded != f.gave_up) << seed;
      if (f.succeeded) {
        ASSERT_TRUE(f.accepted.has_value());
        EXPECT_GT(*f.attacker_branch, *f.reorg_depth);
        EXPECT_GE(*f.reorg_depth, 1u);
        EXPECT_EQ(f.payment_block_on_main_chain, false) << seed;
      }
      (is_strong ? strong : weak) += f.succeeded ? 1 : 0;
      ExpectEveryChainValid(sim);
    }
  }
  // Rosenfeld (pre-mining one block, z = 1): 2q = 0.9 without giving up;
  // giving up 6 behind costs at most (q/p)^7 = 0.25 of it.
  EXPECT_GE(strong, 5);
  // q = 0.05, z = 4: about 1e-4.
  EXPECT_EQ(weak, 0);
}

TEST(AttackSimulationTest, AWithholderSlowsTheMainChainByItsShare) {
  // w = 0.5 of the power shows nothing: one main-chain block per T / (1 - w)
  // = 20 s instead of 10 s (about 720 blocks in 4 h: +- 4 %).
  Simulation sim(
      FromYaml("nodes: 4\nduration: 4h\nseed: 2\nchain: {difficulty: 2}\n"
               "mining: {block_interval: 10s, hash_shares: [3, 1, 1, 1]}\n"
               "network: {topology: full-mesh, latency: 50ms}\nprotocol: {kind: push}\n"
               "timeline:\n  - {at: 0s, withhold: {node: 0}}\n"));
  sim.Run();
  const RunSummary summary = sim.Summarize();
  const WithholdingFigures& f = *summary.attacks.withholding;
  EXPECT_NEAR(f.hash_share, 0.5, 1e-9);
  EXPECT_GT(f.withheld_blocks, 500u);
  EXPECT_NEAR(ToSeconds(*f.main_chain_interval), 20.0, 2.0);
  EXPECT_FALSE(f.released.has_value());
  for (BlockId id = summary.main_tip; id != 0; id = sim.tree()[id].parent) {
    EXPECT_NE(sim.tree()[id].miner, 0u);
  }
}

// Ten nodes in a ring of degree 4; node 9 (share `victim_share` of 10)
// crashes at 1 min and restarts at 2 min into the hands of attackers 7 and
// 8 (no hash power: they serve the chain of the attack's start), for 30 min.
std::string EclipseScenario(const std::string& protocol) {
  return "nodes: 10\nduration: 1h\nseed: 3\nchain: {difficulty: 2}\n"
         "mining: {block_interval: 30s, hash_shares: [1, 1, 1, 1, 1, 1, 1, 0, 0, 1]}\n"
         "network: {topology: {kind: random-regular, degree: 4}, latency: 50ms}\n"
         "protocol: {kind: " +
         protocol +
         "}\n"
         "timeline:\n  - {at: 1min, crash: [9]}\n"
         "  - {at: 1min, eclipse: {victim: 9, attackers: [7, 8], duration: 30min}}\n"
         "  - {at: 2min, restart: [9]}\n";
}

TEST(AttackSimulationTest, AnEclipsedVictimMinesInVainUntilTheAttackEndsThenRejoins) {
  for (const char* protocol : {"push", "pull"}) {
    Simulation sim(FromYaml(EclipseScenario(protocol)));
    sim.Run();
    const RunSummary summary = sim.Summarize();
    ASSERT_TRUE(summary.attacks.eclipse.has_value()) << protocol;
    const EclipseFigures& f = *summary.attacks.eclipse;
    EXPECT_EQ(f.victim, 9u);
    EXPECT_EQ(f.attackers, 2u);
    EXPECT_NEAR(f.victim_hash_share, 0.125, 1e-9);
    EXPECT_EQ(f.started, 2 * kMinute);
    EXPECT_EQ(f.ended, 32 * kMinute);
    ASSERT_TRUE(f.rejoined.has_value()) << protocol;
    EXPECT_LT(*f.rejoined - *f.ended, 1 * kMinute) << protocol;
    // Its blocks during the attack all sit on the island's branch: in vain,
    // and the reorganisation at the rejoin discards them.
    EXPECT_GT(f.mined_in_vain, 0u) << protocol;
    EXPECT_EQ(f.mined_in_vain, f.victim_blocks_mined) << protocol;
    EXPECT_EQ(f.mined_in_vain_hashes.size(), f.mined_in_vain);
    EXPECT_EQ(*f.rejoin_reorg_depth, f.mined_in_vain) << protocol;
    EXPECT_GT(f.fooled, 25 * kMinute) << protocol;
    EXPECT_LE(f.fooled, f.eclipsed);
    EXPECT_EQ(sim.Tip(9), summary.main_tip) << protocol;  // back on the honest chain
    ExpectEveryChainValid(sim);
  }
}

TEST(AttackSimulationTest, AJoiningNodeIsEclipsedFromItsJoinUntilItsRestart) {
  // Node 8 joins at 2 min into the hands of attackers 6 and 7 and mines
  // there; without a duration the attack lasts until its restart at 20 min.
  Simulation sim(
      FromYaml("nodes: 8\nduration: 40min\nseed: 4\nchain: {difficulty: 2}\n"
               "mining: {block_interval: 30s}\n"
               "network: {topology: full-mesh, latency: 50ms}\nprotocol: {kind: push}\n"
               "timeline:\n  - {at: 0s, eclipse: {victim: 8, attackers: [6, 7]}}\n"
               "  - {at: 2min, join: {count: 1, peers: 3}}\n"
               "  - {at: 2min, hash_share: {nodes: [8], share: 1}}\n"
               "  - {at: 19min, crash: [8]}\n  - {at: 20min, restart: [8]}\n"));
  sim.Run();
  const RunSummary summary = sim.Summarize();
  ASSERT_TRUE(summary.attacks.eclipse.has_value());
  const EclipseFigures& f = *summary.attacks.eclipse;
  EXPECT_EQ(f.started, 2 * kMinute);
  EXPECT_EQ(f.ended, 20 * kMinute);
  ASSERT_TRUE(f.rejoined.has_value());
  EXPECT_GT(f.mined_in_vain, 0u);
  EXPECT_EQ(f.mined_in_vain, f.victim_blocks_mined);
  EXPECT_EQ(sim.Tip(8), summary.main_tip);
  ExpectEveryChainValid(sim);
}

TEST(AttackSimulationTest, ARunWithoutAnAttackReportsNone) {
  Simulation sim(FromYaml("nodes: 3\nduration: 5min\nchain: {difficulty: 2}\n"));
  sim.Run();
  EXPECT_FALSE(HasAttacks(sim.Summarize().attacks));
}

}  // namespace
}  // namespace chainsim::sim
