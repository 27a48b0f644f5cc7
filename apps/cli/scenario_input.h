#pragma once
// The scenario that `chainsim validate` and `chainsim run` work on, read and
// checked the same way by both, so that validate refuses everything run
// would refuse before running: the file (its region table included), the
// command-line overrides, and the cost estimate (sim/scenario/cost_estimate.h)
// against this machine's memory and the CPU-time limit, unless --force.

#include <optional>
#include <string>

#include "sim/scenario/cost_estimate.h"
#include "sim/scenario/scenario.h"

namespace chainsim::cli {

struct ScenarioInput {
  // The scenario file; "-" reads standard input; "" the default scenario
  // (the defaults of every key: the same as an empty file).
  std::string file;
  // --seed and --until as typed, if given.
  std::optional<std::string> seed;
  std::optional<std::string> until;
  // Run even when the estimate is beyond the machine or the time limit.
  bool force = false;
};

struct PreparedScenario {
  sim::Scenario scenario;
  sim::CostEstimate cost;
};

// Loads and checks the scenario of `input`. Throws UsageError (exit code 2)
// with the loader's "file:line:column: ..." message, "--seed: ...",
// "--until: ...", or the cost refusal with the estimate.
PreparedScenario PrepareScenario(const ScenarioInput& input);

}  // namespace chainsim::cli
