#pragma once
// chainsim sweep FILE [--out DIR] [--jobs N] [--shard I/N] [--run-files]
//                     [--restart] [--figure NAME]... [--quiet]
// chainsim sweep --merge DIR... [--out DIR] [--figure NAME]...
//
// Runs every run of a sweep file (docs/sweeps.md) into an output folder:
// sweep.json, a journal of finished runs (results/), and, once every run is
// there, runs.csv, points.csv and points.json with n, mean, standard
// deviation and a 95 % Student t interval per point and figure. Rerunning
// the same command resumes. Under mpirun the runs are spread over the ranks.
// --merge combines the folders of a sharded sweep. A table of the chosen
// figures per point goes to standard output; notes and progress to stderr.

#include <CLI/CLI.hpp>

#include "apps/cli/cli_common.h"

namespace chainsim::cli {

// Exit codes: 0 done (also when this shard is done but others are not),
// 1 some run ended with a chain that fails valid_chain, 2 a bad sweep file,
// scenario, option or output folder.
void AddSweepCommand(CLI::App& app, Dispatch& dispatch);

}  // namespace chainsim::cli
