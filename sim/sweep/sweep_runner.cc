#include "sim/sweep/sweep_runner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>

#include "sim/scenario/scenario_error.h"
#include "sim/sweep/aggregate.h"
#include "sim/sweep/journal.h"
#include "sim/sweep/run_one.h"
#include "sim/sweep/run_pool.h"
#include "sim/sweep/sweep_error.h"
#include "sim/sweep/sweep_progress.h"

namespace chainsim::sim {
namespace {

std::string RunName(const SweepPlan& plan, std::size_t run) {
  const PlannedRun r = plan.Run(run);
  return "run " + std::to_string(run) + " (point " + std::to_string(r.point) + ", replication " +
         std::to_string(r.replication) + ", seed " + std::to_string(r.seed) + ")";
}

}  // namespace

void ExecuteRuns(const SweepPlan& plan, const std::vector<std::size_t>& runs,
                 const ExecuteOptions& options, RemoteRecords* remote,
                 const std::function<void(const RunRecord&)>& sink,
                 const std::function<void()>& flush) {
  const RunPool::Work work = [&plan, &options](std::size_t run, const std::atomic<bool>& stop) {
    const PlannedRun planned = plan.Run(run);
    RunOneOptions one;
    one.version = options.version;
    one.stop = &stop;
    if (options.run_files_dir) one.run_files_dir = options.run_files_dir(planned);
    try {
      return RunOne(plan.RunScenario(planned), planned, one);
    } catch (const RunCancelled&) {
      throw;
    } catch (const std::exception& e) {
      throw SweepError(RunName(plan, run) + ": " + e.what());
    }
  };
  SweepProgress progress(options.progress, options.progress != nullptr,
                         options.progress_total > 0 ? options.progress_total : runs.size(),
                         options.progress_done_before);
  std::unique_ptr<RunPool> pool;
  if (!runs.empty()) pool = std::make_unique<RunPool>(options.jobs, runs, work);
  // With remote records to collect, look for them every 10 ms.
  const auto wait =
      remote != nullptr ? std::chrono::milliseconds(10) : std::chrono::milliseconds(250);
  while ((pool && !pool->Done()) || (remote != nullptr && !remote->Done())) {
    std::size_t batch = 0;
    if (pool && !pool->Done()) {
      // Wait for one record, then take every other one already there.
      for (auto timeout = wait; std::optional<RunRecord> record = pool->Next(timeout);
           timeout = std::chrono::milliseconds(0)) {
        sink(*record);
        progress.RunDone();
        ++batch;
      }
    } else {
      std::this_thread::sleep_for(wait);
    }
    if (remote != nullptr) {
      while (std::optional<RunRecord> record = remote->Poll()) {
        sink(*record);
        progress.RunDone();
        ++batch;
      }
    }
    if (batch > 0 && flush) flush();
    progress.Tick();
  }
  progress.Finish();
}

std::vector<std::size_t> PendingRuns(std::size_t run_count, const Shard& shard,
                                     const std::vector<RunRecord>& done, bool need_files) {
  std::vector<bool> finished(run_count, false);
  for (const RunRecord& r : done) {
    if (r.run < run_count && (!need_files || r.run_files)) finished[r.run] = true;
  }
  std::vector<std::size_t> pending;
  for (std::size_t run = shard.index; run < run_count; run += shard.count) {
    if (!finished[run]) pending.push_back(run);
  }
  return pending;
}

std::vector<RunRecord> AggregateFolder(const SweepFolder& folder, bool even_if_partial,
                                       bool* aggregated, std::size_t* torn) {
  std::vector<RunRecord> records = folder.ReadRecords(torn);
  const auto total = folder.resolved().at("runs").get<std::size_t>();
  *aggregated = even_if_partial || records.size() == total;
  if (*aggregated) folder.WriteAggregates(Aggregate(folder.resolved(), records));
  return records;
}

SweepOutcome RunSweep(const SweepPlan& plan, const SweepOptions& options) {
  const SweepFolder folder = SweepFolder::Create(options.out, plan.resolved(), options.restart);
  SweepOutcome outcome;
  outcome.runs_total = plan.run_count();
  // The journal is opened (and locked) before the done runs are read, so two
  // processes of the same shard cannot both run them.
  Journal journal(folder.JournalPath(JournalName(options.shard)));
  const std::vector<RunRecord> before = folder.ReadRecords(&outcome.torn_journals);
  const std::vector<std::size_t> pending =
      PendingRuns(plan.run_count(), options.shard, before, options.run_files);
  for (std::size_t run = options.shard.index; run < plan.run_count(); run += options.shard.count) {
    ++outcome.runs_in_shard;
  }
  outcome.skipped = outcome.runs_in_shard - pending.size();

  ExecuteOptions execute;
  execute.jobs = options.jobs;
  execute.version = options.version;
  execute.progress = options.progress;
  execute.progress_total = outcome.runs_in_shard;
  execute.progress_done_before = outcome.skipped;
  if (options.run_files) {
    execute.run_files_dir = [&folder](const PlannedRun& run) {
      return folder.RunFilesDir(run.point, run.replication);
    };
  }
  ExecuteRuns(
      plan, pending, execute, nullptr,
      [&](const RunRecord& record) {
        journal.Append(record);
        ++outcome.ran;
      },
      [&] { journal.Sync(); });
  outcome.records = AggregateFolder(folder, false, &outcome.aggregated);
  outcome.done = outcome.records.size();
  return outcome;
}

}  // namespace chainsim::sim
