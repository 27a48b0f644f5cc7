#pragma once
// Merging the folders of a sharded sweep (`chainsim sweep --merge DIR...`).
//
// Every folder must hold the same sweep (same fingerprint in sweep.json).
// Their records are checked and combined, one per run (a run found in two
// folders must have the same results), and written to the output folder:
// its sweep.json, a journal results/merged.jsonl with the runs it did not
// hold yet, and the aggregates, which are byte-identical to those of the
// same sweep run in one process once every run is present (and cover the
// runs present otherwise, saying so in points.json). Runs' own files stay
// in the folders that made them.
// Thread safety: call from one thread.

#include <cstddef>
#include <filesystem>
#include <vector>

#include "sim/sweep/run_record.h"

namespace chainsim::sim {

struct MergeOutcome {
  std::size_t runs_total = 0;
  std::size_t done = 0;            // distinct runs found
  std::size_t added = 0;           // runs new to the output folder
  std::vector<RunRecord> records;  // every run, sorted
};

// `out` may be one of `dirs`. Throws SweepError.
// REQUIRES: dirs non-empty.
MergeOutcome MergeSweepFolders(const std::vector<std::filesystem::path>& dirs,
                               const std::filesystem::path& out);

}  // namespace chainsim::sim
