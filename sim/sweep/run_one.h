#pragma once
// Runs one run of a sweep: builds the Simulation of the run's scenario, runs
// it to the end, and keeps its RunRecord (and, when asked, its own files).
//
// The simulation advances in slices of virtual time and looks at `stop`
// between slices (as sim/report/progress.h does): slicing adds no events, so
// the run is exactly the same as an uninterrupted one. When `stop` is set the
// run is abandoned and RunCancelled is thrown.
// Thread safety: runs on any thread; runs share nothing (the Simulation, its
// engine and its random streams belong to the call; the scenario is copied).

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/scenario/scenario.h"
#include "sim/sweep/run_record.h"
#include "sim/sweep/sweep_plan.h"

namespace chainsim::sim {

// Thrown by RunOne when `stop` was set during the run.
class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("run cancelled") {}
};

struct RunOneOptions {
  // Write the run's own files (run.json, blocks.csv, ...; sim/report/
  // run_files.h: no replay page, no PNG) to this folder; empty: none.
  // Default: empty.
  std::filesystem::path run_files_dir;
  // chainsim's version, written into run.json. Default: "".
  std::string version;
  // Abandon the run when this becomes true; may be null. Default: null.
  const std::atomic<bool>* stop = nullptr;
};

// Runs `scenario` (whose seed is already the run's) as run `run`. Throws
// ScenarioError when the world cannot be built, std::runtime_error when the
// run's files cannot be written, RunCancelled.
RunRecord RunOne(const Scenario& scenario, const PlannedRun& run, const RunOneOptions& options);

}  // namespace chainsim::sim
