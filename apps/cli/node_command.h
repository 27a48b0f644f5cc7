#pragma once
// chainsim node: a real tutorial node serving the reference's REST API
// (see apps/http/node_server.h and docs/http-node.md).

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Adds the "node" subcommand to `app`. Runs until SIGINT or SIGTERM, then
// exits 0. Exit code 2 when the data directory is unusable (corrupt or
// unreadable state, in use by another node) or the address cannot be bound.
void AddNodeCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
