#pragma once
// chainsim verify FILE: checks a chain file as valid_chain does, block by block.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Adds the "verify" subcommand to `app`. Exit codes: 0 valid, 1 invalid,
// 2 unreadable or malformed input.
void AddVerifyCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
