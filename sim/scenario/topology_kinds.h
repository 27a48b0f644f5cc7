#pragma once
// The topology kinds of scenario files, one row each: the kind's name, the
// keys of its map form, how they are read and checked, how the resolved form
// writes them, and how `chainsim validate` sums them up. The loader, the
// JSON / YAML writers (sim/scenario/scenario_json.h) and the validate
// command all go through this table, so a kind is listed once. Adding a
// kind: CONTRIBUTING.md, "Adding a topology kind".
//
// Thread safety: the table is immutable.

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class ValueReader;
class YamlMap;

struct TopologyKindInfo {
  TopologyKind kind;
  // As files write it: "small-world".
  std::string_view name;
  // The keys of the map form besides `kind`, e.g. {"degree", "rewire"}.
  std::vector<std::string_view> keys;
  // Reads the kind's keys from `map` (the topology's map, or an empty map at
  // the kind's name for the short form `topology: ring`) into `topology`, and
  // checks them against the start's `nodes`; fails through `reader`.
  void (*read)(ValueReader& reader, const YamlMap& map, int nodes, TopologyConfig& topology);
  // Adds the kind's keys to `out` (which holds "kind" already).
  void (*write)(const TopologyConfig& topology, nlohmann::ordered_json& out);
  // The kind's settings in words for a summary, e.g. " (degree 4)"; "" if none.
  std::string (*describe)(const TopologyConfig& topology);
};

// Every kind, in the order of the TopologyKind enumerators.
std::span<const TopologyKindInfo> TopologyKinds();

// The row of `kind`.
const TopologyKindInfo& KindInfo(TopologyKind kind);

// "small-world (degree 4, rewire 0.1)".
std::string TopologySummary(const TopologyConfig& topology);

}  // namespace chainsim::sim
