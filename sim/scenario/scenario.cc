#include "sim/scenario/scenario.h"

#include "sim/scenario/topology_kinds.h"

namespace chainsim::sim {

std::string_view Name(TopologyKind kind) { return KindInfo(kind).name; }

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

std::string_view ActionName(const TimelineAction& action) {
  return std::visit([](const auto& a) { return a.kName; }, action);
}

int TotalNodes(const Scenario& scenario) {
  int total = scenario.nodes;
  for (const TimelineEvent& event : scenario.timeline) {
    if (const auto* join = std::get_if<JoinAction>(&event.action)) total += join->count;
  }
  return total;
}

bool operator==(const Scenario& a, const Scenario& b) {
  return a.name == b.name && a.description == b.description && a.source == b.source &&
         a.seed == b.seed && a.duration == b.duration && a.nodes == b.nodes &&
         a.chain.difficulty == b.chain.difficulty &&
         a.chain.proof_variant == b.chain.proof_variant &&
         a.chain.fork_choice == b.chain.fork_choice && a.chain.retarget == b.chain.retarget &&
         a.start_timestamp == b.start_timestamp && a.mining == b.mining && a.network == b.network &&
         a.protocol == b.protocol && a.workload == b.workload && a.timeline == b.timeline &&
         a.sample_interval == b.sample_interval;
}

}  // namespace chainsim::sim
