#include "sim/scenario/scenario.h"

namespace chainsim::sim {

std::string_view Name(TopologyKind kind) {
  switch (kind) {
    case TopologyKind::kFullMesh:
      return "full-mesh";
    case TopologyKind::kRing:
      return "ring";
    case TopologyKind::kLine:
      return "line";
    case TopologyKind::kStar:
      return "star";
    case TopologyKind::kGrid:
      return "grid";
    case TopologyKind::kRandomRegular:
      return "random-regular";
    case TopologyKind::kErdosRenyi:
      return "erdos-renyi";
    case TopologyKind::kSmallWorld:
      return "small-world";
    case TopologyKind::kScaleFree:
      return "scale-free";
    case TopologyKind::kEdgeList:
      return "edges";
    case TopologyKind::kRegions:
      return "regions";
  }
  return "?";
}

std::string_view Name(LatencyLaw law) {
  switch (law) {
    case LatencyLaw::kConstant:
      return "constant";
    case LatencyLaw::kUniform:
      return "uniform";
    case LatencyLaw::kNormal:
      return "normal";
    case LatencyLaw::kExponential:
      return "exponential";
    case LatencyLaw::kParetoMean:
      return "pareto-mean";
  }
  return "?";
}

std::string_view Name(MiningMode mode) {
  return mode == MiningMode::kExponential ? "exponential" : "race";
}

std::string_view Name(ProtocolKind kind) { return kind == ProtocolKind::kPull ? "pull" : "push"; }

std::string_view Name(TimelineAction action) {
  switch (action) {
    case TimelineAction::kPartition:
      return "partition";
    case TimelineAction::kHeal:
      return "heal";
    case TimelineAction::kCrash:
      return "crash";
    case TimelineAction::kRestart:
      return "restart";
    case TimelineAction::kJoin:
      return "join";
    case TimelineAction::kHashRate:
      return "hash_share";
    case TimelineAction::kTransaction:
      return "transaction";
    case TimelineAction::kForge:
      return "forge";
  }
  return "?";
}

int TotalNodes(const Scenario& scenario) {
  int total = scenario.nodes;
  for (const TimelineEvent& event : scenario.timeline) {
    if (event.action == TimelineAction::kJoin) total += event.count;
  }
  return total;
}

bool operator==(const Scenario& a, const Scenario& b) {
  return a.name == b.name && a.description == b.description && a.source == b.source &&
         a.seed == b.seed && a.duration == b.duration && a.nodes == b.nodes &&
         a.chain.difficulty == b.chain.difficulty &&
         a.chain.proof_variant == b.chain.proof_variant &&
         a.chain.fork_choice == b.chain.fork_choice && a.start_timestamp == b.start_timestamp &&
         a.mining == b.mining && a.network == b.network && a.protocol == b.protocol &&
         a.workload == b.workload && a.timeline == b.timeline &&
         a.sample_interval == b.sample_interval;
}

}  // namespace chainsim::sim
