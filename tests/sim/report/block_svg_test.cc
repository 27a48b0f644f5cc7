#include "sim/report/block_svg.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <string>

#include "sim/report/branches.h"
#include "sim/report/run_files.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

struct Picture {
  std::string svg;
  std::size_t columns = 0;
  std::size_t stale = 0;
  std::uint32_t main_height = 0;
};

Picture Draw(const Scenario& scenario, const BlockSvgOptions& options) {
  auto simulation = testing::RunScenario(scenario);
  const RunSummary summary = simulation->Summarize();
  std::ostringstream out;
  Picture p;
  p.columns = WriteBlockTreeSvg(out, simulation->tree(), summary.main_tip, options);
  p.svg = out.str();
  p.stale = summary.stale_blocks;
  p.main_height = summary.main_chain_height;
  return p;
}

TEST(BlockSvgTest, TheMainJobFitsOneSixteenByNineSlideWithEveryBlock) {
  const Scenario scenario = LoadScenarioFile(testing::SourcePath("scenarios/partition-heal.yaml"));
  BlockSvgOptions options;
  options.partitions = {{10 * kMinute, 40 * kMinute}};
  const Picture p = Draw(scenario, options);
  EXPECT_NE(p.svg.find("width=\"1600\" height=\"900\""), std::string::npos);
  // Every block drawn, none folded: each has its tooltip.
  EXPECT_EQ(Count(p.svg, "(stale)</title>"), p.stale);
  EXPECT_EQ(Count(p.svg, "(main chain)</title>"), p.main_height + 1);
  EXPECT_EQ(p.columns, p.main_height + 1u);
  EXPECT_EQ(Count(p.svg, ", no fork</title>"), 0u);
  // Partition shading, the heal line and a time axis.
  EXPECT_NE(p.svg.find("heal 40:00"), std::string::npos);
  EXPECT_GT(Count(p.svg, "fill=\"#fbe3d9\"/>"), 10u);
  const std::regex tick(R"re(>\d+:\d\d</text>)re");
  const auto ticks =
      std::distance(std::sregex_iterator(p.svg.begin(), p.svg.end(), tick), std::sregex_iterator());
  EXPECT_GE(ticks, 20) << "a time under most columns";
  // The drawing is scaled into the picture: its view box keeps 16:9.
  const std::regex view_box(R"re(viewBox="(-?[\d.]+) 0 ([\d.]+) ([\d.]+)")re");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(p.svg, m, view_box));
  EXPECT_NEAR(std::stod(m[2]) / std::stod(m[3]), 16.0 / 9.0, 1e-3);
}

TEST(BlockSvgTest, FoldsForkFreeStretchesWhenTheHeightsDoNotFit) {
  Scenario scenario = testing::LoadDemo("fork.yaml");
  BlockSvgOptions options;
  options.columns_per_row = 5;
  options.max_rows = 2;
  const Picture p = Draw(scenario, options);
  ASSERT_GT(p.main_height + 1u, 10u);
  EXPECT_GT(Count(p.svg, ", no fork</title>"), 0u);
  EXPECT_LT(p.columns, p.main_height + 1u);
  // Stale blocks are never folded away.
  EXPECT_EQ(Count(p.svg, "(stale)</title>"), p.stale);
}

TEST(BranchesTest, NumbersStaleBranchesInMiningOrderAndKeepsSubForksInTheirBranch) {
  BlockTree tree(MakeGenesis(0.0));
  const auto add = [&tree](BlockId parent, std::int64_t proof) {
    BlockFields fields;
    fields.index = tree[parent].height + 2;
    fields.proof = proof;
    fields.previous_hash = tree[parent].block->hash();
    return tree.Add(Block::Create(fields), parent, 0, static_cast<SimTime>(tree.size()));
  };
  const BlockId a1 = add(0, 1);    // main
  const BlockId b1 = add(0, 2);    // stale branch 1
  const BlockId a2 = add(a1, 3);   // main
  const BlockId b2 = add(b1, 4);   // branch 1
  const BlockId b2x = add(b1, 5);  // a fork inside branch 1
  const BlockId c3 = add(a2, 6);   // stale branch 2
  const BlockId a3 = add(a2, 7);   // main tip
  const std::vector<std::uint32_t> branch = BranchOf(tree, a3);
  EXPECT_EQ(branch, (std::vector<std::uint32_t>{0, 0, 1, 0, 1, 1, 2, 0}));
  (void)b2, (void)b2x, (void)c3;
}

}  // namespace
}  // namespace chainsim::sim
