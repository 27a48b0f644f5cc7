#pragma once
// Running programs from tests: chainsim itself, mpiexec, python. The output
// (stdout and stderr together) goes to a file that the test reads.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace chainsim::testing_process {

struct Finished {
  int exit_code = -1;  // -1: killed by a signal or could not start
  std::string output;  // stdout and stderr together
};

// Starts `argv[0]` (looked up on PATH) with `argv`, in the background, with
// stdout and stderr going to `log` and `environment` added to the current
// environment. Returns its pid, or -1.
pid_t Start(const std::vector<std::string>& argv, const std::string& log,
            const std::map<std::string, std::string>& environment = {});

// Waits for `pid` and returns its exit code (-1 if a signal ended it).
int Wait(pid_t pid);

// Start + Wait, and the output read from the log.
Finished Run(const std::vector<std::string>& argv,
             const std::map<std::string, std::string>& environment = {});

// A whole file as a string ("" when missing).
std::string ReadFile(const std::string& path);

}  // namespace chainsim::testing_process
