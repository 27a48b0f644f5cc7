#include "apps/cli/validate_command.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "apps/cli/cli_common.h"
#include "apps/cli/scenario_input.h"
#include "sim/net/graph_check.h"
#include "sim/net/network.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/topology_kinds.h"
#include "sim/scenario/units.h"

namespace chainsim::cli {
namespace {

using sim::FormatBitRate;
using sim::FormatDurationValue;
using sim::FormatShortestDouble;
using sim::Scenario;

struct ValidateOptions {
  ScenarioInput input;
  bool json = false;
};

std::string Percent(double fraction) { return FormatShortestDouble(fraction * 100.0) + "%"; }

std::string LatencySummary(const sim::LatencyConfig& l) {
  std::string out(sim::Name(l.law));
  if (l.law == sim::LatencyLaw::kUniform) {
    return out + " " + FormatDurationValue(l.min) + " to " + FormatDurationValue(l.max);
  }
  out += ", mean " + FormatDurationValue(l.mean);
  if (l.law == sim::LatencyLaw::kNormal) out += ", stddev " + FormatDurationValue(l.stddev);
  if (l.law == sim::LatencyLaw::kParetoMean && l.shape > 0) {
    out += ", shape " + FormatShortestDouble(l.shape);
  }
  return out;
}

std::string Summary(const Scenario& s, const sim::CostEstimate& cost) {
  std::ostringstream out;
  const int total = sim::TotalNodes(s);
  out << "name:      " << s.name << "\n";
  out << "nodes:     " << s.nodes;
  if (total > s.nodes) out << " at the start + " << (total - s.nodes) << " joining = " << total;
  out << "\n";
  out << "duration:  " << FormatDurationValue(s.duration) << " (seed " << s.seed << ")\n";
  out << "chain:     difficulty " << s.chain.difficulty << ", " << Name(s.chain.proof_variant)
      << " proof, " << Name(s.chain.fork_choice) << " fork choice\n";
  out << "mining:    " << sim::Name(s.mining.mode) << ", ";
  if (s.mining.hash_rate > 0) {
    out << "hash rate " << sim::FormatRate(s.mining.hash_rate);
  } else {
    out << "block interval " << FormatDurationValue(s.mining.block_interval);
  }
  if (s.mining.miners < 0) {
    out << ", every node mines";
  } else {
    out << ", " << s.mining.miners << " miners";
  }
  if (!s.mining.hash_shares.empty()) out << " (unequal shares)";
  if (s.mining.max_blocks > 0) out << ", at most " << s.mining.max_blocks << " blocks";
  out << "\n";
  out << "topology:  " << sim::TopologySummary(s.network.topology) << "\n";
  out << "network:   latency " << LatencySummary(s.network.latency) << "; bandwidth up "
      << FormatBitRate(s.network.upload_bps) << ", down " << FormatBitRate(s.network.download_bps)
      << "; loss " << Percent(s.network.loss) << "\n";
  out << "protocol:  " << sim::Name(s.protocol.kind);
  if (s.protocol.kind == sim::ProtocolKind::kPull) {
    out << " (resolve "
        << (s.protocol.resolve_interval > 0
                ? "every " + FormatDurationValue(s.protocol.resolve_interval)
                : std::string("never on a timer"))
        << (s.protocol.resolve_on_announce ? " and on announce" : "") << ", request timeout "
        << FormatDurationValue(s.protocol.request_timeout) << ")";
  }
  out << "\n";
  if (s.workload.transaction_rate > 0) {
    out << "workload:  " << sim::FormatRate(s.workload.transaction_rate) << " transactions\n";
  }
  out << "timeline:  " << s.timeline.size() << (s.timeline.size() == 1 ? " event" : " events");
  if (!s.timeline.empty()) {
    out << " (";
    for (std::size_t i = 0; i < s.timeline.size(); ++i) {
      if (i > 0) out << ", ";
      if (i == 4 && s.timeline.size() > 5) {
        out << "...";
        break;
      }
      out << sim::ActionName(s.timeline[i].action) << " at "
          << FormatDurationValue(s.timeline[i].at);
    }
    out << ")";
  }
  out << "\n";
  out << "cost:      " << sim::DescribeCost(cost) << "\n";
  return out.str();
}

int RunValidate(const ValidateOptions& options) {
  const PreparedScenario prepared = PrepareScenario(options.input);
  const sim::Scenario& scenario = prepared.scenario;
  const std::vector<std::string> warnings = sim::GraphWarnings(
      sim::Network::StartTopology(scenario.network, scenario.nodes, scenario.seed), scenario);
  if (options.json) {
    // Standard output stays the resolved scenario alone.
    for (const std::string& warning : warnings) std::cerr << "warning: " << warning << "\n";
    std::cout << sim::ScenarioToJson(scenario).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << options.input.file << ":\n" << Summary(scenario, prepared.cost);
  for (const std::string& warning : warnings) std::cout << "warning: " << warning << "\n";
  std::cout << "ok\n";
  return kExitOk;
}

}  // namespace

void AddValidateCommand(CLI::App& app, Dispatch& dispatch) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* validate = app.add_subcommand(
      "validate", "Check a scenario file without running it; print a summary or the resolved form");
  validate->add_option("FILE", options->input.file, "scenario YAML file, or - for standard input")
      ->required();
  validate->add_flag("--json", options->json,
                     "print the resolved scenario (every default filled in) as JSON");
  validate->add_flag("--force", options->input.force,
                     "accept a scenario whose cost estimate is beyond this machine or the time "
                     "limit");
  validate->callback(
      [options, &dispatch] { dispatch.run = [options] { return RunValidate(*options); }; });
}

}  // namespace chainsim::cli
