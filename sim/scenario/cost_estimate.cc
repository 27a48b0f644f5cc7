#include "sim/scenario/cost_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "core/string_printf.h"
#include "sim/scenario/region_table.h"

namespace chainsim::sim {
namespace {

// Memory, in bytes, per ... (docs/scenario-format.md, "Cost estimate").
// A node's chain costs nothing per block: it is its tip in the run's block
// tree, shared with every node on the same branch (sim/node/tip_table.h).
// Block: the block, its canonical JSON, hash, the block tree's record and
// the metrics' records of it (measured: 6.4 kB per block at 6,000 nodes,
// their bits of it included; docs/scenario-format.md).
constexpr double kBytesPerBlock = 8192;
// Node: its tip, pending transactions, registered peers, identity, protocol
// and metric state (docs/performance.md measured about 1.7 kB at 100,000
// nodes).
constexpr double kBytesPerNode = 2048;
// Link: both ends' adjacency entries and registered peer addresses, the
// protocol's per-peer slots and a message in flight each way.
constexpr double kBytesPerLink = 256;
// Transaction of the workload, pending or in a block.
constexpr double kBytesPerTransaction = 256;
// Sample of the time series.
constexpr double kBytesPerSample = 64;
// Bits per node and block kept by the metrics and the push relay.
constexpr double kBitsPerNodeAndBlock = 3;
// Fixed: the program, its libraries and the engine's buffers.
constexpr double kBaseBytes = 16e6;

double Seconds(SimTime t) { return static_cast<double>(t) / static_cast<double>(kSecond); }

// Mean outbound degree of a region table's CDF (degrees 1..K).
double MeanOutboundDegree(const RegionTable& table) {
  double mean = 0;
  double previous = 0;
  for (std::size_t k = 0; k < table.outbound_degree_cdf.size(); ++k) {
    mean += static_cast<double>(k + 1) * (table.outbound_degree_cdf[k] - previous);
    previous = table.outbound_degree_cdf[k];
  }
  return mean;
}

// Undirected links among the `n` nodes present at the start.
double StartLinks(const TopologyConfig& topology, double n) {
  switch (topology.kind) {
    case TopologyKind::kFullMesh:
      return n * (n - 1) / 2;
    case TopologyKind::kRing:
      return n > 2 ? n : n - 1;
    case TopologyKind::kLine:
    case TopologyKind::kStar:
      return n - 1;
    case TopologyKind::kGrid:
      return 2 * n;
    case TopologyKind::kRandomRegular:
    case TopologyKind::kSmallWorld:
      return n * topology.degree / 2;
    case TopologyKind::kErdosRenyi:
      return topology.edge_probability * n * (n - 1) / 2;
    case TopologyKind::kScaleFree:
      return n * topology.attachment;
    case TopologyKind::kEdgeList:
      return static_cast<double>(topology.edges.size());
    case TopologyKind::kRegions:
      return n * MeanOutboundDegree(LoadRegionTable(topology.regions));
  }
  return n * (n - 1) / 2;
}

bool AnyHashShare(const Scenario& scenario) {
  return std::any_of(scenario.timeline.begin(), scenario.timeline.end(), [](const auto& event) {
    return std::holds_alternative<HashShareAction>(event.action);
  });
}

// "%.3g" of a count, in words from a million on.
std::string Count(double x) {
  if (x < 1e6) return StringPrintf("%.0f", x);
  if (x < 1e9) return StringPrintf("%.3g million", x / 1e6);
  if (x < 1e12) return StringPrintf("%.3g billion", x / 1e9);
  return StringPrintf("%.2g", x);
}

std::string Bytes(double x) {
  static constexpr std::array<const char*, 6> kUnits = {"B", "kB", "MB", "GB", "TB", "PB"};
  std::size_t unit = 0;
  while (x >= 1000 && unit + 1 < kUnits.size()) {
    x /= 1000;
    ++unit;
  }
  return StringPrintf(x >= 1000 ? "%.2g %s" : "%.3g %s", x, kUnits[unit]);
}

std::string Time(double seconds) {
  if (seconds < 120) return StringPrintf("%.3g s", seconds);
  if (seconds < 3600) return StringPrintf("%.3g min", seconds / 60);
  if (seconds < 1e7) return StringPrintf("%.3g h", seconds / 3600);
  return StringPrintf("%.3g years", seconds / (365.25 * 86400));
}

}  // namespace

CostEstimate EstimateCost(const Scenario& s) {
  CostEstimate e;
  const double start = s.nodes;
  e.nodes = TotalNodes(s);
  e.links = StartLinks(s.network.topology, start);
  for (const TimelineEvent& event : s.timeline) {
    if (const auto* join = std::get_if<JoinAction>(&event.action)) {
      e.links += static_cast<double>(join->count) * join->peers;
    }
  }
  const double degree = e.nodes > 0 ? 2 * e.links / e.nodes : 0;
  const double duration = Seconds(s.duration);
  const double proof_tries = std::pow(16.0, s.chain.difficulty);

  const double interval =
      s.mining.hash_rate > 0 ? proof_tries / s.mining.hash_rate : Seconds(s.mining.block_interval);
  e.blocks = duration / interval;
  if (s.mining.max_blocks > 0) {
    e.blocks = std::min(e.blocks, static_cast<double>(s.mining.max_blocks));
  }
  if (s.mining.miners == 0 && !AnyHashShare(s)) e.blocks = 0;

  if (s.protocol.kind == ProtocolKind::kPush) {
    // Each node announces each block to every peer, asks one for it, gets it.
    e.messages = e.blocks * (2 * e.links + 2 * e.nodes);
  } else {
    // Announcements to every peer, then resolves: a request and a reply per peer.
    if (s.protocol.resolve_on_announce) {
      const double resolves = std::min(degree, kResolvesPerBlock);
      e.messages = e.blocks * e.nodes * (degree + 2 * degree * resolves);
    }
    if (s.protocol.resolve_interval > 0) {
      e.messages += e.nodes * duration / Seconds(s.protocol.resolve_interval) * 2 * degree;
    }
  }
  e.transactions = s.workload.transaction_rate * duration;
  // Transaction relay: each transaction crosses each link at most twice.
  if (s.protocol.transaction_relay) e.messages += e.transactions * 2 * e.links;
  e.samples = duration / Seconds(s.sample_interval);
  e.events = e.messages + e.transactions + e.samples + e.blocks;
  e.hashes = e.blocks * proof_tries;
  e.memory_bytes = kBaseBytes + e.blocks * kBytesPerBlock + e.nodes * kBytesPerNode +
                   e.links * kBytesPerLink + e.transactions * kBytesPerTransaction +
                   e.samples * kBytesPerSample + e.nodes * e.blocks * kBitsPerNodeAndBlock / 8 +
                   (s.protocol.transaction_relay ? e.nodes * e.transactions / 8 : 0);
  // Each sample visits every node; count it as a message per 100 nodes.
  e.cpu_seconds =
      (e.events + e.samples * e.nodes / 100) * kSecondsPerMessage + e.hashes / kHashesPerSecond;
  return e;
}

std::vector<std::string> CostRefusals(const CostEstimate& estimate, const CostLimits& limits) {
  std::vector<std::string> refusals;
  if (limits.memory_bytes > 0 && !(estimate.memory_bytes <= limits.memory_bytes)) {
    refusals.push_back("memory: about " + Bytes(estimate.memory_bytes) + ", more than the " +
                       Bytes(limits.memory_bytes) + " of this machine");
  }
  if (!(estimate.cpu_seconds <= limits.cpu_seconds)) {
    refusals.push_back("time: about " + Time(estimate.cpu_seconds) + " of CPU (" +
                       Time(estimate.hashes / kHashesPerSecond) +
                       " of proof of work), more than the limit of " + Time(limits.cpu_seconds));
  }
  return refusals;
}

std::string DescribeCost(const CostEstimate& estimate) {
  return "about " + Count(estimate.messages) + " messages, " + Bytes(estimate.memory_bytes) +
         " of memory, " + Time(estimate.cpu_seconds) + " of CPU (" +
         Time(estimate.hashes / kHashesPerSecond) + " of proof of work)";
}

std::string DescribeCostInputs(const CostEstimate& estimate) {
  return Count(estimate.nodes) + " nodes, " + Count(estimate.links) + " links, " +
         Count(estimate.blocks) + " blocks, " + Count(estimate.events) + " events, " +
         Count(estimate.hashes) + " proof-of-work hashes";
}

double PhysicalMemoryBytes() {
  const std::int64_t pages = sysconf(_SC_PHYS_PAGES);
  const std::int64_t page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<double>(pages) * static_cast<double>(page_size);
}

}  // namespace chainsim::sim
