#include "apps/cli/sweep_command.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "sim/scenario/cost_estimate.h"
#include "sim/scenario/scenario_error.h"
#include "sim/sweep/merge.h"
#include "sim/sweep/mpi_sweep.h"
#include "sim/sweep/mpi_world.h"
#include "sim/sweep/shard.h"
#include "sim/sweep/sweep_error.h"
#include "sim/sweep/sweep_file.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_runner.h"

namespace chainsim::cli {
namespace {

struct SweepCommandOptions {
  std::string file;
  std::string out;
  int jobs = 0;
  std::string shard = "0/1";
  bool run_files = false;
  bool restart = false;
  std::vector<std::string> merge;
  std::vector<std::string> figures;
  bool quiet = false;
  bool force = false;
};

// More threads than this is a typo, not a machine.
constexpr int kMaxJobs = 1024;

// The figures the table shows when --figure is not given.
const std::vector<std::string>& DefaultFigures() {
  static const std::vector<std::string> kFigures = {"blocks.stale_rate",
                                                    "propagation.p50_nodes.median_s"};
  return kFigures;
}

std::string DefaultOut(const std::string& name) {
  std::string safe;
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    safe += keep ? c : '-';
  }
  if (safe.empty() || safe == "." || safe == "..") safe = "sweep";
  return "runs/sweeps/" + safe;
}

std::string Number(const Json& value) {
  if (!value.is_number()) return "-";
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.4g", value.get<double>());
  return text.data();
}

// The chosen figures per point, from DIR/points.json.
void PrintTable(const std::filesystem::path& dir, const std::vector<std::string>& chosen) {
  std::ifstream in(dir / "points.json", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const Result<Json> parsed = ParseJson(text.str());
  if (!parsed) return;
  const Json& doc = parsed.value();
  const auto& known = doc["figures"];
  std::vector<std::string> figures;
  for (const std::string& f : chosen) {
    if (std::find(known.begin(), known.end(), f) != known.end()) {
      figures.push_back(f);
    } else {
      std::cerr << "chainsim: note: no figure '" << f << "' (names as in runs.csv's header, e.g. "
                << "blocks.stale_rate, reorgs.deepest, propagation.p90_nodes.median_s)\n";
    }
  }
  const std::vector<std::string> parameters = doc["parameters"];
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"point"};
  header.insert(header.end(), parameters.begin(), parameters.end());
  header.emplace_back("runs");
  for (const std::string& f : figures) header.push_back(f + " mean [95 % CI]");
  rows.push_back(header);
  for (const Json& point : doc["points"]) {
    std::vector<std::string> row = {std::to_string(point["point"].get<std::size_t>())};
    for (const std::string& p : parameters) row.push_back(point["values"][p]);
    row.push_back(std::to_string(point["runs"].get<std::size_t>()));
    for (const std::string& f : figures) {
      const Json& s = point["figures"][f];
      std::string cell = Number(s["mean"]);
      if (s["ci95_low"].is_number()) {
        cell += " [" + Number(s["ci95_low"]) + ", " + Number(s["ci95_high"]) + "]";
      }
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i] + std::string(width[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  }
}

int InvalidChainRuns(const std::vector<sim::RunRecord>& records) {
  int invalid = 0;
  for (const sim::RunRecord& r : records) {
    const auto it = r.figures.find("checks.all_chains_valid");
    if (it != r.figures.end() && it->is_boolean() && !it->get<bool>()) ++invalid;
  }
  return invalid;
}

int Finish(const SweepCommandOptions& options, const std::filesystem::path& out,
           const std::vector<sim::RunRecord>& records, bool aggregated, std::size_t total) {
  if (aggregated) {
    if (!options.quiet) {
      std::cerr << "chainsim: wrote " << (out / "runs.csv").string() << ", "
                << (out / "points.csv").string() << ", " << (out / "points.json").string() << "\n";
    }
    PrintTable(out, options.figures.empty() ? DefaultFigures() : options.figures);
  } else {
    std::cerr << "chainsim: " << records.size() << " of " << total << " runs are done in "
              << out.string()
              << "; the aggregates are written once the folder holds every run (run the other "
                 "shards into it, or combine shard folders with chainsim sweep --merge DIR...)\n";
  }
  if (const int invalid = InvalidChainRuns(records); invalid > 0) {
    std::cerr << "chainsim: " << invalid
              << " runs ended with a chain that fails valid_chain (see checks.* in runs.csv)\n";
    return kExitFailed;
  }
  return kExitOk;
}

int Merge(const SweepCommandOptions& options) {
  if (!options.file.empty()) {
    throw UsageError(
        "--merge takes sweep folders, not a sweep file: chainsim sweep --merge DIR...");
  }
  std::vector<std::filesystem::path> dirs(options.merge.begin(), options.merge.end());
  const std::filesystem::path out =
      options.out.empty() ? dirs.front() : std::filesystem::path(options.out);
  const sim::MergeOutcome outcome = sim::MergeSweepFolders(dirs, out);
  if (!options.quiet) {
    std::cerr << "chainsim: merged " << dirs.size() << " folders into " << out.string() << ": "
              << outcome.done << " of " << outcome.runs_total << " runs (" << outcome.added
              << " new there)\n";
  }
  if (outcome.done < outcome.runs_total) {
    std::cerr << "chainsim: note: " << outcome.runs_total - outcome.done
              << " runs are missing: the aggregates cover the runs present (points.json says "
                 "\"complete\": false)\n";
  }
  return Finish(options, out, outcome.records, true, outcome.runs_total);
}

sim::SweepPlan Plan(const SweepCommandOptions& options) {
  return sim::SweepPlan::Make(sim::ReadSweepFile(options.file), CHAINSIM_VERSION_STRING);
}

// The cost estimate of every point (sim/scenario/cost_estimate.h), as
// `chainsim run` checks one scenario: a point whose run is estimated beyond
// this machine's memory shared by `jobs` runs at once, or beyond the CPU-time
// limit, is refused unless --force.
void CheckCost(const sim::SweepPlan& plan, int jobs, bool force) {
  sim::CostLimits limits;
  limits.memory_bytes = sim::PhysicalMemoryBytes() / jobs;
  for (const sim::SweepPoint& point : plan.points()) {
    const sim::CostEstimate cost = sim::EstimateCost(point.scenario);
    const std::vector<std::string> refusals = sim::CostRefusals(cost, limits);
    if (refusals.empty() || force) continue;
    std::string message = plan.file().source + ": " + sim::SweepPointName(plan.file(), point) +
                          ": a run is estimated to cost more than this machine allows" +
                          (jobs > 1 ? " with " + std::to_string(jobs) + " runs at once" : "");
    for (const std::string& refusal : refusals) message += "\n  " + refusal;
    message += "\n  estimate: " + sim::DescribeCostInputs(cost) +
               " (docs/scenario-format.md, \"Cost estimate\")\n  --force runs it anyway";
    throw UsageError(message);
  }
}

int Sweep(SweepCommandOptions options) {
  if (!options.merge.empty()) return Merge(options);
  if (options.file.empty()) {
    throw UsageError("sweep: a sweep file is needed (chainsim sweep FILE), or --merge DIR...");
  }
  const Result<sim::Shard> shard = sim::ParseShard(options.shard);
  if (!shard) throw UsageError(shard.error().message);
  if (options.jobs < 0 || options.jobs > kMaxJobs) {
    throw UsageError("--jobs: expected a number of threads from 1 to " + std::to_string(kMaxJobs) +
                     " (0: all cores)");
  }

  std::unique_ptr<sim::MpiWorld> world;
  if (sim::LaunchedWorldSize() > 1) world = std::make_unique<sim::MpiWorld>();
  const bool root = world == nullptr || world->rank() == 0;
  if (options.jobs == 0) {
    // Under MPI one thread per rank unless asked: mpirun starts a rank per core.
    options.jobs = world ? 1 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  }

  std::unique_ptr<sim::SweepPlan> plan;
  std::string error;
  try {
    plan = std::make_unique<sim::SweepPlan>(Plan(options));
  } catch (const sim::SweepError& e) {
    error = e.what();
  } catch (const sim::ScenarioError& e) {
    error = e.what();
  }
  if (world && !world->AllOk(error.empty())) {
    // Rank 0 says why; another rank only when its problem is its own (rank 0
    // planned the sweep). Every rank says it before any rank exits: mpirun
    // ends the whole job, unflushed output and all, when the first rank exits
    // with an error.
    const bool root_failed = world->Broadcast(error.empty() ? "ok" : "failed") == "failed";
    const bool says = !error.empty() && (root || !root_failed);
    if (says) {
      std::cerr << "chainsim: "
                << (root ? error : "MPI rank " + std::to_string(world->rank()) + ": " + error)
                << std::endl;
    }
    world->AllOk(true);  // a barrier: every message is out
    return kExitBadInput;
  }
  if (!error.empty()) throw UsageError(error);
  // Every rank checks the same plan, so every rank stops alike.
  CheckCost(*plan, options.jobs, options.force);

  sim::SweepOptions sweep;
  sweep.out = options.out.empty() ? DefaultOut(plan->file().name) : options.out;
  sweep.jobs = options.jobs;
  sweep.shard = shard.value();
  sweep.run_files = options.run_files;
  sweep.restart = options.restart;
  sweep.version = CHAINSIM_VERSION_STRING;
  sweep.progress = !options.quiet && isatty(STDERR_FILENO) != 0 ? &std::cerr : nullptr;
  if (root && !options.quiet) {
    std::cerr << "chainsim sweep: " << plan->file().name << " (" << options.file << "), "
              << plan->points().size() << " points x " << plan->file().replications
              << " replications = " << plan->run_count() << " runs, seed " << plan->file().seed;
    if (sweep.shard.count > 1) {
      std::cerr << ", shard " << sweep.shard.index << "/" << sweep.shard.count;
    }
    std::cerr << ", " << sweep.jobs << (sweep.jobs == 1 ? " thread" : " threads");
    if (world) std::cerr << " on each of " << world->size() << " MPI ranks";
    std::cerr << ", into " << sweep.out.string() << "\n";
  }

  sim::SweepOutcome outcome;
  try {
    outcome = world ? sim::RunSweepMpi(*plan, sweep, *world) : sim::RunSweep(*plan, sweep);
  } catch (const sim::MpiPeerFailed&) {
    return kExitBadInput;
  } catch (const sim::SweepError& e) {
    if (world && root) {
      std::cerr << "chainsim: " << e.what() << "\n";
      world->Abort(kExitBadInput);
    }
    throw UsageError(world ? "MPI rank " + std::to_string(world->rank()) + ": " + e.what()
                           : std::string(e.what()));
  }
  if (!root) return kExitOk;
  if (!options.quiet) {
    std::cerr << "chainsim: " << outcome.ran << " runs done now, " << outcome.skipped
              << " were already done in " << sweep.out.string() << "\n";
    if (outcome.torn_journals > 0) {
      std::cerr << "chainsim: note: " << outcome.torn_journals
                << " journal(s) of other shards end in an unfinished line (a process killed while "
                   "recording a run); that run is not counted as done\n";
    }
  }
  return Finish(options, sweep.out, outcome.records, outcome.aggregated, outcome.runs_total);
}

}  // namespace

void AddSweepCommand(CLI::App& app, Dispatch& dispatch) {
  auto options = std::make_shared<SweepCommandOptions>();
  CLI::App* sweep = app.add_subcommand(
      "sweep",
      "Run a scenario many times with parameters varied (a sweep file, docs/sweeps.md) and "
      "report every figure per point with a 95 % confidence interval");
  sweep->add_option("FILE", options->file, "sweep YAML file");
  sweep->add_option("--out", options->out,
                    "output folder (default runs/sweeps/NAME); rerunning into it resumes");
  sweep->add_option("--jobs,-j", options->jobs,
                    "runs at a time, on as many threads (default: all cores; 1 per MPI rank)");
  sweep->add_option("--shard", options->shard,
                    "run only shard I of N (0-based: runs I, I+N, I+2N, ...), e.g. 0/4");
  sweep->add_flag("--run-files", options->run_files,
                  "also write every run's own files (run.json, blocks.csv, ...) to OUT/runs/");
  sweep->add_flag("--restart", options->restart,
                  "delete the results already in the output folder and start over");
  sweep
      ->add_option("--merge", options->merge,
                   "combine the results of these sweep folders (shards) into --out (default: "
                   "the first)")
      ->expected(1, -1);
  sweep
      ->add_option("--figure", options->figures,
                   "figure to show per point on standard output (repeatable; default: "
                   "blocks.stale_rate and propagation.p50_nodes.median_s)")
      ->allow_extra_args(false);
  sweep->add_flag("--quiet", options->quiet, "no progress line and no notes on stderr");
  sweep->add_flag("--force", options->force,
                  "run points whose runs are estimated to cost more than this machine allows");
  sweep->callback([options, &dispatch] {
    dispatch.run = [options] {
      try {
        return Sweep(*options);
      } catch (const sim::SweepError& e) {
        throw UsageError(e.what());
      } catch (const sim::ScenarioError& e) {
        throw UsageError(e.what());
      }
    };
  });
}

}  // namespace chainsim::cli
