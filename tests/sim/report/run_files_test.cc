#include "sim/report/run_files.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/report/progress.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

using testing::FreshDir;
using testing::LoadDemo;
using testing::ReadFile;
using testing::RunScenario;

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream parts(line);
    while (std::getline(parts, cell, ',')) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    rows.push_back(cells);
  }
  return rows;
}

TEST(SecondsTextTest, WritesWholeNanosecondsExactly) {
  EXPECT_EQ(SecondsText(0), "0.000000000");
  EXPECT_EQ(SecondsText(12 * kSecond + 345), "12.000000345");
  EXPECT_EQ(SecondsText(-kMillisecond), "-0.001000000");
  EXPECT_EQ(SecondsText(kNever), "");
}

// The run and report of scenarios/demo/`kDemo`, made once for a test suite.
template <const char* kDemo>
class DemoRunFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    simulation_ = RunScenario(LoadDemo(kDemo)).release();
    report_ = new RunReport(MakeRunReport(*simulation_, 0.0));
  }
  static void TearDownTestSuite() {
    delete report_;
    delete simulation_;
  }
  static inline Simulation* simulation_ = nullptr;
  static inline RunReport* report_ = nullptr;
};

constexpr char kPartitionHeal[] = "partition-heal.yaml";
using PartitionHealFiles = DemoRunFiles<kPartitionHeal>;

TEST_F(PartitionHealFiles, BlocksCsvHasOneRowPerMinedBlockAndTheSummarysStaleCount) {
  std::ostringstream csv;
  WriteBlocksCsv(csv, simulation_->tree(), simulation_->metrics(), report_->summary.main_tip);
  const auto rows = ParseCsv(csv.str());
  ASSERT_EQ(rows.size(), report_->summary.blocks_mined + 1);
  ASSERT_EQ(rows[0][12], "main_chain");
  ASSERT_EQ(rows[0][13], "branch");
  std::uint64_t stale = 0;
  std::uint64_t main = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), rows[0].size()) << csv.str();
    EXPECT_EQ(rows[i][0], simulation_->tree()[static_cast<BlockId>(i)].block->hash());
    const std::string& main_chain = rows[i][12];
    stale += main_chain == "stale";
    main += main_chain == "main";
    EXPECT_EQ(main_chain == "main", rows[i][13] == "0") << "branch 0 is the main chain";
  }
  EXPECT_GT(stale, 0u);
  EXPECT_EQ(stale, report_->summary.stale_blocks);
  EXPECT_EQ(main, report_->summary.main_chain_height);
}

TEST_F(PartitionHealFiles, ReorgsCsvHasOneRowPerReorganisation) {
  std::ostringstream csv;
  WriteReorgsCsv(csv, simulation_->tree(), simulation_->metrics());
  const auto rows = ParseCsv(csv.str());
  ASSERT_GT(report_->summary.reorgs, 0u);
  EXPECT_EQ(rows.size(), report_->summary.reorgs + 1);
  std::uint32_t deepest = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    deepest = std::max<std::uint32_t>(deepest, static_cast<std::uint32_t>(std::stoul(rows[i][6])));
    EXPECT_TRUE(rows[i][8] == "resolve" || rows[i][8] == "relay") << rows[i][8];
  }
  EXPECT_EQ(deepest, report_->summary.deepest_reorg);
}

TEST_F(PartitionHealFiles, TimeseriesEndsWithEveryNodeOnOneTipWhenTheRunConverged) {
  ASSERT_TRUE(report_->summary.agreed_at_end);
  std::ostringstream csv;
  WriteTimeseriesCsv(csv, simulation_->metrics());
  const auto rows = ParseCsv(csv.str());
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows.back()[0], SecondsText(simulation_->scenario().duration));
  EXPECT_EQ(rows.back()[1], "1");
  EXPECT_EQ(rows.back()[2], "1.000000");
  // During the partition the halves disagree.
  bool split = false;
  for (std::size_t i = 1; i < rows.size(); ++i) split = split || std::stoi(rows[i][1]) >= 2;
  EXPECT_TRUE(split);
}

TEST_F(PartitionHealFiles, RunJsonHoldsScenarioSummaryTimelineAndFingerprint) {
  const Json run = RunJson(*simulation_, *report_, "9.9.9");
  EXPECT_EQ(run["chainsim_version"], "9.9.9");
  EXPECT_EQ(run["seed"], simulation_->scenario().seed);
  EXPECT_EQ(run["scenario"]["name"], "demo-partition-heal");
  EXPECT_EQ(run["blocks"]["stale"], report_->summary.stale_blocks);
  EXPECT_EQ(run["fingerprint"].get<std::string>().size(), 64u);
  ASSERT_EQ(run["timeline"].size(), 2u);
  EXPECT_EQ(run["timeline"][0]["action"], "partition");
  EXPECT_EQ(run["timeline"][1]["time_s"], 240.0);
}

// The 51 % demo: node 0 has 70 % of the hash power and mines alone behind a
// partition while nodes 1-4 (30 %) mine the branch that goes stale.
constexpr char kMajority51[] = "majority-51.yaml";
using Majority51Files = DemoRunFiles<kMajority51>;

TEST_F(Majority51Files, BlocksCsvHashPowerColumnsFollowTheNodeColumns) {
  std::ostringstream csv;
  WriteBlocksCsv(csv, simulation_->tree(), simulation_->metrics(), report_->summary.main_tip);
  const auto rows = ParseCsv(csv.str());
  ASSERT_EQ(rows[0], (std::vector<std::string>{
                         "hash", "parent", "height", "miner", "mined_s", "transactions", "p50_s",
                         "p90_s", "p100_s", "hash50_s", "hash90_s", "hash100_s", "main_chain",
                         "branch", "received50_s", "received90_s", "received100_s"}));
  std::size_t strong = 0;
  std::size_t weak_stale = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto id = static_cast<BlockId>(i);
    const BlockPropagation& p = simulation_->metrics().propagation()[id];
    for (std::size_t level = 0; level < 3; ++level) {
      const SimTime reached = p.hash_reached[level];
      EXPECT_EQ(rows[i][9 + level], reached == kNever
                                        ? std::string()
                                        : SecondsText(reached - simulation_->tree()[id].mined_at));
    }
    if (rows[i][3] == "0") {  // 70 %: half the hash power holds it at once
      ++strong;
      EXPECT_EQ(rows[i][9], "0.000000000") << i;
    } else if (rows[i][12] == "stale") {  // 4 of 5 nodes, 30 % of the hash power
      ++weak_stale;
      EXPECT_FALSE(rows[i][6].empty()) << i;
      EXPECT_TRUE(rows[i][9].empty()) << i;
    }
  }
  EXPECT_GT(strong, 10u);
  EXPECT_GT(weak_stale, 2u);
}

TEST_F(Majority51Files, ReportGivesHashPowerPropagationUnderTheNodeCount) {
  const RunSummary& s = report_->summary;
  EXPECT_GT(s.propagation[0].count, s.propagation_hash_power[0].count);
  EXPECT_EQ(s.propagation_hash_power[0].median, 0);
  std::ostringstream text;
  WriteRunText(text, *report_);
  const std::string out = text.str();
  const std::size_t nodes =
      out.find("\n  adopted            mean       median          p90          max     blocks\n");
  const std::size_t hash =
      out.find("\n  hash power         mean       median          p90          max     blocks\n");
  ASSERT_NE(nodes, std::string::npos) << out;
  ASSERT_NE(hash, std::string::npos) << out;
  EXPECT_LT(nodes, hash);
  // Three level lines, then the next section.
  std::istringstream lines(out.substr(hash + 1));
  std::string line;
  for (const char* start : {"  hash power", "  50 %   ", "  90 %   ", "  100 %  ", "All-pairs"}) {
    ASSERT_TRUE(std::getline(lines, line));
    EXPECT_EQ(line.rfind(start, 0), 0u) << line;
  }
  const Json json = RunReportToJson(*report_);
  for (const char* key : {"p50_hash_power", "p90_hash_power", "p100_hash_power"}) {
    EXPECT_TRUE(json["propagation"].contains(key)) << key;
  }
  EXPECT_EQ(json["propagation"]["p50_hash_power"]["count"], s.propagation_hash_power[0].count);
  EXPECT_EQ(json["propagation"]["p50_hash_power"]["median_s"], 0.0);
}

// Writes every file of `seed`'s partition-heal run into a fresh folder.
std::filesystem::path WriteRun(std::uint64_t seed, const std::string& name) {
  Scenario scenario = LoadDemo("partition-heal.yaml");
  scenario.seed = seed;
  const auto simulation = RunScenario(scenario);
  const std::filesystem::path dir = FreshDir(name);
  const RunFilesResult result =
      WriteRunFiles(*simulation, MakeRunReport(*simulation, 0.5), dir / "out", RunFilesOptions{});
  EXPECT_EQ(result.written.size(), 11u);
  return dir / "out";
}

TEST(RunFilesTest, SameSeedGivesByteIdenticalFilesAndAnotherSeedAnotherFingerprint) {
  const auto a = WriteRun(4, "a");
  const auto b = WriteRun(4, "b");
  const auto c = WriteRun(5, "c");
  for (const char* name :
       {"blocks.csv", "reorgs.csv", "timeseries.csv", "blocks.dot", "blocks.svg", "network.json",
        "chain.json", "run.json", "miners.csv", "edges.csv", "network.dot"}) {
    const std::string text = ReadFile(a / name);
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_EQ(text, ReadFile(b / name)) << name;
  }
  const Json run_a = Json::parse(ReadFile(a / "run.json"));
  const Json run_c = Json::parse(ReadFile(c / "run.json"));
  EXPECT_NE(run_a["fingerprint"], run_c["fingerprint"]);
  EXPECT_NE(ReadFile(a / "blocks.csv"), ReadFile(c / "blocks.csv"));
}

TEST(RunFilesTest, FingerprintIgnoresWallTime) {
  const auto simulation = RunScenario(LoadDemo("fork.yaml"));
  const Json fast = RunJson(*simulation, MakeRunReport(*simulation, 0.1), "");
  const Json slow = RunJson(*simulation, MakeRunReport(*simulation, 99.0), "");
  EXPECT_NE(fast["run"]["wall_s"], slow["run"]["wall_s"]);
  EXPECT_EQ(fast["fingerprint"], slow["fingerprint"]);
}

TEST(ProgressTest, ReportsWithoutChangingTheRun) {
  const auto plain = RunScenario(LoadDemo("partition-heal.yaml"));
  Simulation sliced(LoadDemo("partition-heal.yaml"));
  std::ostringstream out;
  RunWithProgress(sliced, out,
                  ProgressOptions{.enabled = true, .after_seconds = 0.0, .every_seconds = 0.0});
  EXPECT_NE(out.str().find("simulated "), std::string::npos);
  EXPECT_NE(out.str().find("events/s"), std::string::npos);
  EXPECT_EQ(RunFingerprint(sliced.tree(), sliced.metrics()),
            RunFingerprint(plain->tree(), plain->metrics()));
  EXPECT_EQ(sliced.engine().now(), plain->engine().now());
  EXPECT_EQ(sliced.metrics().samples().size(), plain->metrics().samples().size());
  std::ostringstream a, b;
  WriteTimeseriesCsv(a, sliced.metrics());
  WriteTimeseriesCsv(b, plain->metrics());
  EXPECT_EQ(a.str(), b.str());
}

TEST(RunFilesTest, UnwritableFolderThrowsNamingIt) {
  const auto simulation = RunScenario(LoadDemo("fork.yaml"));
  const std::filesystem::path dir = FreshDir("blocked");
  { std::ofstream(dir / "file") << "x"; }
  try {
    WriteRunFiles(*simulation, MakeRunReport(*simulation, 0.0), dir / "file" / "out", {});
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot create the output folder"), std::string::npos)
        << e.what();
  }
}

TEST(RunCommandTest, OutWritesTheFilesAndAnUnwritableFolderExitsWithTwo) {
  const std::filesystem::path dir = FreshDir("cli");
  const std::string run = std::string(CHAINSIM_BINARY) + " run " +
                          testing::SourcePath("scenarios/demo/fork.yaml") + " --quiet --out ";
  ASSERT_EQ(std::system((run + (dir / "out").string() + " > /dev/null").c_str()), 0);
  for (const char* name : {"run.json", "blocks.csv", "reorgs.csv", "timeseries.csv", "blocks.dot",
                           "blocks.svg", "network.json", "chain.json", "replay.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "out" / name)) << name;
  }
  // The same run's page by --html, byte for byte.
  ASSERT_EQ(std::system((std::string(CHAINSIM_BINARY) + " run " +
                         testing::SourcePath("scenarios/demo/fork.yaml") + " --quiet --html " +
                         (dir / "page.html").string() + " > /dev/null")
                            .c_str()),
            0);
  EXPECT_TRUE(ReadFile(dir / "page.html") == ReadFile(dir / "out" / "replay.html"))
      << "two runs' pages differ";
  { std::ofstream(dir / "file") << "x"; }
  const int status =
      std::system((run + (dir / "file" / "out").string() + " > /dev/null 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}

TEST(PlotTest, PlotRunWritesEveryPngOfARunDirectory) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-matplotlib is not installed";
  }
  const std::filesystem::path out = WriteRun(4, "plots");
  const std::string command = "/usr/bin/python3 " + testing::SourcePath("plots/plot_run.py") + " " +
                              out.string() + " > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  for (const char* name :
       {"agreement.png", "propagation.png", "reorg_depth.png", "race.png", "network.png"}) {
    EXPECT_GT(std::filesystem::file_size(out / name), 10'000u) << name;
    EXPECT_EQ(ReadFile(out / name).substr(1, 3), "PNG") << name;
  }
}

}  // namespace
}  // namespace chainsim::sim
