#include "apps/cli/run_command.h"

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "core/canonical_json.h"
#include "sim/node/simulation.h"
#include "sim/report/run_report.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/units.h"

namespace chainsim::cli {
namespace {

struct RunOptions {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::string until;
  bool json = false;
};

sim::Scenario LoadScenario(const RunOptions& options) {
  try {
    sim::Scenario scenario =
        options.file.empty() ? sim::DefaultScenario() : sim::LoadScenarioFile(options.file);
    if (options.seed) scenario.seed = *options.seed;
    if (!options.until.empty()) {
      const Result<sim::SimTime> until = sim::ParseDuration(options.until);
      if (!until) throw UsageError("--until: " + until.error().message);
      scenario.duration = *until;
    }
    return scenario;
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
}

int RunScenario(const RunOptions& options) {
  sim::Scenario scenario = LoadScenario(options);
  const auto wall_start = std::chrono::steady_clock::now();
  std::unique_ptr<sim::Simulation> simulation;
  try {
    simulation = std::make_unique<sim::Simulation>(scenario);
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
  simulation->Run();
  const auto wall_end = std::chrono::steady_clock::now();

  sim::RunReport report;
  report.scenario = &simulation->scenario();
  report.summary = simulation->Summarize();
  report.network = simulation->network().counters();
  report.simulated = simulation->engine().now();
  report.events = simulation->engine().executed();
  report.wall_seconds = std::chrono::duration<double>(wall_end - wall_start).count();
  for (sim::NodeIndex i = 0; i < static_cast<sim::NodeIndex>(simulation->node_count()); ++i) {
    if (!simulation->node(i).up) continue;
    ++report.live_nodes;
    if (simulation->node(i).tip == report.summary.main_tip) ++report.main_chain_nodes;
  }

  if (options.json) {
    Json out = sim::RunReportToJson(report);
    out["scenario"] = sim::ScenarioToJson(simulation->scenario());
    out["seed"] = simulation->scenario().seed;
    out["chainsim_version"] = CHAINSIM_VERSION_STRING;
    std::cout << out.dump(2) << "\n";
  } else {
    sim::WriteRunText(std::cout, report);
  }
  return report.summary.all_chains_valid ? kExitOk : kExitFailed;
}

}  // namespace

void AddRunCommand(CLI::App& app, Dispatch& dispatch) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* run = app.add_subcommand(
      "run",
      "Run a scenario file (or the built-in default) and report forks, stale blocks, "
      "propagation and convergence");
  run->add_option("FILE", options->file, "scenario YAML file; omitted: the built-in default");
  run->add_option("--seed", options->seed, "master seed (overrides the scenario's)");
  run->add_option("--until", options->until,
                  "simulated time to run for, with a unit: 90s, 30min, 2h (overrides duration)");
  run->add_flag("--json", options->json, "print the report as JSON");
  run->callback(
      [options, &dispatch] { dispatch.run = [options] { return RunScenario(*options); }; });
}

}  // namespace chainsim::cli
