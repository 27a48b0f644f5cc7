#pragma once
// A sweep over the ranks of an MPI job: `mpirun -n N chainsim sweep FILE`.
//
// Rank 0 opens the output folder (as RunSweep does), finds the runs still to
// do, and tells every rank; rank r runs the r-th, (r+N)-th, ... of them on
// its own threads and sends each finished record to rank 0, which journals
// it as it arrives and, at the end, writes the aggregates. Seeds and
// aggregates depend only on the sweep (sim/sweep/sweep_plan.h,
// sim/sweep/aggregate.h), so the files equal those of one process.
//
// Every rank reads the sweep file itself (it and the files it names must be
// readable on every node, e.g. on a shared home folder); rank 0 checks that
// all ranks planned the same sweep (fingerprints). An error on any rank ends
// the whole job (MPI_Abort, exit code 2) after rank 0 has printed it; runs
// already journaled stay. Run files (--run-files) are written by the rank
// that ran the run, into the same folder path.
// Thread safety: call from the thread that made the MpiWorld.

#include <stdexcept>

#include "sim/sweep/mpi_world.h"
#include "sim/sweep/sweep_plan.h"
#include "sim/sweep/sweep_runner.h"

namespace chainsim::sim {

// Thrown on a rank that stops because of a problem found elsewhere, which
// rank 0 (or the rank that found it) prints.
class MpiPeerFailed : public std::runtime_error {
 public:
  MpiPeerFailed() : std::runtime_error("another MPI rank failed") {}
};

// Collective over `world`. On rank 0 the outcome is the sweep's; on other
// ranks only `ran` is filled. Throws SweepError on the rank that found a
// problem (the caller prints it; on rank 0 it then ends the job with
// world.Abort(2), since the other ranks may be running), MpiPeerFailed on
// the others.
SweepOutcome RunSweepMpi(const SweepPlan& plan, const SweepOptions& options, MpiWorld& world);

}  // namespace chainsim::sim
