// Every scenario file shipped in scenarios/ must load, round-trip, and be
// affordable without --force; and `chainsim validate` on files.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "sim/scenario/cost_estimate.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {
namespace {

std::vector<std::filesystem::path> ShippedScenarios() {
  const std::filesystem::path root = std::filesystem::path(CHAINSIM_SOURCE_DIR) / "scenarios";
  std::vector<std::filesystem::path> files;
  for (const auto& folder : {root, root / "demo", root / "scale"}) {
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
        files.push_back(entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioFilesTest, EveryShippedScenarioLoadsAndRoundTrips) {
  const std::vector<std::filesystem::path> files = ShippedScenarios();
  for (const std::filesystem::path& file : files) {
    SCOPED_TRACE(file.string());
    try {
      const Scenario scenario = LoadScenarioFile(file.string());
      EXPECT_EQ(scenario.source, file.string());
      Scenario back = ParseScenario(ScenarioToYaml(scenario), file.string());
      EXPECT_EQ(ScenarioToJson(back), ScenarioToJson(scenario));
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
    }
  }
  std::cout << "checked " << files.size() << " scenario files\n";
}

// The scale scenarios (6,000 to 50,000 nodes, up to 10,000 blocks, and the
// 10-node pull run over 10,000 blocks) are big
// but feasible: no shipped scenario needs --force on a machine of 8 GB.
TEST(ScenarioFilesTest, EveryShippedScenarioIsAffordableWithoutForce) {
  const CostLimits machine{.memory_bytes = 8e9, .cpu_seconds = kMaxCpuSeconds};
  int scale = 0;
  for (const std::filesystem::path& file : ShippedScenarios()) {
    SCOPED_TRACE(file.string());
    const CostEstimate cost = EstimateCost(LoadScenarioFile(file.string()));
    EXPECT_THAT(CostRefusals(cost, machine), ::testing::IsEmpty()) << DescribeCost(cost);
    if (file.parent_path().filename() == "scale") ++scale;
  }
  EXPECT_EQ(scale, 5);
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // standard output and standard error
};

CommandResult RunChainsim(const std::string& arguments) {
  CommandResult result;
  const std::string command = std::string(CHAINSIM_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    result.output.append(buffer.data(), n);
  }
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ValidateCommandTest, PrintsASummaryAndOk) {
  const std::string path =
      WriteTempFile("validate_ok.yaml",
                    "name: two-halves\nnodes: 6\nnetwork: {topology: ring}\n"
                    "timeline:\n  - {at: 1min, partition: {a: 0-2}}\n  - {at: 2min, join: 2}\n");
  const CommandResult result = RunChainsim("validate " + path);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("two-halves"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("6 at the start + 2 joining = 8"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("ring"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("2 events"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.substr(result.output.size() - 3), "ok\n") << result.output;
}

TEST(ValidateCommandTest, JsonPrintsTheResolvedScenario) {
  const std::string path = WriteTempFile("validate_json.yaml", "nodes: 3\nduration: 90min\n");
  const CommandResult result = RunChainsim("validate --json " + path);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_EQ(Json::parse(result.output), ScenarioToJson(LoadScenarioFile(path)));
}

TEST(ValidateCommandTest, BadFileExitsWithCodeTwoAndThePosition) {
  const std::string path = WriteTempFile("validate_bad.yaml", "nodes: 3\nmining: {minrs: 2}\n");
  const CommandResult result = RunChainsim("validate " + path);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find(path + ":2:10: unknown key 'minrs' in mining; did you mean "
                                      "'miners'?"),
            std::string::npos)
      << result.output;
}

}  // namespace
}  // namespace chainsim::sim
