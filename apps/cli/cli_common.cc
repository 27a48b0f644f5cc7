#include "apps/cli/cli_common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cerrno>
#include <cstring>

namespace chainsim::cli {
namespace {

// Reads everything from `fd` into `text` with large reads.
bool ReadAll(int fd, std::string& text) {
  std::array<char, std::size_t{1} << 16> buffer;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    text.append(buffer.data(), static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string ReadInput(const std::string& path) {
  std::string text;
  if (path == "-") {
    if (!ReadAll(STDIN_FILENO, text)) {
      throw UsageError("<stdin>: read error: " + std::string(std::strerror(errno)));
    }
    return text;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UsageError(path + ": cannot open: " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    const std::string why = S_ISDIR(info.st_mode)
                                ? "is a directory, not a file"
                                : "cannot read: " + std::string(std::strerror(errno));
    ::close(fd);
    throw UsageError(path + ": " + why);
  }
  if (S_ISREG(info.st_mode)) text.reserve(static_cast<std::size_t>(info.st_size));
  const bool ok = ReadAll(fd, text);
  const int read_errno = errno;
  ::close(fd);
  if (!ok) throw UsageError(path + ": read error: " + std::strerror(read_errno));
  return text;
}

void AddRetargetOptions(CLI::App& command, RetargetRule& retarget) {
  command
      .add_option("--retarget-every", retarget.every,
                  "difficulty retargeting: blocks per period (0: off, the tutorial's fixed "
                  "difficulty; docs/consensus.md)")
      ->check(CLI::Range(0, kMaxRetargetEvery))
      ->capture_default_str();
  command
      .add_option("--target-interval", retarget.target_interval,
                  "difficulty retargeting: seconds one block should take")
      ->check(CLI::Range(0.001, kMaxTargetInterval))
      ->capture_default_str();
}

}  // namespace chainsim::cli
