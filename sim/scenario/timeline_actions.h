#pragma once
// The timeline actions of scenario files, one row each: the action's key,
// the keys of its value, how the value is read and checked on its own, and
// how the resolved form writes it. The loader (its timeline section), the
// JSON / YAML writers (sim/scenario/scenario_json.h) and, through the
// actions' names (ActionName, sim/scenario/scenario.h), `chainsim validate`'s
// summary all go through this table. Checks that need the other events (a
// node present, crashed, a partition in force) are the timeline check's
// (sim/scenario/timeline_check.h). Adding an action: CONTRIBUTING.md,
// "Adding a timeline action".
//
// Thread safety: the table is immutable.

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"
#include "sim/scenario/timeline_check.h"
#include "sim/scenario/value_reader.h"
#include "sim/scenario/yaml_map.h"

namespace chainsim::sim {

// What reading one action's value needs.
struct ActionContext {
  ValueReader& reader;
  // The scenario's sections read so far (a forge needs the protocol).
  const Scenario& scenario;
  // The action's value and its path ("timeline[3].crash").
  YAML::Node value;
  std::string path;
  // Every node list the action names goes here, for the timeline check.
  EventSource& where;
  // The keys of the action's map form (its row's `keys`).
  const Keys& keys;

  // reader.Nodes(node, path), recorded in `where`.
  std::vector<NodeIndex> Nodes(const YAML::Node& node, const std::string& node_path);
  // reader.NodeIndexValue(node, node_path), recorded in `where`.
  NodeIndex Node(const YAML::Node& node, const std::string& node_path);
};

struct TimelineActionInfo {
  // The action's key in a file ("hash_share"), its type's kName.
  std::string_view name;
  // Its index in TimelineAction.
  std::size_t index;
  // The keys of the action's map form; empty when its value is not a map.
  Keys keys;
  // Reads and checks the action's value.
  TimelineAction (*read)(ActionContext& context);
  // The action's value in the resolved form. REQUIRES: action.index() == index.
  nlohmann::ordered_json (*write)(const TimelineAction& action);
};

// Every action, in the order of the TimelineAction alternatives.
std::span<const TimelineActionInfo> TimelineActions();

// The row of the action named `name`, or nullptr.
const TimelineActionInfo* FindTimelineAction(std::string_view name);

// The row of `action`'s type.
const TimelineActionInfo& ActionInfo(const TimelineAction& action);

}  // namespace chainsim::sim
