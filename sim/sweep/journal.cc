#include "sim/sweep/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

[[noreturn]] void Fail(const std::filesystem::path& path, const std::string& what) {
  throw SweepError(path.string() + ": " + what + " (" + std::strerror(errno) + ")");
}

}  // namespace

Journal::Journal(const std::filesystem::path& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) Fail(path, "cannot open the journal");
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw SweepError(path.string() +
                     ": another chainsim sweep is writing this journal (the same sweep and shard "
                     "into the same folder); wait for it or use another --out folder");
  }
  // Cut a torn last line off, so that the next record starts on its own line.
  const off_t size = ::lseek(fd_, 0, SEEK_END);
  if (size < 0) Fail(path, "cannot read the journal");
  off_t keep = size;
  char c = '\n';
  while (keep > 0) {
    if (::pread(fd_, &c, 1, keep - 1) != 1) Fail(path, "cannot read the journal");
    if (c == '\n') break;
    --keep;
  }
  if (keep != size) {
    if (::ftruncate(fd_, keep) != 0) Fail(path, "cannot cut the torn last line of the journal");
    if (::lseek(fd_, keep, SEEK_SET) < 0) Fail(path, "cannot seek in the journal");
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void Journal::Append(const RunRecord& record) {
  const std::string line = RunRecordLine(record) + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(path_, "cannot append to the journal");
    }
    written += static_cast<std::size_t>(n);
  }
}

void Journal::Sync() {
  if (::fdatasync(fd_) != 0) Fail(path_, "cannot flush the journal to disk");
}

JournalContents ReadJournal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SweepError(path.string() + ": cannot read the journal");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string content = text.str();
  JournalContents contents;
  std::size_t start = 0;
  std::size_t line_number = 0;
  while (start < content.size()) {
    ++line_number;
    const std::size_t end = content.find('\n', start);
    if (end == std::string::npos) {
      contents.torn_last_line = true;
      break;
    }
    const std::string_view line(content.data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    Result<RunRecord> record = ParseRunRecordLine(line);
    if (!record) {
      throw SweepError(path.string() + ":" + std::to_string(line_number) + ": " +
                       record.error().message +
                       " (the journal is damaged; start over with "
                       "--restart)");
    }
    contents.records.push_back(std::move(record.value()));
  }
  return contents;
}

}  // namespace chainsim::sim
