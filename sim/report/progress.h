#pragma once
// Progress of a long run on a terminal: simulated time reached, events per
// second, estimated time left.
//
// RunWithProgress drives the simulation with Simulation::RunUntil in slices
// of virtual time and reads the wall clock only between slices, so the run
// (its events, their order, every result) is exactly the same as with
// Simulation::Run. The wall clock never enters the simulation.
// Thread safety: none.

#include <ostream>

#include "sim/node/simulation.h"

namespace chainsim::sim {

struct ProgressOptions {
  // Write progress lines at all. Default: true.
  bool enabled = true;
  // Stay silent for runs shorter than this (wall seconds). Default: 2.
  double after_seconds = 2.0;
  // Wall seconds between two updates. Default: 0.5.
  double every_seconds = 0.5;
};

// Runs `simulation` to its end time and calls Finish(). While running, and
// once `after_seconds` have passed, rewrites one status line on `out`
// ("\r...", erased at the end).
void RunWithProgress(Simulation& simulation, std::ostream& out, const ProgressOptions& options);

}  // namespace chainsim::sim
