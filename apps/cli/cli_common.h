#pragma once
// What every subcommand of the chainsim program shares: exit codes, the
// error type for bad input, the hand-off from parsing to running, and input
// reading.

#include <functional>
#include <stdexcept>
#include <string>

#include "core/chain_rules.h"

namespace CLI {
class App;
}  // namespace CLI

namespace chainsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;    // the command ran; the answer is "no"
inline constexpr int kExitBadInput = 2;  // unreadable or malformed input

// Bad input on the command line or in a file the user named. Thrown by
// subcommands, caught once in main, printed plainly; exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The subcommand that the command line selects stores its action here while
// CLI11 parses; main runs it afterwards and exits with what it returns.
struct Dispatch {
  std::function<int()> run;
};

// Reads a whole file, or standard input for "-". Throws UsageError naming the
// file when it cannot be read (missing, unreadable, a directory).
std::string ReadInput(const std::string& path);

// Adds --retarget-every N and --target-interval SECONDS to `command` (verify
// and node), which set `retarget` (difficulty retargeting, core/chain_rules.h;
// off unless --retarget-every is above 0). `retarget` must outlive parsing.
void AddRetargetOptions(CLI::App& command, RetargetRule& retarget);

}  // namespace chainsim::cli
