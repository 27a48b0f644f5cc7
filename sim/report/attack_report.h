#pragma once
// The attacks' part of a run's report: run.json's "attacks" object and the
// text report's "Attacks" section (docs/metrics.md, "Attacks", defines each
// figure; docs/outputs.md lists the keys). A run without an attack has
// neither.

#include <ostream>

#include "core/json.h"
#include "sim/metrics/attack_summary.h"

namespace chainsim::sim {

// True if the run had an attack.
bool HasAttacks(const AttackFigures& figures);

// {"selfish_mining": {...}, ...}: one object per attack of the run, numbers
// and booleans, null where a figure is undefined (no main-chain block, no
// race decided).
Json AttacksToJson(const AttackFigures& figures);

// "Attacks" and one row per figure.
void WriteAttacksText(std::ostream& out, const AttackFigures& figures);

}  // namespace chainsim::sim
