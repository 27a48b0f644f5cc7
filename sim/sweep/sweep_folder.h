#pragma once
// SweepFolder: the output folder of a sweep, and what is known to be done.
//
//   DIR/sweep.json       the resolved sweep (sim/sweep/sweep_plan.h)
//   DIR/results/*.jsonl  journals of finished runs, one per shard or merge
//                        (sim/sweep/journal.h)
//   DIR/runs/pP-rR/      a run's own files, with --run-files
//   DIR/runs.csv, DIR/points.csv, DIR/points.json   the aggregates
//                        (sim/sweep/aggregate.h), written when asked
//
// A folder belongs to one sweep: opening it for a sweep whose fingerprint
// differs from the one in its sweep.json is refused (SweepError naming the
// first difference) unless `restart` is given, which deletes the results,
// run files and aggregates (only the files listed above) and starts over.
// Aggregates are replaced atomically (written beside, then renamed).
// Thread safety: none; use from one thread. Several processes may write
// different journals of the same folder at once (shards on a shared file
// system); each journal has one writer.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/sweep/aggregate.h"
#include "sim/sweep/run_record.h"

namespace chainsim::sim {

// `dir`/runs/p<point>-r<replication> for the sweep `resolved`, the numbers
// zero-padded to the widths of its point and replication counts.
std::filesystem::path RunFilesPath(const std::filesystem::path& dir, const Json& resolved,
                                   std::size_t point, std::size_t replication);

class SweepFolder {
 public:
  // Creates `dir` when needed and writes `resolved` as its sweep.json, after
  // checking that the folder holds nothing of another sweep (see above).
  static SweepFolder Create(const std::filesystem::path& dir, const Json& resolved, bool restart);
  // Opens an existing sweep folder (for merging): reads its sweep.json.
  static SweepFolder Open(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  const Json& resolved() const { return resolved_; }
  std::string fingerprint() const;

  // Every finished run in the folder's journals, checked against the sweep
  // (run, point, replication and seed agree), one per run (a run recorded
  // twice must have the same results, else SweepError), sorted by run.
  // `torn` counts journals whose unfinished last line was skipped.
  std::vector<RunRecord> ReadRecords(std::size_t* torn = nullptr) const;

  std::filesystem::path JournalPath(const std::string& name) const;
  // RunFilesPath(dir(), resolved(), point, replication).
  std::filesystem::path RunFilesDir(std::size_t point, std::size_t replication) const {
    return RunFilesPath(dir_, resolved_, point, replication);
  }

  // Writes runs.csv, points.csv and points.json.
  void WriteAggregates(const AggregateFiles& files) const;

 private:
  SweepFolder(std::filesystem::path dir, Json resolved)
      : dir_(std::move(dir)), resolved_(std::move(resolved)) {}

  std::filesystem::path dir_;
  Json resolved_;
};

// Checks every record against `resolved` and merges them into one sorted
// list, one record per run. `where` names each record's origin for
// messages. Throws SweepError on a record that does not belong to the sweep
// or on two different results for one run.
std::vector<RunRecord> MergeRecords(const Json& resolved, std::vector<RunRecord> records,
                                    const std::vector<std::string>& where);

// Writes `text` to `path` atomically: to a temporary file beside it, flushed,
// then renamed over it. Throws SweepError.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& text);

}  // namespace chainsim::sim
