#include "sim/sweep/run_one.h"

#include <algorithm>
#include <chrono>

#include "sim/node/simulation.h"
#include "sim/report/run_files.h"
#include "sim/report/run_report.h"

namespace chainsim::sim {

RunRecord RunOne(const Scenario& scenario, const PlannedRun& run, const RunOneOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Simulation simulation(scenario);
  const SimTime end = simulation.end_time();
  // About a hundred slices: a stop request is seen within about 1 % of a run.
  const SimTime slice = std::max<SimTime>(end / 100, kMillisecond);
  for (SimTime t = simulation.engine().now(); t < end;) {
    if (options.stop != nullptr && options.stop->load(std::memory_order_relaxed)) {
      throw RunCancelled();
    }
    t = end - t > slice ? t + slice : end;
    simulation.RunUntil(t);
  }
  simulation.Finish();
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const RunReport report = MakeRunReport(simulation, wall);

  RunRecord record;
  record.run = run.run;
  record.point = run.point;
  record.replication = run.replication;
  record.seed = run.seed;
  record.fingerprint = RunFingerprint(simulation.tree(), simulation.metrics());
  record.figures = FlattenFigures(RunReportToJson(report));
  record.wall_seconds = wall;
  if (!options.run_files_dir.empty()) {
    RunFilesOptions files;
    files.version = options.version;
    WriteRunFiles(simulation, report, options.run_files_dir, files);
    record.run_files = true;
  }
  return record;
}

}  // namespace chainsim::sim
