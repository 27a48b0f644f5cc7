// `chainsim sweep` as users run it: the folder it writes, its errors, and
// files that stay byte-identical across threads, shards, a kill and resume.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/process.h"

namespace chainsim {
namespace {

using testing_process::Finished;
using testing_process::ReadFile;

const std::string kQuick = std::string(CHAINSIM_SOURCE_DIR) + "/scenarios/sweeps/quick.yaml";

std::filesystem::path Folder(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "sweep_cli" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir.parent_path());
  return dir;
}

Finished Chainsim(std::vector<std::string> args) {
  args.insert(args.begin(), CHAINSIM_BINARY);
  return testing_process::Run(args);
}

std::string WriteSweep(const std::string& name, const std::string& text) {
  const std::filesystem::path path = Folder(name);
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

void ExpectSameFiles(const std::filesystem::path& a, const std::filesystem::path& b) {
  for (const char* name : {"runs.csv", "points.csv", "points.json"}) {
    const std::string left = ReadFile((a / name).string());
    EXPECT_FALSE(left.empty()) << a / name;
    EXPECT_EQ(left, ReadFile((b / name).string())) << name;
  }
}

std::size_t Lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(SweepCommandTest, QuickSweepWritesItsFolderAndPrintsOneRowPerPoint) {
  const auto out = Folder("quick");
  const Finished f = Chainsim({"sweep", kQuick, "--out", out.string()});
  ASSERT_EQ(f.exit_code, 0) << f.output;
  for (const char* name :
       {"sweep.json", "runs.csv", "points.csv", "points.json", "results/shard-0-of-1.jsonl"}) {
    EXPECT_TRUE(std::filesystem::exists(out / name)) << name;
  }
  EXPECT_EQ(Lines(ReadFile((out / "runs.csv").string())), 1u + 12u);
  EXPECT_NE(f.output.find("4 points x 3 replications = 12 runs"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("point  network.topology  protocol.block_size  runs  "
                          "blocks.stale_rate mean [95 % CI]"),
            std::string::npos)
      << f.output;
  EXPECT_NE(f.output.find("\n3      full-mesh         1MB                  3     "),
            std::string::npos)
      << f.output;
  EXPECT_FALSE(std::filesystem::exists(out / "runs"));  // run files only when asked

  // Again: nothing to run; --figure (repeatable, also before FILE) picks the columns.
  const Finished again = Chainsim({"sweep", "--figure", "blocks.stale", "--figure",
                                   "reorgs.deepest", kQuick, "--out", out.string()});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("0 runs done now, 12 were already done"), std::string::npos);
  EXPECT_NE(again.output.find("runs  blocks.stale mean [95 % CI]  reorgs.deepest mean [95 % CI]"),
            std::string::npos)
      << again.output;
}

TEST(SweepCommandTest, MistakesExitTwoWithTheirFileLineAndColumn) {
  Finished f = Chainsim({"sweep", WriteSweep("typo.yaml", "scenario: {nodes: 3}\nreplicatons: 2\n"),
                         "--out", Folder("typo").string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("typo.yaml:2:1: unknown key 'replicatons' in the sweep; did you mean "
                          "'replications'?"),
            std::string::npos)
      << f.output;
  f = Chainsim({"sweep",
                WriteSweep("point.yaml",
                           "scenario: {nodes: 3, duration: 2min}\n"
                           "parameters:\n"
                           "  - path: nodes\n"
                           "    values: [2, zero]\n"),
                "--out", Folder("point").string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("point.yaml:4:17: point 1 (nodes=zero): nodes: "), std::string::npos)
      << f.output;
  f = Chainsim({"sweep", kQuick, "--shard", "2/2"});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("--shard: '2/2' is not a shard"), std::string::npos) << f.output;
  f = Chainsim({"sweep", "no-such-sweep.yaml"});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("no-such-sweep.yaml: cannot open the sweep file"), std::string::npos);
  f = Chainsim({"sweep", kQuick, "--merge", Folder("nothing").string()});
  EXPECT_EQ(f.exit_code, 2);
  // A point whose runs would not fit, as `chainsim run` would refuse it.
  f = Chainsim({"sweep",
                WriteSweep("huge.yaml",
                           "scenario: {nodes: 3, duration: 2min}\n"
                           "parameters:\n"
                           "  - {path: nodes, values: [3, 1000000]}\n"),
                "--out", Folder("huge").string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("huge.yaml: point 1 (nodes=1000000): a run is estimated to cost more "
                          "than this machine allows"),
            std::string::npos)
      << f.output;
  EXPECT_NE(f.output.find("--force runs it anyway"), std::string::npos);
  f = Chainsim({"sweep", kQuick, "--jobs", "5000"});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("--jobs: expected a number of threads from 1 to 1024"),
            std::string::npos);
}

TEST(SweepCommandTest, OneAndTwoThreadsWriteByteIdenticalFiles) {
  const auto one = Folder("jobs1");
  const auto two = Folder("jobs2");
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--jobs", "1", "--out", one.string()}).exit_code, 0);
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--jobs", "2", "--out", two.string()}).exit_code, 0);
  ExpectSameFiles(one, two);
}

TEST(SweepCommandTest, ShardFoldersMergedEqualOneProcess) {
  const auto single = Folder("single");
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--out", single.string(), "--quiet"}).exit_code, 0);
  std::vector<std::string> merge = {"sweep", "--merge"};
  for (int i = 0; i < 3; ++i) {
    const auto shard = Folder("shard" + std::to_string(i));
    const Finished f =
        Chainsim({"sweep", kQuick, "--shard", std::to_string(i) + "/3", "--out", shard.string()});
    ASSERT_EQ(f.exit_code, 0) << f.output;
    EXPECT_NE(f.output.find("4 of 12 runs are done"), std::string::npos) << f.output;
    merge.push_back(shard.string());
  }
  const auto merged = Folder("merged");
  merge.insert(merge.end(), {"--out", merged.string()});
  const Finished f = Chainsim(merge);
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("merged 3 folders into"), std::string::npos) << f.output;
  ExpectSameFiles(single, merged);
}

TEST(SweepCommandTest, AKilledSweepResumesToTheFilesOfAnUninterruptedOne) {
  const std::string sweep = WriteSweep("long.yaml",
                                       "seed: 11\n"
                                       "replications: 200\n"
                                       "scenario:\n"
                                       "  nodes: 4\n"
                                       "  duration: 2min\n"
                                       "  chain: {difficulty: 1}\n"
                                       "  mining: {block_interval: 10s}\n"
                                       "parameters:\n"
                                       "  - {path: network.topology, values: [ring, line]}\n");
  const auto killed = Folder("killed");
  const std::string journal = (killed / "results" / "shard-0-of-1.jsonl").string();
  const pid_t pid = testing_process::Start(
      {CHAINSIM_BINARY, "sweep", sweep, "--jobs", "2", "--out", killed.string()},
      (std::filesystem::path(testing::TempDir()) / "sweep_cli" / "killed.log").string());
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Lines(ReadFile(journal)) < 5 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  testing_process::Wait(pid);
  const std::size_t done_at_kill = Lines(ReadFile(journal));
  ASSERT_GE(done_at_kill, 5u);
  ASSERT_LT(done_at_kill, 400u) << "the sweep finished before it could be killed";
  EXPECT_FALSE(std::filesystem::exists(killed / "points.csv"));

  const Finished resumed = Chainsim({"sweep", sweep, "--out", killed.string()});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("were already done"), std::string::npos);
  const auto whole = Folder("whole");
  ASSERT_EQ(Chainsim({"sweep", sweep, "--out", whole.string(), "--quiet"}).exit_code, 0);
  ExpectSameFiles(whole, killed);
}

TEST(SweepCommandTest, RefusesAFolderOfAnotherSweepUntilRestart) {
  const auto out = Folder("other");
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--out", out.string(), "--quiet"}).exit_code, 0);
  std::string text = ReadFile(kQuick);
  text.replace(text.find("seed: 7"), 7, "seed: 8");
  const std::string changed = WriteSweep("changed.yaml", text);
  Finished f = Chainsim({"sweep", changed, "--out", out.string()});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("holds the results of another sweep (seed: 8 in this sweep, 7 in its "
                          "sweep.json); use --restart"),
            std::string::npos)
      << f.output;
  f = Chainsim({"sweep", changed, "--out", out.string(), "--restart"});
  EXPECT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("12 runs done now, 0 were already done"), std::string::npos) << f.output;
}

TEST(SweepPlotTest, DrawsNumericAndCategoricalParametersFromASweepFolder) {
  if (std::system("/usr/bin/python3 -c 'import matplotlib' > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-matplotlib is not installed";
  }
  const auto out = Folder("plot");
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--out", out.string(), "--quiet"}).exit_code, 0);
  const std::string script = std::string(CHAINSIM_SOURCE_DIR) + "/plots/sweep.py";
  for (const char* parameter : {"network.topology", "protocol.block_size"}) {
    const std::string png = (out / (std::string(parameter) + ".png")).string();
    const Finished f =
        testing_process::Run({"/usr/bin/python3", script, out.string(), "--parameter", parameter,
                              "--figure", "blocks.stale_rate", "-o", png});
    ASSERT_EQ(f.exit_code, 0) << f.output;
    EXPECT_EQ(ReadFile(png).substr(1, 3), "PNG") << parameter;
    EXPECT_GT(std::filesystem::file_size(png), 10'000u) << parameter;
  }
  const Finished bad = testing_process::Run(
      {"/usr/bin/python3", script, out.string(), "--figure", "no.such.figure"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("no figure 'no.such.figure'"), std::string::npos) << bad.output;
}

TEST(SweepMpiTest, TwoRanksWriteTheFilesOfOneProcess) {
  if (std::string(CHAINSIM_MPIEXEC).empty()) GTEST_SKIP() << "chainsim was built without MPI";
  const auto single = Folder("mpi-single");
  ASSERT_EQ(Chainsim({"sweep", kQuick, "--out", single.string(), "--quiet"}).exit_code, 0);
  const auto ranks = Folder("mpi-ranks");
  // CI runs as root (Open MPI refuses root without --allow-run-as-root) on two
  // cores (--oversubscribe lets two ranks start whatever the slot count).
  // Under ASan, leak checking is off in the ranks (-x LSAN_OPTIONS): Open MPI's
  // components, loaded and unloaded at run time, keep memory until exit, and
  // LeakSanitizer cannot name them to suppress them.
  const Finished f =
      testing_process::Run({CHAINSIM_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "-x",
                            "LSAN_OPTIONS=detect_leaks=0", "-n", "2", CHAINSIM_BINARY, "sweep",
                            kQuick, "--out", ranks.string()});
  ASSERT_EQ(f.exit_code, 0) << f.output;
  EXPECT_NE(f.output.find("1 thread on each of 2 MPI ranks"), std::string::npos) << f.output;
  EXPECT_NE(f.output.find("12 runs done now"), std::string::npos) << f.output;
  ExpectSameFiles(single, ranks);
}

TEST(SweepMpiTest, AMistakeIsReportedOnceAndEndsEveryRank) {
  if (std::string(CHAINSIM_MPIEXEC).empty()) GTEST_SKIP() << "chainsim was built without MPI";
  const Finished f =
      testing_process::Run({CHAINSIM_MPIEXEC, "--allow-run-as-root", "--oversubscribe", "-x",
                            "LSAN_OPTIONS=detect_leaks=0", "-n", "2", CHAINSIM_BINARY, "sweep",
                            WriteSweep("mpi-typo.yaml", "scenario: {}\nreplicatons: 2\n"), "--out",
                            Folder("mpi-typo").string()});
  EXPECT_NE(f.exit_code, 0);
  const std::string message = "mpi-typo.yaml:2:1: unknown key 'replicatons'";
  const std::size_t first = f.output.find(message);
  ASSERT_NE(first, std::string::npos) << f.output;
  EXPECT_EQ(f.output.find(message, first + 1), std::string::npos) << f.output;
}

TEST(SweepMpiTest, WithoutMpiASweepStartedByMpirunSaysSo) {
  if (!std::string(CHAINSIM_MPIEXEC).empty()) GTEST_SKIP() << "chainsim was built with MPI";
  // What mpirun sets for each of its processes.
  const Finished f =
      testing_process::Run({CHAINSIM_BINARY, "sweep", kQuick, "--out", Folder("no-mpi").string()},
                           {{"OMPI_COMM_WORLD_SIZE", "2"}, {"OMPI_COMM_WORLD_RANK", "0"}});
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_NE(f.output.find("this chainsim was built without MPI"), std::string::npos) << f.output;
}

}  // namespace
}  // namespace chainsim
