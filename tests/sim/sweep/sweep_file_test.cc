#include "sim/sweep/sweep_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/scenario_error.h"
#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

std::filesystem::path TempFolder(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "sweep_file" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void Write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The message of what ParseSweepFile throws, of type E.
template <class E>
std::string ErrorOf(const std::string& text) {
  try {
    ParseSweepFile(text, "s.yaml");
  } catch (const E& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SweepFileTest, ReadsEveryKeyOfAnInlineSweep) {
  const SweepFile s = ParseSweepFile(
      "name: demo\n"
      "description: a test\n"
      "seed: 99\n"
      "replications: 4\n"
      "combine: paired\n"
      "scenario:\n"
      "  nodes: 4\n"
      "  duration: 5min\n"
      "parameters:\n"
      "  - path: protocol.block_size\n"
      "    values: [100kB, 1MB]\n"
      "  - name: label\n"
      "    values: [small, {kind: big}]\n",
      "s.yaml");
  EXPECT_EQ(s.name, "demo");
  EXPECT_EQ(s.description, "a test");
  EXPECT_EQ(s.seed, 99u);
  EXPECT_EQ(s.replications, 4);
  EXPECT_EQ(s.combine, Combine::kPaired);
  EXPECT_EQ(s.base.nodes, 4);
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].name, "protocol.block_size");
  EXPECT_EQ(s.parameters[0].labels, (std::vector<std::string>{"100kB", "1MB"}));
  EXPECT_EQ(s.parameters[0].positions[1].line, 11);
  EXPECT_EQ(s.parameters[0].positions[1].column, 21);
  EXPECT_TRUE(s.parameters[1].path.empty());
  EXPECT_EQ(s.parameters[1].labels[1], "{kind: big}");
}

TEST(SweepFileTest, DefaultsToTheFileNameOneReplicationAGridAndTheScenariosSeed) {
  const SweepFile s = ParseSweepFile("scenario: {seed: 17, nodes: 3}\n", "dir/my-sweep.yaml");
  EXPECT_EQ(s.name, "my-sweep");
  EXPECT_EQ(s.seed, 17u);
  EXPECT_EQ(s.replications, 1);
  EXPECT_EQ(s.combine, Combine::kGrid);
  EXPECT_TRUE(s.parameters.empty());
}

TEST(SweepFileTest, ExpandsARangeIntoValues) {
  const SweepFile s = ParseSweepFile(
      "scenario: {nodes: 3}\n"
      "parameters:\n"
      "  - {path: duration, range: {from: 10min, to: 30min, step: 10min}}\n",
      "s.yaml");
  EXPECT_EQ(s.parameters[0].labels, (std::vector<std::string>{"10min", "20min", "30min"}));
}

TEST(SweepFileTest, InlineScenarioErrorsKeepTheSweepFilesLineAndColumn) {
  // The loader reads the inline scenario in place: 'durration' is on line 4, column 3.
  EXPECT_EQ(ErrorOf<ScenarioError>("name: x\n"
                                   "scenario:\n"
                                   "  nodes: 3\n"
                                   "  durration: 5min\n"
                                   "replications: 2\n")
                .substr(0, 17),
            "s.yaml:4:3: unkno");
  // A flow-style sweep file works the same way.
  EXPECT_EQ(ErrorOf<ScenarioError>("{replications: 2, scenario: {nodes: 3, duration: 5}}\n")
                .substr(0, 24),
            "s.yaml:1:50: duration: t");
}

TEST(SweepFileTest, AScenarioPathIsRelativeToTheSweepFile) {
  const std::filesystem::path dir = TempFolder("relative");
  std::filesystem::create_directories(dir / "sweeps");
  Write(dir / "base.yaml", "nodes: 6\nduration: 10min\n");
  Write(dir / "sweeps" / "s.yaml", "scenario: ../base.yaml\n");
  const SweepFile s = ReadSweepFile((dir / "sweeps" / "s.yaml").string());
  EXPECT_EQ(s.base.nodes, 6);
  EXPECT_EQ(s.scenario_source, (dir / "base.yaml").lexically_normal().string());
  // Errors in the base scenario name the base file.
  Write(dir / "base.yaml", "nodes: many\n");
  try {
    ReadSweepFile((dir / "sweeps" / "s.yaml").string());
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()).rfind((dir / "base.yaml").string() + ":1:8: nodes:", 0), 0u)
        << e.what();
  }
}

TEST(SweepFileTest, ReportsMistakesWithTheirPosition) {
  EXPECT_EQ(ErrorOf<SweepError>("scenario: {}\nreplicatons: 2\n"),
            "s.yaml:2:1: unknown key 'replicatons' in the sweep; did you mean 'replications'? "
            "(allowed keys: name, description, scenario, seed, replications, combine, "
            "parameters)");
  EXPECT_EQ(ErrorOf<SweepError>("scenario: {}\nreplications: 0\n"),
            "s.yaml:2:15: replications: 0 is out of range (expected an integer from 1 to 100000)");
  EXPECT_EQ(ErrorOf<SweepError>("replications: 2\n"),
            "s.yaml:1:1: scenario: missing (expected the base scenario: a file path or an "
            "inline map)");
  EXPECT_EQ(ErrorOf<SweepError>("scenario: nowhere.yaml\n").substr(0, 48),
            "s.yaml:1:11: scenario: cannot open the scenario ");
  EXPECT_EQ(ErrorOf<SweepError>("scenario: {}\nparameters:\n  - {path: seed, values: [1]}\n")
                .substr(0, 32),
            "s.yaml:3:12: parameters[0].path:");
  EXPECT_EQ(ErrorOf<SweepError>("scenario: {}\nparameters:\n  - {path: nodes, values: []}\n"),
            "s.yaml:3:27: parameters[0].values: expected a non-empty list of values");
  EXPECT_EQ(ErrorOf<SweepError>("scenario: {}\nparameters:\n  - {path: nodes}\n"),
            "s.yaml:3:5: parameters[0]: expected either 'values' (a list) or 'range' ({from, to, "
            "step})");
}

TEST(SweepFileTest, RefusesOverlappingPathsAndPairedListsOfDifferentLengths) {
  EXPECT_NE(ErrorOf<SweepError>("scenario: {}\n"
                                "parameters:\n"
                                "  - {path: network.topology, values: [ring]}\n"
                                "  - {path: network.topology.kind, values: [ring]}\n")
                .find("s.yaml:4:5: parameters[1]: network.topology.kind overlaps parameters[0]"),
            std::string::npos);
  EXPECT_NE(ErrorOf<SweepError>("scenario: {}\n"
                                "combine: paired\n"
                                "parameters:\n"
                                "  - {path: nodes, values: [2, 3]}\n"
                                "  - {path: duration, values: [1min]}\n")
                .find("s.yaml:5:5: parameters[1]: 1 values, but parameters[0] has 2"),
            std::string::npos);
}

TEST(SweepFileTest, HintsAtQuotingABracketedPathInAFlowMap) {
  EXPECT_NE(ErrorOf<SweepError>("scenario: {}\nparameters:\n  - {path: timeline[1].at, values: "
                                "[1min]}\n")
                .find("must be quoted"),
            std::string::npos);
}

}  // namespace
}  // namespace chainsim::sim
