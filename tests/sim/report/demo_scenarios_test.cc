// Every teaching demo of scenarios/demo runs and shows what its comments claim.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "core/chain_json.h"
#include "core/valid_chain.h"
#include "sim/report/run_files.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

using testing::LoadDemo;
using testing::RunScenario;

TEST(DemoScenariosTest, EveryDemoFileRunsAndEveryChainIsValid) {
  int demos = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::SourcePath("scenarios/demo"))) {
    if (entry.path().extension() != ".yaml") continue;
    ++demos;
    const auto simulation = RunScenario(LoadScenarioFile(entry.path().string()));
    const RunSummary summary = simulation->Summarize();
    EXPECT_TRUE(summary.all_chains_valid) << entry.path() << summary.invalid_chain_detail;
    EXPECT_GT(summary.blocks_mined, 5u) << entry.path();
  }
  EXPECT_EQ(demos, 13);
}

TEST(DemoScenariosTest, TheDoubleSpendSucceedsAndTheWithholderRewritesHistory) {
  const auto spend = RunScenario(LoadDemo("double-spend.yaml"));
  const RunSummary spent = spend->Summarize();
  const DoubleSpendFigures& d = *spent.attacks.double_spend;
  EXPECT_TRUE(d.succeeded);
  EXPECT_EQ(d.payment_block_on_main_chain, false);
  const auto withheld = RunScenario(LoadDemo("withholding.yaml"));
  const RunSummary w = withheld->Summarize();
  ASSERT_TRUE(w.attacks.withholding.has_value());
  EXPECT_TRUE(w.attacks.withholding->release_won);
  EXPECT_GE(*w.attacks.withholding->release_reorg_depth, 3u);
  EXPECT_TRUE(w.agreed_at_end);
}

TEST(DemoScenariosTest, TheEclipsedNodeMinesInVainThenRejoins) {
  const auto simulation = RunScenario(LoadDemo("eclipse.yaml"));
  const RunSummary s = simulation->Summarize();
  ASSERT_TRUE(s.attacks.eclipse.has_value());
  const EclipseFigures& f = *s.attacks.eclipse;
  EXPECT_EQ(f.victim, 7u);
  EXPECT_EQ(f.started, 1 * kMinute);
  EXPECT_EQ(f.ended, 6 * kMinute);
  EXPECT_GE(f.mined_in_vain, 2u);
  ASSERT_TRUE(f.rejoin_reorg_depth.has_value());
  EXPECT_GE(*f.rejoin_reorg_depth, f.mined_in_vain);
  EXPECT_GT(f.fooled, 3 * kMinute);
  EXPECT_TRUE(s.agreed_at_end);
}

TEST(DemoScenariosTest, TheSelfishPoolRacesAndPublishes) {
  const auto simulation = RunScenario(LoadDemo("selfish-mining.yaml"));
  const RunSummary s = simulation->Summarize();
  ASSERT_TRUE(s.attacks.selfish_mining.has_value());
  const SelfishMiningFigures& f = *s.attacks.selfish_mining;
  EXPECT_GT(f.races, 20u);
  EXPECT_GT(f.races_won, 0u);
  EXPECT_GT(*f.revenue_share, 0.3);
  EXPECT_TRUE(s.all_chains_valid);
}

TEST(DemoScenariosTest, ForkIsSettledByTheNextBlock) {
  const auto simulation = RunScenario(LoadDemo("fork.yaml"));
  const RunSummary s = simulation->Summarize();
  EXPECT_EQ(s.fork_events, 1u);
  EXPECT_EQ(s.stale_blocks, 1u);
  ASSERT_EQ(s.reorgs, 1u);
  const ReorgRecord& reorg = simulation->metrics().reorgs()[0];
  EXPECT_EQ(reorg.depth, 1u);
  // The switch goes to a block one higher than the stale one: the next block.
  const BlockTree& tree = simulation->tree();
  EXPECT_EQ(tree[reorg.new_tip].height, tree[reorg.old_tip].height + 1);
  EXPECT_TRUE(s.agreed_at_end);
}

TEST(DemoScenariosTest, PartitionHealsAndTheNetworkAgreesAgain) {
  const auto simulation = RunScenario(LoadDemo("partition-heal.yaml"));
  const RunSummary s = simulation->Summarize();
  ASSERT_EQ(s.heals.size(), 1u);
  ASSERT_NE(s.heals[0].converged_at, kNever);
  EXPECT_LT(s.heals[0].converged_at - s.heals[0].healed_at, 30 * kSecond);
  EXPECT_GE(s.deepest_reorg, 2u);
  EXPECT_TRUE(s.agreed_at_end);
}

TEST(DemoScenariosTest, LateJoinersCatchUp) {
  const auto simulation = RunScenario(LoadDemo("late-join.yaml"));
  const RunSummary s = simulation->Summarize();
  ASSERT_EQ(simulation->node_count(), 6);
  for (NodeIndex joiner : {4u, 5u}) {
    EXPECT_TRUE(simulation->node(joiner).up);
    EXPECT_EQ(simulation->Tip(joiner), s.main_tip);
  }
  EXPECT_GT(simulation->tree()[s.main_tip].height, 5u);
  EXPECT_TRUE(s.agreed_at_end);
}

TEST(DemoScenariosTest, TutorialLosesTransactionsAndRequeueKeepsThem) {
  const auto lossy = RunScenario(LoadDemo("lost-transactions.yaml"));
  const auto kept = RunScenario(LoadDemo("lost-transactions-requeue.yaml"));
  const TransactionTally a = lossy->Summarize().transactions;
  const TransactionTally b = kept->Summarize().transactions;
  EXPECT_GT(a.lost, 10u);
  EXPECT_EQ(a.requeued, 0u);
  EXPECT_EQ(b.lost, 0u);
  EXPECT_GT(b.requeued, 0u);
  EXPECT_EQ(a.submitted, b.submitted);
}

TEST(DemoScenariosTest, RaceIsAlwaysWonByTheFastestMiner) {
  const auto simulation = RunScenario(LoadDemo("race.yaml"));
  const auto& shares = simulation->scenario().mining.hash_shares;
  const auto fastest =
      static_cast<NodeIndex>(std::max_element(shares.begin(), shares.end()) - shares.begin());
  const BlockTree& tree = simulation->tree();
  ASSERT_GT(tree.size(), 5u);
  for (BlockId id = 1; id < tree.size(); ++id) EXPECT_EQ(tree[id].miner, fastest) << id;
}

TEST(DemoScenariosTest, MajorityMinerRewritesTheHonestHistory) {
  const auto simulation = RunScenario(LoadDemo("majority-51.yaml"));
  const RunSummary s = simulation->Summarize();
  EXPECT_GE(s.deepest_reorg, 3u);
  // The deep switches are the honest nodes 1-4 adopting node 0's chain.
  std::set<NodeIndex> rewritten;
  for (const ReorgRecord& r : simulation->metrics().reorgs()) {
    if (r.depth >= 3) rewritten.insert(r.node);
  }
  EXPECT_EQ(rewritten, (std::set<NodeIndex>{1, 2, 3, 4}));
  // After the heal every main-chain block mined during the partition is node 0's.
  const BlockTree& tree = simulation->tree();
  for (BlockId id = s.main_tip; id != 0; id = tree[id].parent) {
    const SimTime t = tree[id].mined_at;
    if (t > 20 * kSecond && t < 240 * kSecond) {
      EXPECT_EQ(tree[id].miner, 0u) << id;
    }
  }
}

TEST(DemoScenariosTest, ForgedChainsAreTurnedDownAndCostTheForgerItsBlocks) {
  const auto simulation = RunScenario(LoadDemo("tampered-chain.yaml"));
  const RunSummary s = simulation->Summarize();
  EXPECT_GT(s.chains_rejected, 0u);
  EXPECT_TRUE(s.all_chains_valid);
  const RunReport report = MakeRunReport(*simulation, 0.0);
  std::ostringstream text;
  WriteRunText(text, report);
  EXPECT_NE(text.str().find("rejected chains        " + std::to_string(s.chains_rejected) +
                            " longer chains from peers failed valid_chain"),
            std::string::npos)
      << text.str();
  EXPECT_EQ(RunReportToJson(report)["checks"]["chains_rejected"], s.chains_rejected);
  const BlockTree& tree = simulation->tree();
  for (BlockId id = s.main_tip; id != 0; id = tree[id].parent) {
    EXPECT_FALSE(tree[id].miner == 4 && tree[id].mined_at > kMinute) << "block " << id;
  }
}

TEST(DemoScenariosTest, TamperedChainIsRejectedAtTheBlockAfterTheChange) {
  ChainRules rules;
  rules.difficulty = 3;
  const Result<Chain> tampered =
      ParseChain(testing::ReadFile(testing::SourcePath("scenarios/demo/tampered-chain.json")));
  ASSERT_TRUE(tampered.ok());
  const ChainVerdict verdict = CheckChain(*tampered, rules);
  EXPECT_FALSE(verdict.valid);
  EXPECT_EQ(verdict.failed_position, 4u);

  // The untampered chain that `chainsim run fork.yaml --out` writes is valid.
  const auto simulation = RunScenario(LoadDemo("fork.yaml"));
  const std::filesystem::path dir = testing::FreshDir("fork-chain");
  RunFilesOptions options;
  WriteRunFiles(*simulation, MakeRunReport(*simulation, 0.0), dir, options);
  const Result<Chain> original = ParseChain(testing::ReadFile(dir / "chain.json"));
  ASSERT_TRUE(original.ok());
  EXPECT_TRUE(CheckChain(*original, rules).valid);
  ASSERT_EQ(original->size(), tampered->size());
  EXPECT_EQ((*original)[4]->hash(), (*tampered)[4]->hash()) << "only block 3 was changed";
  EXPECT_NE((*original)[3]->hash(), (*tampered)[3]->hash());
}

}  // namespace
}  // namespace chainsim::sim
