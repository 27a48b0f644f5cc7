#pragma once
// chainsim run [FILE] [--seed N] [--until T] [--force] [--json] [--out DIR]
//              [--narrate [--verbosity quiet|normal|detailed] [--color auto|always|never]]
//              [--html PAGE] [--quiet]
// Runs a scenario (the default scenario, the same as an empty file, when FILE
// is omitted) and reports what the network did. The scenario is read and
// checked as `chainsim validate` does (apps/cli/scenario_input.h), the cost
// estimate included; --out and --html are checked before the run. --out
// writes the run's files to DIR (run.json, blocks.csv, ..., blocks.svg and,
// with rsvg-convert, blocks.png, and the replay page replay.html); --html
// writes the replay page to PAGE;
// --narrate tells the run as it happens on stdout; progress goes to stderr
// when it is a terminal and the run takes more than two seconds.
// docs/outputs.md describes every output.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Exit codes: 0 the run completed and every chain is valid, 1 a chain
// failed valid_chain at the end, 2 bad scenario or options (a seed that is
// not a 64-bit unsigned integer, an --until of 0, an empty --out), a run
// estimated beyond the machine without --force, or an output folder that
// cannot be written.
void AddRunCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
