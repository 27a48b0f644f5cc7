#pragma once
// The aggregate files of a sweep, computed from its finished runs:
//
//   runs.csv     one row per run: run, point, replication, seed, the
//                point's parameter values, the run's fingerprint, every
//                figure (empty when not reached; booleans as 1/0)
//   points.csv   one row per point and figure: the parameter values, runs,
//                n, mean, sd, ci95_low, ci95_high (a first '#' line says how
//                they are computed)
//   points.json  the same per point, with the sweep's name, fingerprint, how
//                many runs are done, and the interval's definition
//
// Statistics are those of sim/sweep/statistics.h over the runs of a point
// where the figure has a value; `runs - n` of them did not reach it (e.g. no
// block reached 100 % of the nodes). The columns are the union of the
// figures of every run, in a fixed order (dotted names compared part by
// part, numeric parts as numbers), so they do not depend on which runs are
// present.
//
// The files are a pure function of the resolved sweep and the set of
// records: records are taken in run order, so any number of threads,
// shards or MPI ranks, in any completion order, give byte-identical files.
// Thread safety: pure.

#include <string>
#include <vector>

#include "core/json.h"
#include "sim/sweep/run_record.h"

namespace chainsim::sim {

struct AggregateFiles {
  std::string runs_csv;
  std::string points_csv;
  std::string points_json;
};

// REQUIRES: `resolved` is a sweep.json document (sim/sweep/sweep_plan.h);
// `records` are sorted by run, one per run, each consistent with it.
AggregateFiles Aggregate(const Json& resolved, const std::vector<RunRecord>& records);

// The figure names of `records`, in the order of the aggregate files.
std::vector<std::string> FigureNames(const std::vector<RunRecord>& records);

// Text of a figure value in runs.csv: integers in decimal, other numbers in
// the shortest form that reads back exactly, booleans 1 or 0, null "".
std::string FigureText(const Json& value);

}  // namespace chainsim::sim
