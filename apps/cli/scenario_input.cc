#include "apps/cli/scenario_input.h"

#include "apps/cli/cli_common.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/units.h"

namespace chainsim::cli {

PreparedScenario PrepareScenario(const ScenarioInput& input) {
  PreparedScenario prepared;
  sim::Scenario& scenario = prepared.scenario;
  try {
    if (!input.file.empty()) scenario = sim::LoadScenarioFile(input.file);
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
  if (input.seed) {
    const Result<std::uint64_t> seed = sim::ParseUnsigned64(*input.seed);
    if (!seed) throw UsageError("--seed: " + seed.error().message);
    scenario.seed = *seed;
  }
  if (input.until) {
    const Result<sim::SimTime> until = sim::ParseScenarioTime(*input.until, sim::kNanosecond);
    if (!until) throw UsageError("--until: " + until.error().message);
    scenario.duration = *until;
  }
  const std::string name = input.file.empty() ? "the default scenario" : input.file;
  try {
    prepared.cost = sim::EstimateCost(scenario);
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
  sim::CostLimits limits;
  limits.memory_bytes = sim::PhysicalMemoryBytes();
  const std::vector<std::string> refusals = sim::CostRefusals(prepared.cost, limits);
  if (!refusals.empty() && !input.force) {
    std::string message = name + ": the run is estimated to cost more than this machine allows";
    for (const std::string& refusal : refusals) message += "\n  " + refusal;
    message += "\n  estimate: " + sim::DescribeCostInputs(prepared.cost) +
               " (docs/scenario-format.md, \"Cost estimate\")\n  --force runs it anyway";
    throw UsageError(message);
  }
  return prepared;
}

}  // namespace chainsim::cli
