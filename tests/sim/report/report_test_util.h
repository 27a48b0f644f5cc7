#pragma once
// Helpers shared by the sim/report tests: run a scenario file of the source
// tree, read files.

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "sim/node/simulation.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(CHAINSIM_SOURCE_DIR) + "/" + relative;
}

inline Scenario LoadDemo(const std::string& name) {
  return LoadScenarioFile(SourcePath("scenarios/demo/" + name));
}

inline std::unique_ptr<Simulation> RunScenario(Scenario scenario, RunObserver* observer = nullptr) {
  auto simulation = std::make_unique<Simulation>(std::move(scenario));
  if (observer != nullptr) simulation->set_observer(observer);
  simulation->Run();
  return simulation;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// A fresh empty folder under the system temp folder.
inline std::filesystem::path FreshDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("chainsim_report_test_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace chainsim::sim::testing
