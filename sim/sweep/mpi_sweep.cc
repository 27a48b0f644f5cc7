#include "sim/sweep/mpi_sweep.h"

#include <memory>

#include "core/json.h"
#include "sim/sweep/journal.h"
#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

// Records sent by the other ranks, as rank 0 receives them.
class RankRecords final : public RemoteRecords {
 public:
  explicit RankRecords(MpiWorld& world) : world_(world), running_(world.size() - 1) {}

  std::optional<RunRecord> Poll() override {
    while (std::optional<MpiWorld::Message> message = world_.Poll()) {
      const std::string from = "MPI rank " + std::to_string(message->source);
      switch (message->tag) {
        case MpiWorld::kRecord: {
          Result<RunRecord> record = ParseRunRecordLine(message->text);
          if (!record) throw SweepError(from + " sent a bad record: " + record.error().message);
          return record.value();
        }
        case MpiWorld::kDone:
          --running_;
          break;
        default:
          throw SweepError(from + ": " + message->text);
      }
    }
    return std::nullopt;
  }
  bool Done() const override { return running_ == 0; }

 private:
  MpiWorld& world_;
  int running_;  // ranks that have not sent kDone
};

std::vector<std::size_t> MyShare(const std::vector<std::size_t>& pending, int rank, int size) {
  std::vector<std::size_t> mine;
  for (auto k = static_cast<std::size_t>(rank); k < pending.size();
       k += static_cast<std::size_t>(size)) {
    mine.push_back(pending[k]);
  }
  return mine;
}

}  // namespace

SweepOutcome RunSweepMpi(const SweepPlan& plan, const SweepOptions& options, MpiWorld& world) {
  SweepOutcome outcome;
  outcome.runs_total = plan.run_count();
  std::unique_ptr<SweepFolder> folder;
  std::unique_ptr<Journal> journal;
  Json header = Json::object();
  std::string error;
  if (world.rank() == 0) {
    try {
      folder = std::make_unique<SweepFolder>(
          SweepFolder::Create(options.out, plan.resolved(), options.restart));
      journal = std::make_unique<Journal>(folder->JournalPath(JournalName(options.shard)));
      const std::vector<RunRecord> before = folder->ReadRecords(&outcome.torn_journals);
      header["pending"] = PendingRuns(plan.run_count(), options.shard, before, options.run_files);
    } catch (const SweepError& e) {
      error = e.what();
    }
    header["error"] = error;
    header["fingerprint"] = plan.fingerprint();
  }
  header = Json::parse(world.Broadcast(header.dump()));
  if (!header["error"].get<std::string>().empty()) {
    if (world.rank() == 0) throw SweepError(error);
    throw MpiPeerFailed();
  }
  const bool same = header["fingerprint"] == plan.fingerprint();
  if (!world.AllOk(same)) {
    if (same) throw MpiPeerFailed();
    throw SweepError("MPI rank " + std::to_string(world.rank()) +
                     " planned another sweep than rank 0 (different fingerprints): the sweep file "
                     "or the files it names differ between the nodes");
  }
  const auto pending = header["pending"].get<std::vector<std::size_t>>();
  const std::vector<std::size_t> mine = MyShare(pending, world.rank(), world.size());

  ExecuteOptions execute;
  execute.jobs = options.jobs;
  execute.version = options.version;
  if (options.run_files) {
    const std::filesystem::path out = options.out;
    execute.run_files_dir = [&plan, out](const PlannedRun& run) {
      return RunFilesPath(out, plan.resolved(), run.point, run.replication);
    };
  }
  if (world.rank() != 0) {
    try {
      ExecuteRuns(plan, mine, execute, nullptr, [&](const RunRecord& record) {
        world.SendToRoot(MpiWorld::kRecord, RunRecordLine(record));
        ++outcome.ran;
      });
    } catch (const SweepError& e) {
      world.SendToRoot(MpiWorld::kError, e.what());
      throw MpiPeerFailed();  // rank 0 prints it and ends the job
    }
    world.SendToRoot(MpiWorld::kDone, "");
    return outcome;
  }

  for (std::size_t run = options.shard.index; run < plan.run_count(); run += options.shard.count) {
    ++outcome.runs_in_shard;
  }
  outcome.skipped = outcome.runs_in_shard - pending.size();
  execute.progress = options.progress;
  execute.progress_total = outcome.runs_in_shard;
  execute.progress_done_before = outcome.skipped;
  RankRecords remote(world);
  ExecuteRuns(
      plan, mine, execute, &remote,
      [&](const RunRecord& record) {
        journal->Append(record);
        ++outcome.ran;
      },
      [&] { journal->Sync(); });
  outcome.records = AggregateFolder(*folder, false, &outcome.aggregated);
  outcome.done = outcome.records.size();
  return outcome;
}

}  // namespace chainsim::sim
