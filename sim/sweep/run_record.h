#pragma once
// RunRecord: what a sweep keeps of one finished run: its place in the sweep,
// its seed, the fingerprint of its events and every summary figure.
//
// Figures are the run's report (RunReportToJson, docs/metrics.md) flattened
// to dotted names: {"blocks": {"stale_rate": x}} becomes "blocks.stale_rate",
// list entries get their index ("agreement.heals.0.convergence_s"). Numbers
// and booleans are kept (a boolean counts as 1 or 0 in the aggregates), null
// means "not reached" (a missing value), text is left out, and so are the
// wall-clock figures (run.wall_s, run.events_per_s): everything kept is a
// pure function of the scenario and seed, so the same run always gives the
// same record.
//
// Records travel as one line of JSON (journals, MPI messages).
// Thread safety: values; the functions are pure.

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json.h"
#include "core/result.h"

namespace chainsim::sim {

struct RunRecord {
  std::size_t run = 0;  // place in the sweep: point * replications + replication
  std::size_t point = 0;
  std::size_t replication = 0;
  std::uint64_t seed = 0;
  std::string fingerprint;        // RunFingerprint of the run (sim/report/run_files.h)
  Json figures = Json::object();  // flat: name -> number, boolean or null
  bool run_files = false;         // the run's own files were written
  double wall_seconds = 0.0;      // informative only; never part of any output
};

// The report's figures, flattened as described above. REQUIRES: an object.
Json FlattenFigures(const Json& report);

// One line of JSON, without a newline.
std::string RunRecordLine(const RunRecord& record);

// Parses a line written by RunRecordLine; an error says what is missing or
// malformed.
Result<RunRecord> ParseRunRecordLine(std::string_view line);

// Same run and same results (ignores run_files and wall_seconds).
bool SameResults(const RunRecord& a, const RunRecord& b);

}  // namespace chainsim::sim
