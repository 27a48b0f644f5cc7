#pragma once
// chainsim validate FILE [--json] [--force]: checks a scenario file without
// running it.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Adds the "validate" subcommand to `app`. It loads and checks the scenario
// (FILE, or - for standard input) exactly as `chainsim run` does before
// running (apps/cli/scenario_input.h: the file, its region table, the cost
// estimate), then prints a short summary with the estimate and "ok", or with
// --json the resolved scenario (every default filled in; see
// sim/scenario/scenario_json.h). Exit codes: 0 valid; 2 unreadable or
// invalid, with the loader's "file:line:column: ..." message, or estimated
// beyond the machine or the time limit without --force.
void AddValidateCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
