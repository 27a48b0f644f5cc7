#pragma once
// Reading the files a scenario is made of (the scenario file and the region
// tables it names), with the limits of sim/scenario/scenario_limits.h.
//
// Thread safety: reentrant.

#include <string>

namespace chainsim::sim {

// The whole content of the file at `path`. Throws ScenarioError "path: what
// is wrong (expected `expected`)" when it cannot be opened, is a directory,
// is larger than kMaxScenarioFileBytes, or a read fails. Pipes and devices
// (e.g. /dev/stdin) are read to their end, within the same limit.
std::string ReadInputFile(const std::string& path, const std::string& expected);

}  // namespace chainsim::sim
