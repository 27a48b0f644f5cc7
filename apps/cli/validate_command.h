#pragma once
// chainsim validate FILE [--json]: checks a scenario file without running it.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Adds the "validate" subcommand to `app`. It loads the scenario (FILE, or -
// for standard input) as a run would, then prints a short summary and "ok",
// or with --json the resolved scenario (every default filled in; see
// sim/scenario/scenario_json.h). Exit codes: 0 valid; 2 unreadable or invalid,
// with the loader's "file:line:column: ..." message.
void AddValidateCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
