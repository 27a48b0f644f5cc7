#pragma once
// Reads scenario YAML (docs/scenario-format.md) into a Scenario.
//
// Every value is checked: unknown keys (with the allowed keys and the
// closest one), wrong types, values out of range, text that is not UTF-8,
// node indices beyond the node count, overlapping partition groups, timeline
// events outside the run or out of order (restarting a node that is not
// crashed, healing with no partition in force), and the region table a
// scenario names (read and checked like the scenario). Problems throw
// ScenarioError whose message reads "file:line:column: path.to.key: what is
// wrong (expected ...)" with 1-based line and column. The returned Scenario
// has every default filled in, its timeline sorted by time (events at the
// same time keep file order) and each event's 1-based line recorded; its
// strings are valid UTF-8.
//
// Resources are bounded whatever the input (sim/scenario/scenario_limits.h):
// files above kMaxScenarioFileBytes are refused unread, node lists may name
// at most kMaxNodeListEntries nodes in all. Whether a valid scenario is
// affordable to run is a separate question (sim/scenario/cost_estimate.h).
//
// The parts: yaml_map.h (maps of keys, errors), value_reader.h (one value),
// topology_kinds.h and timeline_actions.h (the tables of kinds and actions),
// timeline_check.h (the checks across events).
//
// Thread safety: the functions share no state; call them from any thread.

#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {

// Reads and parses the file at `path` ("-": standard input, named "<stdin>");
// Scenario::source is `path`. A relative `network.topology.table` path is
// resolved against the file's folder. Throws ScenarioError (also when the
// file cannot be read, is a directory or is too large).
Scenario LoadScenarioFile(const std::string& path);

// Parses scenario YAML held in memory; `source_name` names it in messages and
// becomes Scenario::source. An empty document gives the default Scenario{}
// (the scenario `chainsim run` runs without a file). Throws ScenarioError.
Scenario ParseScenario(std::string_view yaml_text, const std::string& source_name);

}  // namespace chainsim::sim
