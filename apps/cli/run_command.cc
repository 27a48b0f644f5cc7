#include "apps/cli/run_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include "apps/cli/scenario_input.h"
#include "sim/node/simulation.h"
#include "sim/report/narrator.h"
#include "sim/report/progress.h"
#include "sim/report/run_files.h"
#include "sim/report/run_report.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"

namespace chainsim::cli {
namespace {

struct RunOptions {
  ScenarioInput input;
  bool json = false;
  std::optional<std::string> out;
  bool narrate = false;
  std::string verbosity = "normal";
  std::string color = "auto";
  bool quiet = false;
  bool no_render = false;
};

// Refuses, before the run, an --out folder that could not be written
// afterwards: an empty name, a path that is not a folder, a folder (or the
// nearest existing parent of one to create) that is not writable. The folder
// itself is created only when the files are written.
void CheckOutputFolder(const std::string& out) {
  if (out.empty()) {
    throw UsageError(
        "--out: an empty folder name (expected the folder to write the run's files to)");
  }
  std::error_code error;
  std::filesystem::path existing = std::filesystem::absolute(out, error);
  while (!std::filesystem::exists(existing, error) && existing.has_parent_path() &&
         existing.parent_path() != existing) {
    existing = existing.parent_path();
  }
  const bool is_folder = std::filesystem::is_directory(existing, error);
  if (!is_folder || access(existing.c_str(), W_OK | X_OK) != 0) {
    throw UsageError("--out: " + out + ": cannot write the output folder (" + existing.string() +
                     (is_folder ? " is not writable" : " is not a folder") +
                     "; expected a folder that can be created or written)");
  }
}

bool ColorWanted(const std::string& choice) {
  if (choice == "always") return true;
  if (choice == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr &&
         (term == nullptr || std::string(term) != "dumb");
}

sim::Verbosity ParseVerbosity(const std::string& text) {
  if (text == "quiet") return sim::Verbosity::kQuiet;
  if (text == "detailed") return sim::Verbosity::kDetailed;
  return sim::Verbosity::kNormal;
}

int RunScenario(const RunOptions& options) {
  if (options.json && options.narrate) {
    throw UsageError("--json and --narrate both write to standard output: choose one");
  }
  sim::Scenario scenario = PrepareScenario(options.input).scenario;
  if (options.out) CheckOutputFolder(*options.out);
  const auto wall_start = std::chrono::steady_clock::now();
  std::unique_ptr<sim::Simulation> simulation;
  try {
    simulation = std::make_unique<sim::Simulation>(scenario);
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
  std::unique_ptr<sim::Narrator> narrator;
  if (options.narrate) {
    narrator = std::make_unique<sim::Narrator>(
        *simulation, std::cout,
        sim::NarratorOptions{ParseVerbosity(options.verbosity), ColorWanted(options.color)});
    simulation->set_observer(narrator.get());
  }
  sim::ProgressOptions progress;
  progress.enabled = !options.quiet && isatty(STDERR_FILENO) != 0;
  sim::RunWithProgress(*simulation, std::cerr, progress);
  const auto wall_end = std::chrono::steady_clock::now();

  const sim::RunReport report =
      sim::MakeRunReport(*simulation, std::chrono::duration<double>(wall_end - wall_start).count());
  if (narrator) {
    narrator->Finish(report);
    std::cout << "\n";
  }

  if (options.out) {
    sim::RunFilesOptions files;
    files.version = CHAINSIM_VERSION_STRING;
    files.render_graph = !options.no_render;
    sim::RunFilesResult written;
    try {
      written = sim::WriteRunFiles(*simulation, report, *options.out, files);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("--out: ") + e.what());
    }
    if (!options.quiet) {
      std::cerr << "chainsim: wrote";
      for (const auto& path : written.written) std::cerr << " " << path.string();
      std::cerr << "\n";
      for (const std::string& note : written.notes) std::cerr << "chainsim: note: " << note << "\n";
    }
  }

  if (options.json) {
    Json out = sim::RunReportToJson(report);
    out["scenario"] = sim::ScenarioToJson(simulation->scenario());
    out["seed"] = simulation->scenario().seed;
    out["chainsim_version"] = CHAINSIM_VERSION_STRING;
    out["fingerprint"] = sim::RunFingerprint(simulation->tree(), simulation->metrics());
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
      "Run a scenario file (or the default scenario) and report forks, stale blocks, "
      "propagation and convergence");
  run->add_option("FILE", options->input.file,
                  "scenario YAML file (- for standard input); omitted: the default scenario, "
                  "the same as an empty file");
  run->add_option("--seed", options->input.seed,
                  "master seed, 0 to 18446744073709551615 (overrides the scenario's)");
  run->add_option("--until", options->input.until,
                  "simulated time to run for, above 0, with a unit: 90s, 30min, 2h (overrides "
                  "duration)");
  run->add_flag("--force", options->input.force,
                "run even when the cost estimate is beyond this machine or the time limit");
  run->add_flag("--json", options->json, "print the report as JSON");
  run->add_option("--out", options->out,
                  "write run.json, blocks.csv, reorgs.csv, timeseries.csv and blocks.dot "
                  "(+ .svg/.png with graphviz) to this folder (created if needed)");
  run->add_flag("--no-render", options->no_render,
                "with --out: do not render blocks.dot with graphviz");
  run->add_flag("--narrate", options->narrate,
                "tell the run as it happens: blocks, forks, chain switches, agreement, "
                "partitions, lost transactions");
  run->add_option("--verbosity", options->verbosity,
                  "narration detail: quiet (forks and events), normal (+ every block), "
                  "detailed (+ every node's switch)")
      ->check(CLI::IsMember({"quiet", "normal", "detailed"}));
  run->add_option("--color", options->color, "ANSI colours in the narration: auto, always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  run->add_flag("--quiet", options->quiet, "no progress line and no list of written files");
  run->callback(
      [options, &dispatch] { dispatch.run = [options] { return RunScenario(*options); }; });
}

}  // namespace chainsim::cli
