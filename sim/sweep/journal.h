#pragma once
// Journal: the file in which a sweep process records each finished run, so
// that a sweep killed halfway loses nothing but the runs it was running.
//
// One RunRecord per line (sim/sweep/run_record.h), written with one
// write(2) as soon as the run finishes: once Append returns, the line
// survives the process being killed (the kernel holds it). Sync() flushes to
// the disk (fdatasync), so that lines also survive a crash of the machine;
// the sweep syncs after every batch of runs that finished together. A line
// that is in the file is a finished run. A process killed while writing
// leaves at most one torn last line; readers skip it, and the constructor
// cuts it off before appending.
//
// One writer per journal: Open takes an exclusive lock (flock) on the file
// and fails if another process holds it; different shards write different
// journals in the same folder (sim/sweep/sweep_folder.h).
// Thread safety: a Journal is used by one thread.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/sweep/run_record.h"

namespace chainsim::sim {

class Journal {
 public:
  // Opens `path` for appending (creating it), locked. Throws SweepError when
  // it cannot be opened or another process holds it.
  explicit Journal(const std::filesystem::path& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Appends the record. Throws SweepError on failure.
  void Append(const RunRecord& record);
  // Flushes what was appended to the disk. Throws SweepError on failure.
  void Sync();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

struct JournalContents {
  std::vector<RunRecord> records;  // in file order
  bool torn_last_line = false;     // an unfinished last line was skipped
};

// Reads every complete record of the journal at `path`. Throws SweepError
// ("path:line: ...") for a complete line that is not a record.
JournalContents ReadJournal(const std::filesystem::path& path);

}  // namespace chainsim::sim
