#pragma once
// chainsim run [FILE] [--seed N] [--until T] [--json]: runs a scenario (the
// built-in default when FILE is omitted) and reports what the network did.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Exit codes: 0 the run completed and every chain is valid, 1 a chain
// failed valid_chain at the end, 2 bad scenario or options.
void AddRunCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
