#pragma once
// The place of a value in a scenario's YAML tree, written as the scenario
// loader's messages write it: keys joined by dots, list entries by a 0-based
// index in brackets ("protocol.block_size", "network.topology.kind",
// "mining.hash_shares[1]", "timeline[1].at").
//
// SetAt replaces (or adds) the value at such a path in a YAML tree; the
// scenario loader then checks the result as it checks any file.
// Thread safety: functions are pure apart from the tree SetAt is given.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace chainsim::sim {

// One step of a path: a map key or a list index.
using PathStep = std::variant<std::string, std::size_t>;

// Reads "a.b[2].c". Keys are non-empty and made of letters, digits, '_' and
// '-'; indices are decimal. The first step is a key.
Result<std::vector<PathStep>> ParseParameterPath(std::string_view text);

// The path written back ("a.b[2].c").
std::string PathText(const std::vector<PathStep>& steps);

// Sets the value at `steps` in `root` to a deep copy of `value`. Missing map
// keys are added, a missing or null map is created; a list index must exist
// (the tree's lists are not extended). Fails, without changing `root`, when a
// step meets a value of the wrong shape ("network.topology is a single value
// in the base scenario ...").
// REQUIRES: steps non-empty, steps[0] a key.
Result<void> SetAt(YAML::Node& root, const std::vector<PathStep>& steps, const YAML::Node& value);

// True when `prefix` is `path` or a path above it ("network.topology" is a
// prefix of "network.topology.kind", "timeline[1]" of "timeline[1].at").
bool PathHasPrefix(std::string_view path, std::string_view prefix);

}  // namespace chainsim::sim
