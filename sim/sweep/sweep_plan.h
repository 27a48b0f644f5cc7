#pragma once
// SweepPlan: the runs of a sweep, each point's resolved scenario, each run's
// seed, and the resolved sweep (sweep.json) with its fingerprint.
//
// Points: with `combine: grid` every combination of the parameters' values,
// numbered with the first parameter varying slowest (as nested loops in file
// order); with `combine: paired` point i takes the i-th value of every
// parameter. Each point's scenario is the base scenario's YAML tree with the
// point's values set at their paths, loaded through the scenario loader:
// every point gets exactly the loader's checks. A point the loader refuses
// is reported at the sweep file's position of the value that made it
// invalid (SweepError, "file:line:column: point 3 (protocol.kind=push):
// <the loader's message>").
//
// Runs: run r is point r / replications, replication r % replications; its
// seed is SweepRunSeed(sweep seed, point, replication), so a run's result
// depends on nothing but the sweep file and the run's place in it: not on
// which process, thread or shard ran it, nor when.
//
// The resolved sweep (ResolvedJson) holds the sweep's settings, every
// parameter's values and every point's values and resolved scenario (its
// seed removed: seeds are per run). Its fingerprint, a SHA-256 over the
// parts that decide results (seed, replications, combine, parameters,
// points, chainsim version), tells whether a folder's results belong to
// this sweep.
//
// Limits: at most kMaxSweepPoints points and kMaxSweepRuns runs.
// Thread safety: a SweepPlan is immutable after Make; share it freely.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/scenario/scenario.h"
#include "sim/sweep/sweep_file.h"

namespace chainsim::sim {

inline constexpr std::size_t kMaxSweepPoints = 20'000;
inline constexpr std::size_t kMaxSweepRuns = 200'000;

// DeriveSeed(DeriveSeed(sweep_seed, "sweep-point", point), "sweep-replication",
// replication) (sim/engine/random.h).
std::uint64_t SweepRunSeed(std::uint64_t sweep_seed, std::size_t point, std::size_t replication);

struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::size_t> value_index;  // per parameter: which of its values
  Scenario scenario;                     // resolved; the seed is set per run
};

struct PlannedRun {
  std::size_t run = 0;
  std::size_t point = 0;
  std::size_t replication = 0;
  std::uint64_t seed = 0;
};

class SweepPlan {
 public:
  // Expands and loads every point. `version` is chainsim's version, part of
  // the fingerprint. Throws SweepError.
  static SweepPlan Make(SweepFile file, const std::string& version);

  const SweepFile& file() const { return file_; }
  const std::vector<SweepPoint>& points() const { return points_; }
  std::size_t run_count() const {
    return points_.size() * static_cast<std::size_t>(file_.replications);
  }
  // REQUIRES: run < run_count().
  PlannedRun Run(std::size_t run) const;
  // Scenario of `run`: its point's, with the run's seed.
  Scenario RunScenario(const PlannedRun& run) const;

  // sweep.json: {"chainsim_version", "name", "description", "source", "seed",
  // "replications", "combine", "run_seeds", "parameters": [{"name", "path",
  // "values"}], "points": [{"point", "values": {name: label}, "scenario"}],
  // "runs", "fingerprint"}.
  const Json& resolved() const { return resolved_; }
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  SweepFile file_;
  std::vector<SweepPoint> points_;
  Json resolved_;
  std::string fingerprint_;
};

// "point 3 (protocol.block_size=1MB, network.topology=ring)": a point and
// its values, for messages.
std::string SweepPointName(const SweepFile& file, const SweepPoint& point);

// The fingerprint of a resolved sweep document (as SweepPlan::resolved(),
// with or without its "fingerprint" key).
std::string SweepFingerprint(const Json& resolved);

}  // namespace chainsim::sim
