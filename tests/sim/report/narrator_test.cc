#include "sim/report/narrator.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sim/report/run_files.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

std::string NarrateScenario(Scenario scenario, Verbosity verbosity, bool color = false) {
  std::ostringstream out;
  Simulation simulation(std::move(scenario));
  Narrator narrator(simulation, out, NarratorOptions{verbosity, color});
  simulation.set_observer(&narrator);
  simulation.Run();
  narrator.Finish(MakeRunReport(simulation, 0.0));
  return out.str();
}

std::string Narrate(const std::string& demo, Verbosity verbosity, bool color = false) {
  return NarrateScenario(testing::LoadDemo(demo), verbosity, color);
}

std::size_t Lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(NarratorTest, TellsTheForkTheSwitchAndTheAgreement) {
  const std::string text = Narrate("fork.yaml", Verbosity::kNormal);
  EXPECT_NE(text.find("FORK at height"), std::string::npos) << text;
  EXPECT_NE(text.find("switched to the chain ending in"), std::string::npos) << text;
  EXPECT_NE(text.find("fork settled"), std::string::npos) << text;
  EXPECT_NE(text.find("AGREEMENT: all 4 live nodes hold"), std::string::npos) << text;
  EXPECT_NE(text.find("FINAL: all 4 live nodes agree"), std::string::npos) << text;
  EXPECT_NE(text.find("STALE: 1 block is not on the main chain"), std::string::npos) << text;
  EXPECT_EQ(text.find('\033'), std::string::npos) << "no colour unless asked";
}

TEST(NarratorTest, TellsTheForgerAndEachFirstRejection) {
  const std::string quiet = Narrate("tampered-chain.yaml", Verbosity::kQuiet);
  const auto forge = quiet.find("FORGE: node 4 now answers chain requests with a forged chain");
  const auto rejected = quiet.find("REJECTED: node 1 refuses node 4's chain of");
  ASSERT_NE(forge, std::string::npos) << quiet;
  ASSERT_NE(rejected, std::string::npos) << quiet;
  EXPECT_LT(forge, rejected);
  EXPECT_NE(quiet.find("valid_chain fails at block at position"), std::string::npos) << quiet;
  EXPECT_NE(quiet.find("forged chains were turned down by valid_chain"), std::string::npos);
  // Quiet: once per (node, peer); detailed: every rejection.
  const std::string detailed = Narrate("tampered-chain.yaml", Verbosity::kDetailed);
  auto count = [](const std::string& text) {
    std::size_t n = 0;
    for (auto at = text.find("refuses node 4"); at != std::string::npos;
         at = text.find("refuses node 4", at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count(quiet), 4u);
  EXPECT_GT(count(detailed), 20u);
}

TEST(NarratorTest, TellsEachAttackAsItHappens) {
  const std::string selfish = Narrate("selfish-mining.yaml", Verbosity::kNormal);
  EXPECT_NE(selfish.find("SELFISH MINING: node 0 now keeps the blocks it mines private"),
            std::string::npos);
  EXPECT_NE(selfish.find("WITHHELD: node 0 keeps its new block"), std::string::npos);
  EXPECT_NE(selfish.find("RACE: node 0 publishes"), std::string::npos);
  EXPECT_NE(selfish.find("RELEASED: node 0 publishes"), std::string::npos);
  // Quiet keeps the outcomes only: no block-by-block withholding.
  const std::string quiet = Narrate("selfish-mining.yaml", Verbosity::kQuiet);
  EXPECT_EQ(quiet.find("WITHHELD:"), std::string::npos);

  const std::string spend = Narrate("double-spend.yaml", Verbosity::kQuiet);
  const auto payment = spend.find("PAYMENT: node 0 pays the merchant");
  const auto accepted = spend.find("ACCEPTED: the payment in #");
  const auto reversed = spend.find("the payment is reversed");
  ASSERT_NE(payment, std::string::npos) << spend;
  ASSERT_NE(accepted, std::string::npos) << spend;
  ASSERT_NE(reversed, std::string::npos) << spend;
  EXPECT_LT(payment, accepted);
  EXPECT_LT(accepted, reversed);

  const std::string withheld = Narrate("withholding.yaml", Verbosity::kQuiet);
  EXPECT_NE(withheld.find("WITHHOLDING: node 0 now mines a private branch"), std::string::npos);
  EXPECT_NE(withheld.find("RELEASED: node 0 publishes its secret branch of"), std::string::npos);

  const std::string eclipse = Narrate("eclipse.yaml", Verbosity::kNormal);
  const auto armed = eclipse.find("ECLIPSE: nodes 5 and 6 will take every peer slot of node 7");
  const auto held = eclipse.find("ECLIPSED: node 7 now registers only its 2 attackers");
  const auto mined = eclipse.find("on the chain the attackers feed it");
  const auto ends = eclipse.find("ECLIPSE ENDS: node 7 registers its own peers again");
  const auto rejoined = eclipse.find("REJOINED: node 7 switches from");
  ASSERT_NE(armed, std::string::npos) << eclipse;
  ASSERT_NE(held, std::string::npos) << eclipse;
  ASSERT_NE(mined, std::string::npos) << eclipse;
  ASSERT_NE(ends, std::string::npos) << eclipse;
  ASSERT_NE(rejoined, std::string::npos) << eclipse;
  EXPECT_LT(armed, held);
  EXPECT_LT(held, mined);
  EXPECT_LT(mined, ends);
  EXPECT_LT(ends, rejoined);
}

TEST(NarratorTest, TellsPartitionHealAndConvergence) {
  const std::string text = Narrate("partition-heal.yaml", Verbosity::kQuiet);
  const auto partition = text.find("PARTITION: east = nodes 4-7 | west = nodes 0-3");
  const auto heal = text.find("HEAL:");
  const auto agreed = text.find("since the heal");
  ASSERT_NE(partition, std::string::npos) << text;
  ASSERT_NE(heal, std::string::npos) << text;
  ASSERT_NE(agreed, std::string::npos) << text;
  EXPECT_LT(partition, heal);
  EXPECT_LT(heal, agreed);
}

TEST(NarratorTest, VerbosityChangesHowMuchIsTold) {
  const std::string quiet = Narrate("partition-heal.yaml", Verbosity::kQuiet);
  const std::string normal = Narrate("partition-heal.yaml", Verbosity::kNormal);
  const std::string detailed = Narrate("partition-heal.yaml", Verbosity::kDetailed);
  EXPECT_LT(Lines(quiet), Lines(normal));
  EXPECT_LT(Lines(normal), Lines(detailed));
  // Detailed: one line per node switch, with its cause.
  std::size_t switches = 0;
  for (std::size_t at = 0;
       (at = detailed.find("switched chains by resolve", at)) != std::string::npos; ++at) {
    ++switches;
  }
  Simulation simulation(testing::LoadDemo("partition-heal.yaml"));
  simulation.Run();
  EXPECT_EQ(switches, simulation.metrics().reorgs().size());
}

TEST(NarratorTest, ColoursOnlyWhenAsked) {
  const std::string text = Narrate("fork.yaml", Verbosity::kQuiet, /*color=*/true);
  EXPECT_NE(text.find("\033[1;33mFORK"), std::string::npos) << text;
  EXPECT_NE(text.find("\033[0m"), std::string::npos);
}

TEST(NarratorTest, TellsLostTransactions) {
  const std::string text = Narrate("lost-transactions.yaml", Verbosity::kQuiet);
  EXPECT_NE(text.find("LOST: "), std::string::npos) << text;
  EXPECT_NE(text.find("\"sender\""), std::string::npos) << "lists examples";
}

TEST(NarratorTest, TellsJoins) {
  const std::string text = Narrate("late-join.yaml", Verbosity::kQuiet);
  EXPECT_NE(text.find("JOIN: 2 new nodes join"), std::string::npos) << text;
  EXPECT_NE(text.find("newcomers caught up"), std::string::npos) << text;
  EXPECT_NE(text.find("FINAL: all 6 live nodes agree"), std::string::npos) << text;
}

std::string NarrateYaml(const std::string& yaml) {
  return NarrateScenario(ParseScenario(yaml, "story.yaml"), Verbosity::kQuiet);
}

// The line of `text` that contains `what` ("" if none).
std::string LineWith(const std::string& text, const std::string& what) {
  const std::size_t at = text.find(what);
  if (at == std::string::npos) return "";
  const std::size_t begin = text.rfind('\n', at) + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(NarratorTest, AForkAcrossAPartitionWaitsForTheHealNotForALongerBranch) {
  const std::string text = Narrate("partition-heal.yaml", Verbosity::kQuiet);
  const std::string fork = LineWith(text, "FORK at height 6");
  ASSERT_FALSE(fork.empty()) << text;
  EXPECT_NE(fork.find("cannot see each other's blocks"), std::string::npos) << fork;
  EXPECT_NE(fork.find("until the partition heals"), std::string::npos) << fork;
  EXPECT_EQ(fork.find("until one branch grows longer"), std::string::npos) << fork;
}

TEST(NarratorTest, NamesRestartedNodesAndUsesSingularAndPlural) {
  const std::string text = NarrateYaml(R"(
duration: 4min
nodes: 5
chain: {difficulty: 2}
mining: {block_interval: 10s}
timeline:
  - {at: 20s, partition: {attacker: [0], honest: 1-4}}
  - {at: 40s, heal: true}
  - {at: 60s, crash: [1, 2]}
  - {at: 70s, crash: [4]}
  - {at: 120s, restart: [1, 2]}
  - {at: 130s, restart: [4]}
  - {at: 150s, join: {count: 1, peers: 1}}
)");
  EXPECT_NE(text.find("PARTITION: attacker = node 0 | honest = nodes 1-4"), std::string::npos)
      << text;
  EXPECT_NE(text.find("CRASH: nodes 1 and 2 stop"), std::string::npos) << text;
  EXPECT_NE(text.find("CRASH: node 4 stops"), std::string::npos) << text;
  EXPECT_NE(text.find("RESTART: nodes 1 and 2 come back with the chains they had"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("RESTART: node 4 comes back with the chain it had"), std::string::npos)
      << text;
  EXPECT_NE(text.find("JOIN: 1 new node joins, registering 1 peer; it starts"), std::string::npos)
      << text;
  EXPECT_EQ(text.find(" 1 blocks"), std::string::npos) << text;
  EXPECT_EQ(text.find(" 1 peers"), std::string::npos) << text;
}

TEST(NarratorTest, SaysRestartedNodesCaughtUpNotNewcomers) {
  const std::string text = NarrateYaml(R"(
duration: 3min
nodes: 4
chain: {difficulty: 2}
mining: {block_interval: 10s}
timeline:
  - {at: 30s, crash: [3]}
  - {at: 100s, restart: [3]}
)");
  const std::size_t restart = text.find("RESTART:");
  ASSERT_NE(restart, std::string::npos) << text;
  const std::string agreement = LineWith(text.substr(restart), "AGREEMENT");
  ASSERT_FALSE(agreement.empty()) << text;
  EXPECT_NE(agreement.find("restarted nodes caught up"), std::string::npos) << agreement;
  EXPECT_EQ(text.find("newcomers"), std::string::npos) << text;
}

}  // namespace
}  // namespace chainsim::sim
