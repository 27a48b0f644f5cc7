#pragma once
// CostEstimate: what a run of a scenario will roughly cost (engine events,
// memory, CPU time including the proof-of-work search), computed from the
// scenario's parameters alone, before anything is built. `chainsim validate`
// and `chainsim run` refuse a scenario whose estimate is beyond the machine
// or absurd (CostRefusals) unless given --force.
//
// The model (docs/scenario-format.md, "Cost estimate", gives the formulas
// and how the constants below were measured): N nodes (start + joins), E
// links, B blocks, messages per block from the protocol, transactions and
// samples over the duration; memory grows with nodes + links + blocks (the
// nodes share their chains' storage) plus a few bits per node and block;
// CPU time = messages x kSecondsPerMessage + hashes / kHashesPerSecond. It
// aims to be within a small factor of real runs and rather above them; it
// does not replace a measurement.
//
// Thread safety: pure functions (EstimateCost reads a region table file for
// the region model).

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// CPU seconds per message sent, engine events and protocol work included:
// above what release builds measured on the machine of docs/performance.md,
// where it grows with the nodes (cache misses): 0.06-0.09 us up to 20,000
// nodes, 0.15 us at 100,000, 0.29 us at a million (0.5 us before issue 15's
// third round), so that slower machines fit too.
inline constexpr double kSecondsPerMessage = 0.5e-6;
// SHA-256 proof tries per second of the proof search: about a third of the
// AVX-512 path and below the SHA-NI and OpenSSL paths (docs/performance.md).
inline constexpr double kHashesPerSecond = 1e7;
// Pull protocol: resolves a node makes per block (coalesced announcements;
// measured 3.4 on a 10-node mesh), at most one per peer.
inline constexpr double kResolvesPerBlock = 4.0;
// Longest CPU time a run may be expected to take without --force: longer
// estimates are taken to be mistakes (a 1ns interval, difficulty 8 for an
// hour of blocks).
inline constexpr double kMaxCpuSeconds = 3600.0;

struct CostEstimate {
  double nodes = 0;         // N: at the start plus every join
  double links = 0;         // E: undirected peer links
  double blocks = 0;        // B: blocks mined
  double messages = 0;      // M: messages sent
  double transactions = 0;  // workload transactions submitted
  double samples = 0;       // time-series samples
  double events = 0;        // engine events: messages + transactions + samples + blocks
  double hashes = 0;        // proof-of-work tries: B x 16^difficulty
  double memory_bytes = 0;  // peak memory
  double cpu_seconds = 0;   // messages x kSecondsPerMessage + hashes / kHashesPerSecond
};

// What a run may use.
struct CostLimits {
  // The machine's physical memory; 0: no memory limit.
  double memory_bytes = 0;
  // See kMaxCpuSeconds.
  double cpu_seconds = kMaxCpuSeconds;
};

// The estimate for `scenario`. REQUIRES: a scenario the loader accepted (its
// region table, if any, readable). Throws ScenarioError if that table can no
// longer be read.
CostEstimate EstimateCost(const Scenario& scenario);

// One sentence for each limit the estimate exceeds ("memory: about 4.0 TB,
// more than the 23.4 GB of this machine"); empty when the run fits.
std::vector<std::string> CostRefusals(const CostEstimate& estimate, const CostLimits& limits);

// The estimate in one line: "about 1.2 million messages, 9.6 MB of memory,
// 2.5 s of CPU (2.4 s of proof of work)".
std::string DescribeCost(const CostEstimate& estimate);

// The estimate's inputs in one line: "20 nodes, 40 links, 360 blocks,
// 1.2 million events, 2.4e+07 hashes".
std::string DescribeCostInputs(const CostEstimate& estimate);

// The physical memory of this machine in bytes (0 if unknown).
double PhysicalMemoryBytes();

}  // namespace chainsim::sim
