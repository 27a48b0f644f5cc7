#pragma once
// The resolved form of a scenario: every value, defaults included, in the
// key layout of the YAML file (docs/scenario-format.md).
//
// Values keep their units as text that reads back exactly: durations are
// strings such as "30s", "1500ms", "10min" (the largest unit that keeps the
// value exact), bit rates "10Mbit/s" or "unlimited", rates "2/s", sizes
// "535kB"; counts and probabilities are numbers. Sections always use their
// full map form (topology: {kind: ...}, latency: {law: ...}, bandwidth:
// {up, down}); a topology or latency map holds only the keys of its kind.
// Node lists are written as ranges where they are contiguous ("0-9",
// [0, "3-9"]). Scenario::source and the events' line numbers are not part of
// it. Texts are UTF-8: a byte that is not (the loader never lets one through)
// is written as U+FFFD, so writing a scenario never fails.
//
// Round trip: ParseScenario(ScenarioToYaml(s)) and
// ParseScenario(ScenarioToJson(s).dump()) equal s apart from source and
// lines, for every scenario the loader produces.

#include <string>

#include "core/json.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// The resolved scenario as JSON (for run.json and `chainsim validate --json`).
Json ScenarioToJson(const Scenario& scenario);

// The same content as YAML, keys in the order of docs/scenario-format.md.
std::string ScenarioToYaml(const Scenario& scenario);

}  // namespace chainsim::sim
