#include "sim/sweep/merge.h"

#include <set>
#include <string>

#include "core/check.h"
#include "sim/sweep/journal.h"
#include "sim/sweep/sweep_error.h"
#include "sim/sweep/sweep_folder.h"
#include "sim/sweep/sweep_runner.h"

namespace chainsim::sim {

MergeOutcome MergeSweepFolders(const std::vector<std::filesystem::path>& dirs,
                               const std::filesystem::path& out) {
  CHAINSIM_CHECK(!dirs.empty());
  std::vector<SweepFolder> folders;
  for (const auto& dir : dirs) {
    folders.push_back(SweepFolder::Open(dir));
    if (folders.back().fingerprint() != folders.front().fingerprint()) {
      throw SweepError(dir.string() + ": holds another sweep than " + dirs.front().string() +
                       " (their sweep.json fingerprints differ)");
    }
  }
  const Json& resolved = folders.front().resolved();
  const SweepFolder target = SweepFolder::Create(out, resolved, /*restart=*/false);
  // Lock the merge journal first, then see what the target already holds.
  Journal journal(target.JournalPath("merged.jsonl"));
  std::set<std::size_t> held;
  for (const RunRecord& r : target.ReadRecords()) held.insert(r.run);

  std::vector<RunRecord> all;
  std::vector<std::string> where;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    for (RunRecord& r : folders[i].ReadRecords()) {
      all.push_back(std::move(r));
      where.push_back(dirs[i].string());
    }
  }
  MergeOutcome outcome;
  outcome.runs_total = resolved.at("runs").get<std::size_t>();
  for (RunRecord& r : MergeRecords(resolved, std::move(all), where)) {
    if (held.contains(r.run)) continue;
    r.run_files = false;  // its files, if any, are in the folder that ran it
    journal.Append(r);
    ++outcome.added;
  }
  journal.Sync();
  bool aggregated = false;
  outcome.records = AggregateFolder(target, /*even_if_partial=*/true, &aggregated);
  outcome.done = outcome.records.size();
  return outcome;
}

}  // namespace chainsim::sim
