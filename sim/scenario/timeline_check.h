#pragma once
// The timeline check: every timeline event of a scenario, once read, is
// checked against the nodes there are and against the events before it in
// time. Separate from reading the events (sim/scenario/timeline_actions.h),
// which checks each event on its own.
//
// Checks, with the messages of docs/scenario-format.md ("timeline"): every
// node named exists once all joins are counted (and the joins stay within
// kMaxNodes); then, in time order (events at the same time in file order):
// a partition names present nodes; heal needs a partition in force; a
// crashed node must be present and
// running; a restarted node must be crashed; hash_share, forge and
// transaction name present nodes, a transaction a running one; a join's
// peers fit the nodes present (the default of 4 shrinks to them).
//
// Thread safety: none needed (pure function of its arguments).

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/scenario/value_reader.h"
#include "sim/scenario/yaml_map.h"

namespace chainsim::sim {

// Where an event's parts stand in the file, for the check's messages.
struct EventSource {
  YAML::Mark mark;   // the event
  std::string path;  // "timeline[3]"
  // Every node list the event names, in file order (a single node is a list
  // of one).
  std::vector<std::vector<NodeRange>> node_lists;
  bool peers_given = false;  // join: `peers` written in the file
};

// Checks `events` (in file order; sources[i] belongs to events[i]) of a
// scenario with `start_nodes` nodes at the start, and returns them sorted by
// time, events at the same time in file order, with each join's default
// peers fitted. `timeline` is the timeline's node (for the join-count
// message). Fails through `source`.
std::vector<TimelineEvent> CheckTimeline(const YamlSource& source, const YAML::Node& timeline,
                                         int start_nodes, std::vector<TimelineEvent> events,
                                         const std::vector<EventSource>& sources);

}  // namespace chainsim::sim
