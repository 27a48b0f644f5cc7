#include "sim/report/run_files.h"

#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "core/chain_json.h"
#include "core/sha256.h"
#include "sim/report/block_dot.h"
#include "sim/report/block_svg.h"
#include "sim/report/branches.h"
#include "sim/report/network_dot.h"
#include "sim/report/network_layout.h"
#include "sim/report/replay_page.h"
#include "sim/scenario/scenario_json.h"

namespace chainsim::sim {
namespace {

std::string Hash(const BlockTree& tree, BlockId id) {
  return id == kNoBlock ? std::string() : tree[id].block->hash();
}

std::string ShareText(double share) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.6f", share);
  return buf.data();
}

void WriteFile(const std::filesystem::path& path, const std::string& text, RunFilesResult& result) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error(path.string() + ": cannot open the file for writing");
  file << text;
  file.close();
  if (!file) throw std::runtime_error(path.string() + ": cannot write the file");
  result.written.push_back(path);
}

// [start, end) of each partition of the timeline (end kNever: to the end).
std::vector<std::pair<SimTime, SimTime>> Partitions(const Scenario& scenario) {
  std::vector<std::pair<SimTime, SimTime>> partitions;
  for (const TimelineEvent& event : scenario.timeline) {
    if (std::holds_alternative<PartitionAction>(event.action)) {
      if (!partitions.empty() && partitions.back().second == kNever) {
        partitions.back().second = event.at;
      }
      partitions.emplace_back(event.at, kNever);
    } else if (std::holds_alternative<HealAction>(event.action) && !partitions.empty() &&
               partitions.back().second == kNever) {
      partitions.back().second = event.at;
    }
  }
  return partitions;
}

}  // namespace

RunReport MakeRunReport(const Simulation& simulation, double wall_seconds) {
  RunReport report;
  report.scenario = &simulation.scenario();
  report.summary = simulation.Summarize();
  report.network = simulation.network().counters();
  for (std::size_t k = 0; k < kMessageKinds; ++k) {
    report.by_kind.push_back({std::string(Name(static_cast<MessageKind>(k))),
                              simulation.messages_by_kind()[k], simulation.bytes_by_kind()[k]});
  }
  auto& engine = const_cast<Simulation&>(simulation).engine();
  report.simulated = engine.now();
  report.events = engine.executed();
  report.wall_seconds = wall_seconds;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(simulation.node_count()); ++i) {
    if (!simulation.node(i).up) continue;
    ++report.live_nodes;
    if (simulation.Tip(i) == report.summary.main_tip) ++report.main_chain_nodes;
  }
  return report;
}

std::string SecondsText(SimTime t) {
  if (t == kNever) return "";
  std::array<char, 48> buf{};
  const char* sign = t < 0 ? "-" : "";
  const std::uint64_t abs =
      t < 0 ? static_cast<std::uint64_t>(-(t + 1)) + 1 : static_cast<std::uint64_t>(t);
  std::snprintf(buf.data(), buf.size(), "%s%" PRIu64 ".%09" PRIu64, sign,
                abs / std::uint64_t{1'000'000'000}, abs % std::uint64_t{1'000'000'000});
  return buf.data();
}

std::string RunFingerprint(const BlockTree& tree, const RunMetrics& metrics) {
  std::string text;
  text.reserve(tree.size() * 96 + metrics.reorgs().size() * 48);
  for (BlockId id = 0; id < tree.size(); ++id) {
    const BlockRecord& r = tree[id];
    text += r.block->hash();
    text += ' ' + std::to_string(r.parent) + ' ' + std::to_string(r.miner) + ' ' +
            std::to_string(r.mined_at) + '\n';
  }
  text += "reorgs\n";
  for (const ReorgRecord& r : metrics.reorgs()) {
    text += std::to_string(r.node) + ' ' + std::to_string(r.time) + ' ' +
            std::to_string(r.old_tip) + ' ' + std::to_string(r.new_tip) + ' ' +
            std::to_string(r.depth) + ' ' + std::to_string(r.added) + ' ' + Name(r.cause) + '\n';
  }
  return Sha256Hex(text);
}

void WriteBlocksCsv(std::ostream& out, const BlockTree& tree, const RunMetrics& metrics,
                    BlockId main_tip) {
  const std::vector<std::uint32_t> branch = BranchOf(tree, main_tip);
  out << "hash,parent,height,miner,mined_s,transactions,p50_s,p90_s,p100_s,hash50_s,hash90_s,"
         "hash100_s,main_chain,branch,received50_s,received90_s,received100_s\n";
  for (BlockId id = 1; id < tree.size(); ++id) {
    const BlockRecord& r = tree[id];
    const BlockPropagation& p = metrics.propagation()[id];
    out << r.block->hash() << ',' << Hash(tree, r.parent) << ',' << r.height << ',' << r.miner
        << ',' << SecondsText(r.mined_at) << ',' << r.block->transactions().size();
    const auto after_mining = [&](SimTime t) {
      return t == kNever ? std::string() : SecondsText(t - r.mined_at);
    };
    for (const SimTime reached : p.reached) out << ',' << after_mining(reached);
    for (const SimTime reached : p.hash_reached) out << ',' << after_mining(reached);
    out << ',' << (branch[id] == 0 ? "main" : "stale") << ',' << branch[id];
    for (const SimTime received : p.received) out << ',' << after_mining(received);
    out << '\n';
  }
}

void WriteReorgsCsv(std::ostream& out, const BlockTree& tree, const RunMetrics& metrics) {
  out << "node,time_s,old_tip,new_tip,old_height,new_height,depth,added,cause\n";
  for (const ReorgRecord& r : metrics.reorgs()) {
    out << r.node << ',' << SecondsText(r.time) << ',' << Hash(tree, r.old_tip) << ','
        << Hash(tree, r.new_tip) << ',' << tree[r.old_tip].height << ',' << tree[r.new_tip].height
        << ',' << r.depth << ',' << r.added << ',' << Name(r.cause) << '\n';
  }
}

void WriteTimeseriesCsv(std::ostream& out, const RunMetrics& metrics) {
  out << "time_s,distinct_tips,share_on_top_tip,min_height,max_height,messages,bytes\n";
  for (const Sample& s : metrics.samples()) {
    out << SecondsText(s.time) << ',' << s.distinct_tips << ',' << ShareText(s.share_on_top_tip)
        << ',' << s.min_height << ',' << s.max_height << ',' << s.messages << ',' << s.bytes
        << '\n';
  }
}

std::vector<MinerRow> MinerRows(const Simulation& simulation, const RunSummary& summary) {
  const auto nodes = static_cast<std::size_t>(simulation.node_count());
  double total_rate = 0.0;
  for (NodeIndex i = 0; i < nodes; ++i) total_rate += simulation.hash_rate(i);
  std::vector<MinerRow> rows;
  for (const MinerFigures& figures : SummarizeMiners(simulation.tree(), summary.main_tip, nodes)) {
    const double rate = simulation.hash_rate(figures.node);
    if (figures.blocks_mined == 0 && rate <= 0) continue;
    rows.push_back({figures, total_rate > 0 ? rate / total_rate : 0.0});
  }
  return rows;
}

void WriteMinersCsv(std::ostream& out, const std::vector<MinerRow>& rows) {
  out << "node,hash_share,blocks_mined,main_chain_blocks,stale_blocks,stale_rate,"
         "main_chain_share\n";
  for (const MinerRow& row : rows) {
    const MinerFigures& m = row.figures;
    out << m.node << ',' << ShareText(row.hash_share) << ',' << m.blocks_mined << ','
        << m.main_chain_blocks << ',' << m.stale_blocks << ',' << ShareText(m.stale_rate) << ','
        << ShareText(m.main_chain_share) << '\n';
  }
}

Json MinersJson(const std::vector<MinerRow>& rows) {
  Json out = Json::array();
  for (const MinerRow& row : rows) {
    const MinerFigures& m = row.figures;
    out.push_back({{"node", m.node},
                   {"hash_share", row.hash_share},
                   {"blocks_mined", m.blocks_mined},
                   {"main_chain_blocks", m.main_chain_blocks},
                   {"stale_blocks", m.stale_blocks},
                   {"stale_rate", m.stale_rate},
                   {"main_chain_share", m.main_chain_share}});
  }
  return out;
}

Json NetworkJson(const Simulation& simulation) {
  const Network& network = simulation.network();
  const Topology& topology = network.topology();
  const Scenario& scenario = simulation.scenario();
  const std::vector<LayoutPoint> points =
      LayoutNetwork(topology, scenario.network.topology.kind, network.regions(),
                    scenario.network.topology.grid_columns);
  Json out;
  out["topology"] = std::string(Name(scenario.network.topology.kind));
  Json nodes = Json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    // Three decimals place a node within a thousandth of the drawing.
    nodes.push_back({{"x", std::round(points[i].x * 1000) / 1000},
                     {"y", std::round(points[i].y * 1000) / 1000},
                     {"region", i < topology.region.size() ? topology.region[i] : -1},
                     {"hash_rate", simulation.hash_rate(static_cast<NodeIndex>(i))}});
  }
  out["nodes"] = std::move(nodes);
  Json names = Json::array();
  if (network.regions() != nullptr) {
    for (const std::string& name : network.regions()->regions) names.push_back(name);
  }
  out["region_names"] = std::move(names);
  Json links = Json::array();
  for (NodeIndex a = 0; a < topology.peers.size(); ++a) {
    for (const NodeIndex b : topology.peers[a]) {
      if (a < b) links.push_back({a, b});
    }
  }
  out["links"] = std::move(links);
  Json partitions = Json::array();
  for (const TimelineEvent& event : scenario.timeline) {
    const auto* partition = std::get_if<PartitionAction>(&event.action);
    if (partition == nullptr) continue;
    Json groups = Json::array();
    for (std::size_t g = 0; g < partition->groups.size(); ++g) {
      groups.push_back({{"name", partition->group_names[g]}, {"nodes", partition->groups[g]}});
    }
    partitions.push_back({{"time_s", ToSeconds(event.at)}, {"groups", std::move(groups)}});
  }
  out["partitions"] = std::move(partitions);
  return out;
}

Json RunJson(const Simulation& simulation, const RunReport& report, const std::string& version) {
  Json out = RunReportToJson(report);
  const Scenario& scenario = simulation.scenario();
  out["scenario"] = ScenarioToJson(scenario);
  out["seed"] = scenario.seed;
  out["chainsim_version"] = version;
  out["fingerprint"] = RunFingerprint(simulation.tree(), simulation.metrics());
  Json timeline = Json::array();
  for (const TimelineEvent& event : scenario.timeline) {
    timeline.push_back({{"time_s", ToSeconds(event.at)}, {"action", ActionName(event.action)}});
  }
  out["timeline"] = timeline;
  Json episodes = Json::array();
  for (const DisagreementEpisode& e : simulation.metrics().episodes()) {
    episodes.push_back({{"start_s", ToSeconds(e.start)},
                        {"end_s", e.end == kNever ? Json(nullptr) : Json(ToSeconds(e.end))}});
  }
  out["disagreement_episodes"] = episodes;
  out["main_tip"] = Hash(simulation.tree(), report.summary.main_tip);
  Json lost = Json::array();
  for (const std::string& tx : report.summary.transactions.lost_examples) lost.push_back(tx);
  out["transactions"]["lost_examples"] = lost;
  out["miners"] = MinersJson(MinerRows(simulation, report.summary));
  return out;
}

RunFilesResult WriteRunFiles(const Simulation& simulation, const RunReport& report,
                             const std::filesystem::path& dir, const RunFilesOptions& options) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    throw std::runtime_error(dir.string() + ": cannot create the output folder" +
                             (error ? " (" + error.message() + ")" : std::string()));
  }
  RunFilesResult result;
  const BlockTree& tree = simulation.tree();
  const RunMetrics& metrics = simulation.metrics();
  WriteFile(dir / "run.json", RunJson(simulation, report, options.version).dump(2) + "\n", result);
  std::ostringstream blocks;
  WriteBlocksCsv(blocks, tree, metrics, report.summary.main_tip);
  WriteFile(dir / "blocks.csv", blocks.str(), result);
  std::ostringstream reorgs;
  WriteReorgsCsv(reorgs, tree, metrics);
  WriteFile(dir / "reorgs.csv", reorgs.str(), result);
  std::ostringstream series;
  WriteTimeseriesCsv(series, metrics);
  WriteFile(dir / "timeseries.csv", series.str(), result);
  WriteFile(dir / "chain.json", ChainResponseBody(tree.ChainTo(report.summary.main_tip)) + "\n",
            result);
  std::ostringstream dot;
  WriteBlockTreeDot(dot, tree, report.summary.main_tip);
  WriteFile(dir / "blocks.dot", dot.str(), result);
  std::ostringstream svg;
  BlockSvgOptions picture;
  const Scenario& scenario = simulation.scenario();
  picture.title = "Block tree of " + scenario.name + ", seed " + std::to_string(scenario.seed);
  picture.partitions = Partitions(scenario);
  WriteBlockTreeSvg(svg, tree, report.summary.main_tip, picture);
  WriteFile(dir / "blocks.svg", svg.str(), result);
  std::ostringstream miners;
  WriteMinersCsv(miners, MinerRows(simulation, report.summary));
  WriteFile(dir / "miners.csv", miners.str(), result);
  const Json network = NetworkJson(simulation);
  WriteFile(dir / "network.json", network.dump() + "\n", result);
  std::ostringstream edges;
  WriteEdgesCsv(edges, network);
  WriteFile(dir / "edges.csv", edges.str(), result);
  std::ostringstream network_dot;
  WriteNetworkDot(network_dot, network);
  WriteFile(dir / "network.dot", network_dot.str(), result);
  if (options.replay != nullptr) {
    std::ostringstream page;
    WriteReplayPage(page, simulation, report, *options.replay, options.version);
    WriteFile(dir / "replay.html", page.str(), result);
  }
  return result;
}

}  // namespace chainsim::sim
