// scenario_timer: runs one scenario file and prints, as one JSON object, how
// long each phase took (build the world, run, summarize), the events run,
// events per second of the run phase, peak memory, and the run's headline
// figures (blocks, stale rate, propagation medians, all-pairs arrival,
// fingerprint) so that a speed-up can be checked to leave the results
// unchanged.
//
//   scenario_timer FILE [--nodes N] [--max-blocks N] [--duration SECONDS] [--seed N]
//
// The overrides replace the scenario's values (for sweeps without a file per
// point). Peak memory is getrusage's ru_maxrss of this process: run one
// scenario per process (bench/scenarios/run_scenarios.py does).

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "core/json.h"
#include "sim/metrics/run_summary.h"
#include "sim/node/simulation.h"
#include "sim/report/run_files.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {
namespace {

double WallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Peak resident set so far, in MB (ru_maxrss is in kB on Linux).
double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Current resident set, in MB (/proc/self/statm, second field, in pages).
double CurrentRssMb() {
  std::ifstream statm("/proc/self/statm");
  long long size = 0;
  long long resident = 0;
  statm >> size >> resident;
  return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

Json Seconds(const Distribution& d) {
  if (d.count == 0) return nullptr;
  return Json{{"median_s", ToSeconds(d.median)}, {"p90_s", ToSeconds(d.p90)}, {"count", d.count}};
}

// The all-pairs arrival (docs/metrics.md): pairs, never received, and the
// received pairs' mean and percentiles (null without any).
Json Arrival(const ArrivalTally& a) {
  if (a.received.count == 0) return nullptr;
  return Json{{"pairs", a.pairs},
              {"never", a.never},
              {"mean_s", ToSeconds(a.received.mean)},
              {"p10_s", ToSeconds(a.received.p10)},
              {"median_s", ToSeconds(a.received.median)},
              {"p90_s", ToSeconds(a.received.p90)}};
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: scenario_timer FILE [--nodes N] [--max-blocks N] [--duration SECONDS] "
                 "[--seed N]\n";
    return 2;
  }
  Scenario scenario = LoadScenarioFile(argv[1]);
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--nodes") {
      scenario.nodes = std::stoi(value);
    } else if (flag == "--max-blocks") {
      scenario.mining.max_blocks = std::stoll(value);
    } else if (flag == "--duration") {
      scenario.duration = FromSeconds(std::stod(value));
    } else if (flag == "--seed") {
      scenario.seed = std::stoull(value);
    } else {
      std::cerr << "scenario_timer: unknown option " << flag << "\n";
      return 2;
    }
  }
  const double rss_at_start = CurrentRssMb();

  const double wall0 = WallSeconds();
  const double cpu0 = CpuSeconds();
  auto simulation = std::make_unique<Simulation>(scenario);
  const double wall1 = WallSeconds();
  const double cpu1 = CpuSeconds();
  const double rss_after_build = CurrentRssMb();
  simulation->Run();
  const double wall2 = WallSeconds();
  const double cpu2 = CpuSeconds();
  const double rss_after_run = CurrentRssMb();
  const RunReport report = MakeRunReport(*simulation, wall2 - wall1);
  const std::string fingerprint = RunFingerprint(simulation->tree(), simulation->metrics());
  const double wall3 = WallSeconds();
  const double cpu3 = CpuSeconds();

  const std::uint64_t events = simulation->engine().executed();
  const RunSummary& s = report.summary;
  Json out = {
      {"scenario", scenario.name},
      {"file", argv[1]},
      {"nodes", scenario.nodes},
      {"seed", scenario.seed},
      {"blocks_mined", s.blocks_mined},
      {"stale_rate", s.stale_rate},
      {"propagation_p50_nodes", Seconds(s.propagation[0])},
      {"propagation_p90_nodes", Seconds(s.propagation[1])},
      {"propagation_p100_nodes", Seconds(s.propagation[2])},
      {"arrival", Arrival(s.arrival)},
      {"messages", report.network.messages_sent},
      {"events", events},
      {"build_wall_s", wall1 - wall0},
      {"run_wall_s", wall2 - wall1},
      {"summary_wall_s", wall3 - wall2},
      {"wall_s", wall3 - wall0},
      {"build_cpu_s", cpu1 - cpu0},
      {"run_cpu_s", cpu2 - cpu1},
      {"cpu_s", cpu3 - cpu0},
      {"events_per_s", static_cast<double>(events) / (wall2 - wall1)},
      {"events_per_cpu_s", static_cast<double>(events) / (cpu2 - cpu1)},
      {"rss_start_mb", rss_at_start},
      {"rss_after_build_mb", rss_after_build},
      {"rss_after_run_mb", rss_after_run},
      {"peak_rss_mb", PeakRssMb()},
      {"all_chains_valid", s.all_chains_valid},
      {"fingerprint", fingerprint},
  };
  std::cout << out.dump() << "\n";
  return s.all_chains_valid ? 0 : 1;
}

}  // namespace
}  // namespace chainsim::sim

int main(int argc, char** argv) {
  try {
    return chainsim::sim::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "scenario_timer: " << e.what() << "\n";
    return 2;
  }
}
