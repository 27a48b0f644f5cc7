#pragma once
// Helpers shared by the scenario loader's tests.

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {

// The `Action` of `event` (std::get: an exception, so a failed test, if the
// event holds another action).
template <typename Action>
const Action& As(const TimelineEvent& event) {
  return std::get<Action>(event.action);
}

// The message of the ScenarioError that parsing `yaml` (as "test.yaml")
// throws; a failed test and "" if it throws none.
inline std::string ErrorOf(const std::string& yaml) {
  try {
    ParseScenario(yaml, "test.yaml");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return "";
}

}  // namespace chainsim::sim
