#pragma once
// chainsim run [FILE] [--seed N] [--until T] [--json] [--out DIR]
//              [--narrate [--verbosity quiet|normal|detailed] [--color auto|always|never]]
//              [--html PAGE] [--quiet]
// Runs a scenario (the built-in default when FILE is omitted) and reports
// what the network did. --out writes the run's files to DIR (run.json,
// blocks.csv, ..., blocks.svg and, with rsvg-convert, blocks.png, and the
// replay page replay.html); --html writes the replay page to PAGE;
// --narrate tells the run as it happens on stdout; progress goes to stderr
// when it is a terminal and the run takes more than two seconds.
// docs/outputs.md describes every output.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Exit codes: 0 the run completed and every chain is valid, 1 a chain
// failed valid_chain at the end, 2 bad scenario or options, or an output
// folder that cannot be written.
void AddRunCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
