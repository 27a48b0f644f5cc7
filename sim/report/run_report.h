#pragma once
// RunReport: the outcome of one `chainsim run`, for people (text) and for
// programs (JSON). docs/metrics.md defines every figure.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/chain/block_tree.h"
#include "sim/metrics/run_summary.h"
#include "sim/net/network.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

struct RunReport {
  const Scenario* scenario = nullptr;
  RunSummary summary;
  NetworkCounters network;
  // Messages sent and their bytes per message kind, in MessageKind order
  // (sim/behaviour/message.h); reported when the run uses compact block
  // relay (docs/metrics.md).
  struct KindTally {
    std::string kind;  // Name(MessageKind)
    std::uint64_t messages = 0;
    std::uint64_t bytes = 0;
  };
  std::vector<KindTally> by_kind;
  SimTime simulated = 0;               // virtual time reached
  std::uint64_t events = 0;            // engine events run
  double wall_seconds = 0.0;           // wall-clock time of the run
  std::uint32_t main_chain_nodes = 0;  // live nodes whose tip is the main tip
  std::uint32_t live_nodes = 0;
};

// A few aligned sections: blocks, reorganisations, propagation, agreement,
// transactions, network, checks, run.
void WriteRunText(std::ostream& out, const RunReport& report);

// The same figures as JSON; durations in seconds (null when not reached).
Json RunReportToJson(const RunReport& report);

}  // namespace chainsim::sim
