// Every scenario file shipped in scenarios/ must load.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {
namespace {

std::vector<std::filesystem::path> ShippedScenarios() {
  const std::filesystem::path root = std::filesystem::path(CHAINSIM_SOURCE_DIR) / "scenarios";
  std::vector<std::filesystem::path> files;
  for (const auto& folder : {root, root / "demo"}) {
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

}  // namespace
}  // namespace chainsim::sim
