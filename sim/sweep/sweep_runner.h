#pragma once
// Runs a sweep's runs on this process and records them: the part of
// `chainsim sweep` between planning and aggregating.
//
// ExecuteRuns runs a list of runs on a RunPool (sim/sweep/run_pool.h) and
// passes every finished record to a sink on the calling thread: the sink
// appends it to the journal (one process), or sends it to rank 0 (MPI).
// Records computed by other processes can be fed into the same loop
// (RemoteRecords: the MPI ranks' results arriving at rank 0).
//
// RunSweep is the whole single-process sweep: open the output folder (check
// or start over), skip the runs already done there, run the rest of this
// shard, journal each, and write the aggregates when the folder then holds
// every run of the sweep.
// Thread safety: call from one thread.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/sweep/run_record.h"
#include "sim/sweep/shard.h"
#include "sim/sweep/sweep_folder.h"
#include "sim/sweep/sweep_plan.h"

namespace chainsim::sim {

// Records made by other processes, collected while the local runs go on.
class RemoteRecords {
 public:
  virtual ~RemoteRecords() = default;
  // A record that has arrived, without waiting; nullopt when none has.
  // Throws SweepError when a remote process failed.
  virtual std::optional<RunRecord> Poll() = 0;
  // Every remote process has sent all its records.
  virtual bool Done() const = 0;
};

struct ExecuteOptions {
  // Threads, >= 1. Default: 1.
  int jobs = 1;
  // Where each run's own files go; null: nowhere. Default: null.
  std::function<std::filesystem::path(const PlannedRun&)> run_files_dir;
  // chainsim's version for run.json. Default: "".
  std::string version;
  // Progress line target (a terminal); null: none. Default: null.
  std::ostream* progress = nullptr;
  // Runs counted by the progress line: all of them, and those done before.
  // Default: 0, 0 (then the line counts `runs` plus the remote ones).
  std::size_t progress_total = 0;
  std::size_t progress_done_before = 0;
};

// Runs `runs` and hands each record, and each record from `remote` (may be
// null), to `sink`, until all are done; after each batch of records that
// arrived together, calls `flush` (may be empty). A run's error
// (ScenarioError, a failed write) is rethrown as SweepError naming the run;
// runs in progress are then abandoned, records already handed to the sink
// stay.
void ExecuteRuns(const SweepPlan& plan, const std::vector<std::size_t>& runs,
                 const ExecuteOptions& options, RemoteRecords* remote,
                 const std::function<void(const RunRecord&)>& sink,
                 const std::function<void()>& flush = {});

struct SweepOptions {
  std::filesystem::path out;         // output folder
  int jobs = 1;                      // threads, >= 1
  Shard shard;                       // this process's share; default: every run
  bool run_files = false;            // write every run's own files
  bool restart = false;              // delete the folder's old results first
  std::string version;               // chainsim's version
  std::ostream* progress = nullptr;  // progress line target; null: none
};

struct SweepOutcome {
  std::size_t runs_total = 0;      // runs of the sweep
  std::size_t runs_in_shard = 0;   // runs of this process's shard
  std::size_t skipped = 0;         // of those, found done in the folder
  std::size_t ran = 0;             // run now
  std::size_t done = 0;            // runs of the sweep done in the folder now
  std::size_t torn_journals = 0;   // journals whose torn last line was skipped
  bool aggregated = false;         // the aggregates were written (folder complete)
  std::vector<RunRecord> records;  // every record in the folder, sorted by run
};

// The pending runs of `shard`: those not in `done` (sorted by run); with
// `need_files`, also those done without their own files.
std::vector<std::size_t> PendingRuns(std::size_t run_count, const Shard& shard,
                                     const std::vector<RunRecord>& done, bool need_files);

// Runs the sweep in one process (see above). Throws SweepError.
SweepOutcome RunSweep(const SweepPlan& plan, const SweepOptions& options);

// Reads the folder's records again and writes its aggregates when it holds
// every run (or always, with `even_if_partial`). Returns the records.
std::vector<RunRecord> AggregateFolder(const SweepFolder& folder, bool even_if_partial,
                                       bool* aggregated, std::size_t* torn = nullptr);

}  // namespace chainsim::sim
