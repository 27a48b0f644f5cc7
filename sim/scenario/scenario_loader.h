#pragma once
// Reads scenario YAML (docs/scenario-format.md) into a Scenario.
//
// Every value is checked: unknown keys (with the allowed keys and the
// closest one), wrong types, values out of range, node indices beyond the
// node count, overlapping partition groups, timeline events outside the run
// or out of order (restarting a node that is not crashed, healing with no
// partition in force). Problems throw ScenarioError whose message reads
// "file:line:column: path.to.key: what is wrong (expected ...)" with 1-based
// line and column. The returned Scenario has every default filled in, its
// timeline sorted by time (events at the same time keep file order) and each
// event's 1-based line recorded.
//
// Thread safety: the functions share no state; call them from any thread.

#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {

// Reads and parses the file at `path`; Scenario::source is `path`. A
// relative `network.topology.table` path is resolved against the file's
// folder. Throws ScenarioError (also when the file cannot be read).
Scenario LoadScenarioFile(const std::string& path);

// Parses scenario YAML held in memory; `source_name` names it in messages and
// becomes Scenario::source. An empty document gives the default Scenario{}.
// Throws ScenarioError.
Scenario ParseScenario(std::string_view yaml_text, const std::string& source_name);

// A small built-in scenario that shows forks and convergence in a second or
// two of wall time: 8 nodes on a small-world graph, 30 s blocks, about 100 ms
// latency, 1 Mbit/s links, the tutorial's pull protocol, 30 minutes, with a
// partition from 10 to 20 minutes. Its source is "".
Scenario DefaultScenario();

// The YAML text DefaultScenario() is parsed from.
std::string_view DefaultScenarioYaml();

}  // namespace chainsim::sim
