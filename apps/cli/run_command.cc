#include "apps/cli/run_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>

#include "apps/cli/scenario_input.h"
#include "sim/node/simulation.h"
#include "sim/report/narrator.h"
#include "sim/report/observer_fanout.h"
#include "sim/report/progress.h"
#include "sim/report/replay_page.h"
#include "sim/report/replay_recorder.h"
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
  std::optional<std::string> html;
};

// Refuses, before the run, an output that could not be written afterwards:
// an empty name, or a `folder` (or the nearest existing parent of one to
// create) that is not a writable folder. `option` and `path` name it in the
// message. Nothing is created until the files are written.
void CheckOutputFolder(const std::string& option, const std::string& path,
                       const std::filesystem::path& folder) {
  if (path.empty()) {
    throw UsageError(option + ": an empty name (expected where to write the run's output)");
  }
  std::error_code error;
  std::filesystem::path existing = std::filesystem::absolute(folder, error);
  while (!std::filesystem::exists(existing, error) && existing.has_parent_path() &&
         existing.parent_path() != existing) {
    existing = existing.parent_path();
  }
  const bool is_folder = std::filesystem::is_directory(existing, error);
  if (!is_folder || access(existing.c_str(), W_OK | X_OK) != 0) {
    throw UsageError(option + ": " + path + ": cannot write the output folder (" +
                     existing.string() + (is_folder ? " is not writable" : " is not a folder") +
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

// `path` quoted for sh.
std::string ShellQuoted(const std::filesystem::path& path) {
  std::string quoted = "'";
  for (const char c : path.string()) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// blocks.png from blocks.svg with rsvg-convert (Debian package librsvg2-bin),
// when it is installed; otherwise a note.
void RenderBlocksPng(const std::filesystem::path& dir, sim::RunFilesResult& written) {
  if (std::system("command -v rsvg-convert > /dev/null 2>&1") != 0) {
    written.notes.emplace_back(
        "rsvg-convert not found: blocks.png not rendered (apt install librsvg2-bin; blocks.svg "
        "is there)");
    return;
  }
  const std::filesystem::path png = dir / "blocks.png";
  const std::string command = "rsvg-convert --background-color=white -o " + ShellQuoted(png) + " " +
                              ShellQuoted(dir / "blocks.svg") + " 2>/dev/null";
  if (std::system(command.c_str()) == 0) {
    written.written.push_back(png);
  } else {
    written.notes.emplace_back("rsvg-convert failed to render blocks.png");
  }
}

int RunScenario(const RunOptions& options) {
  if (options.json && options.narrate) {
    throw UsageError("--json and --narrate both write to standard output: choose one");
  }
  sim::Scenario scenario = PrepareScenario(options.input).scenario;
  if (options.out) CheckOutputFolder("--out", *options.out, *options.out);
  if (options.html) {
    CheckOutputFolder("--html", *options.html,
                      std::filesystem::path(*options.html).parent_path().empty()
                          ? std::filesystem::path(".")
                          : std::filesystem::path(*options.html).parent_path());
  }
  const auto wall_start = std::chrono::steady_clock::now();
  std::unique_ptr<sim::Simulation> simulation;
  try {
    simulation = std::make_unique<sim::Simulation>(scenario);
  } catch (const sim::ScenarioError& e) {
    throw UsageError(e.what());
  }
  sim::ObserverFanout observers;
  std::unique_ptr<sim::Narrator> narrator;
  if (options.narrate) {
    narrator = std::make_unique<sim::Narrator>(
        *simulation, std::cout,
        sim::NarratorOptions{ParseVerbosity(options.verbosity), ColorWanted(options.color)});
    observers.Add(narrator.get());
  }
  // The replay page needs the run recorded as it happens; without --html or
  // --out nothing is recorded.
  std::unique_ptr<sim::ReplayRecorder> recorder;
  if (options.html || options.out) {
    recorder = std::make_unique<sim::ReplayRecorder>(*simulation);
    observers.Add(recorder.get());
  }
  if (!observers.empty()) simulation->set_observer(&observers);
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
  if (recorder) recorder->Finish(report);

  if (options.out) {
    sim::RunFilesOptions files;
    files.version = CHAINSIM_VERSION_STRING;
    files.replay = recorder.get();
    sim::RunFilesResult written;
    try {
      written = sim::WriteRunFiles(*simulation, report, *options.out, files);
    } catch (const std::runtime_error& e) {
      throw UsageError(std::string("--out: ") + e.what());
    }
    if (!options.no_render) RenderBlocksPng(*options.out, written);
    if (!options.quiet) {
      std::cerr << "chainsim: wrote";
      for (const auto& path : written.written) std::cerr << " " << path.string();
      std::cerr << "\n";
      for (const std::string& note : written.notes) std::cerr << "chainsim: note: " << note << "\n";
    }
  }

  if (options.html) {
    std::ofstream page(*options.html, std::ios::binary | std::ios::trunc);
    if (page) sim::WriteReplayPage(page, *simulation, report, *recorder, CHAINSIM_VERSION_STRING);
    page.close();
    if (!page) throw UsageError("--html: " + *options.html + ": cannot write the file");
    if (!options.quiet) std::cerr << "chainsim: wrote " << *options.html << "\n";
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
                  "write run.json, blocks.csv, reorgs.csv, timeseries.csv, chain.json, "
                  "network.json, blocks.dot, blocks.svg (+ .png), replay.html to this folder "
                  "(created if needed)");
  run->add_flag("--no-render", options->no_render,
                "with --out: do not render blocks.svg to blocks.png (rsvg-convert)");
  run->add_option("--html", options->html,
                  "write the replay page, one self-contained HTML file, to this path (--out "
                  "writes it as replay.html too)");
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
