#pragma once
// chainsim demo: two in-process tutorial nodes that mine, register each other,
// fork and resolve, narrated step by step.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

void AddDemoCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
