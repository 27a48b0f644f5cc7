// Whole sweeps in one process: the files do not depend on the number of
// threads, on sharding, or on being interrupted and resumed.
#include "sim/sweep/sweep_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/sweep/merge.h"
#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

const char* kSweep =
    "name: runner-test\n"
    "seed: 3\n"
    "replications: 3\n"
    "scenario:\n"
    "  nodes: 5\n"
    "  duration: 3min\n"
    "  chain: {difficulty: 1}\n"
    "  mining: {block_interval: 10s}\n"
    "  protocol: {kind: push, block_size: 200kB}\n"
    "  network: {bandwidth: 2 Mbit/s}\n"
    "parameters:\n"
    "  - {path: network.topology, values: [ring, full-mesh]}\n";

SweepPlan Plan(const std::string& text = kSweep) {
  return SweepPlan::Make(ParseSweepFile(text, "runner.yaml"), "test");
}

std::filesystem::path Folder(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "runner" / name;
  std::filesystem::remove_all(dir);
  return dir;
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

SweepOutcome RunInto(const SweepPlan& plan, const std::filesystem::path& out, int jobs,
                     Shard shard = {}, bool restart = false, bool run_files = false) {
  SweepOptions options;
  options.out = out;
  options.jobs = jobs;
  options.shard = shard;
  options.restart = restart;
  options.run_files = run_files;
  options.version = "test";
  return RunSweep(plan, options);
}

void ExpectSameAggregates(const std::filesystem::path& a, const std::filesystem::path& b) {
  for (const char* name : {"runs.csv", "points.csv", "points.json", "sweep.json"}) {
    ASSERT_TRUE(std::filesystem::exists(a / name)) << a / name;
    EXPECT_EQ(Read(a / name), Read(b / name)) << name;
  }
}

TEST(SweepRunnerTest, TheNumberOfThreadsDoesNotChangeAByte) {
  const SweepPlan plan = Plan();
  const auto one = Folder("jobs1");
  const auto three = Folder("jobs3");
  const SweepOutcome a = RunInto(plan, one, 1);
  const SweepOutcome b = RunInto(plan, three, 3);
  EXPECT_EQ(a.ran, 6u);
  EXPECT_TRUE(a.aggregated);
  EXPECT_TRUE(b.aggregated);
  ExpectSameAggregates(one, three);
  // Different runs really differ (the seeds are per run).
  EXPECT_NE(a.records[0].fingerprint, a.records[1].fingerprint);
}

TEST(SweepRunnerTest, AllPairsArrivalAndReceptionFiguresReachRunsAndPoints) {
  const auto out = Folder("arrival");
  const SweepOutcome outcome = RunInto(Plan(), out, 1);
  ASSERT_TRUE(outcome.aggregated);
  const std::string runs = Read(out / "runs.csv");
  const std::string header = runs.substr(0, runs.find('\n'));
  const std::string points = Read(out / "points.csv");
  for (const char* figure :
       {"arrival.mean_s", "arrival.p10_s", "arrival.p25_s", "arrival.median_s", "arrival.p75_s",
        "arrival.p90_s", "arrival.pairs", "arrival.never", "propagation.p50_nodes_received.mean_s",
        "propagation.p50_nodes.never"}) {
    EXPECT_NE(header.find(figure), std::string::npos) << figure;
    EXPECT_NE(points.find(std::string(",") + figure + ","), std::string::npos) << figure;
  }
  // The per-miner rows stay in the run's own files (a column per node would not do).
  EXPECT_EQ(header.find("miners"), std::string::npos);
}

TEST(SweepRunnerTest, ShardsMergedGiveTheFilesOfOneProcess) {
  const SweepPlan plan = Plan();
  const auto single = Folder("single");
  RunInto(plan, single, 2);
  std::vector<std::filesystem::path> shards;
  for (std::size_t i = 0; i < 4; ++i) {
    shards.push_back(Folder("shard" + std::to_string(i)));
    const SweepOutcome outcome = RunInto(plan, shards.back(), 1, Shard{i, 4});
    EXPECT_FALSE(outcome.aggregated);
    EXPECT_EQ(outcome.ran, i < 2 ? 2u : 1u);  // runs i, i+4
  }
  const auto merged = Folder("merged");
  const MergeOutcome outcome = MergeSweepFolders(shards, merged);
  EXPECT_EQ(outcome.done, 6u);
  ExpectSameAggregates(single, merged);
}

TEST(SweepRunnerTest, ShardsSharingAFolderAggregateWhenTheLastFinishes) {
  const SweepPlan plan = Plan();
  const auto single = Folder("single-shared");
  RunInto(plan, single, 2);
  const auto shared = Folder("shared");
  EXPECT_FALSE(RunInto(plan, shared, 1, Shard{1, 2}).aggregated);
  EXPECT_FALSE(std::filesystem::exists(shared / "points.csv"));
  EXPECT_TRUE(RunInto(plan, shared, 1, Shard{0, 2}).aggregated);
  ExpectSameAggregates(single, shared);
}

TEST(SweepRunnerTest, ARerunSkipsFinishedRunsAndAnInterruptedSweepLosesOnlyItsRunningRuns) {
  const SweepPlan plan = Plan();
  const auto whole = Folder("whole");
  RunInto(plan, whole, 2);
  const SweepOutcome again = RunInto(plan, whole, 2);
  EXPECT_EQ(again.ran, 0u);
  EXPECT_EQ(again.skipped, 6u);

  // A sweep killed after two runs, in the middle of writing the third.
  const auto killed = Folder("killed");
  RunInto(plan, killed, 1);
  const std::filesystem::path journal = killed / "results" / "shard-0-of-1.jsonl";
  const std::string lines = Read(journal);
  std::size_t cut = 0;
  for (int i = 0; i < 2; ++i) cut = lines.find('\n', cut) + 1;
  std::ofstream(journal, std::ios::binary | std::ios::trunc)
      << lines.substr(0, cut) << lines.substr(cut, 40);
  for (const char* name : {"runs.csv", "points.csv", "points.json"}) {
    std::filesystem::remove(killed / name);
  }
  const SweepOutcome resumed = RunInto(plan, killed, 2);
  EXPECT_EQ(resumed.skipped, 2u);
  EXPECT_EQ(resumed.ran, 4u);
  ExpectSameAggregates(whole, killed);
}

TEST(SweepRunnerTest, AFolderOfAnotherSweepIsRefusedUnlessRestarted) {
  const auto out = Folder("changed");
  RunInto(Plan(), out, 2);
  std::string changed = kSweep;
  changed.replace(changed.find("full-mesh"), 9, "line");
  const SweepPlan other = Plan(changed);
  try {
    RunInto(other, out, 2);
    FAIL() << "not refused";
  } catch (const SweepError& e) {
    EXPECT_NE(
        std::string(e.what()).find("holds the results of another sweep (parameters/0/values/1: "
                                   "\"line\" in this sweep, \"full-mesh\" in its sweep.json)"),
        std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--restart"), std::string::npos);
  }
  const SweepOutcome restarted = RunInto(other, out, 2, {}, /*restart=*/true);
  EXPECT_EQ(restarted.ran, 6u);
  EXPECT_EQ(restarted.done, 6u);
}

TEST(SweepRunnerTest, RunFilesAreWrittenWhenAskedAndMatchTheRecord) {
  const SweepPlan plan = Plan();
  const auto out = Folder("files");
  RunInto(plan, out, 2);
  EXPECT_FALSE(std::filesystem::exists(out / "runs"));
  // Asking for the files later runs the runs again (same results) to write them.
  const SweepOutcome outcome = RunInto(plan, out, 2, {}, false, /*run_files=*/true);
  EXPECT_EQ(outcome.ran, 6u);
  const Json run_json = Json::parse(Read(out / "runs" / "p1-r2" / "run.json"));
  EXPECT_EQ(run_json["fingerprint"], outcome.records[5].fingerprint);
  EXPECT_EQ(run_json["seed"], outcome.records[5].seed);
  EXPECT_TRUE(std::filesystem::exists(out / "runs" / "p0-r0" / "blocks.csv"));
}

TEST(PendingRunsTest, TakesTheShardsRunsNotDone) {
  RunRecord done;
  done.run = 4;
  EXPECT_EQ(PendingRuns(10, Shard{1, 3}, {}, false), (std::vector<std::size_t>{1, 4, 7}));
  EXPECT_EQ(PendingRuns(10, Shard{1, 3}, {done}, false), (std::vector<std::size_t>{1, 7}));
  EXPECT_EQ(PendingRuns(10, Shard{1, 3}, {done}, true), (std::vector<std::size_t>{1, 4, 7}));
}

}  // namespace
}  // namespace chainsim::sim
