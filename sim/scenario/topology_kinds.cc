#include "sim/scenario/topology_kinds.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "core/check.h"
#include "core/utf8.h"
#include "sim/scenario/region_table.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/units.h"
#include "sim/scenario/value_reader.h"
#include "sim/scenario/yaml_map.h"

namespace chainsim::sim {
namespace {

using OJson = nlohmann::ordered_json;

// The position for a message about `key`: its value, or the topology when
// the key is left at its default.
YAML::Node Where(const YamlMap& map, std::string_view key) {
  const YamlEntry* entry = map.Find(key);
  return entry != nullptr ? entry->value : map.node();
}

void ReadNothing(ValueReader&, const YamlMap&, int, TopologyConfig&) {}
void WriteNothing(const TopologyConfig&, OJson&) {}
std::string DescribeNothing(const TopologyConfig&) { return ""; }

void ReadGrid(ValueReader& reader, const YamlMap& map, int nodes, TopologyConfig& topology) {
  if (const YamlEntry* e = map.Find("columns")) {
    topology.grid_columns =
        static_cast<int>(reader.Integer(e->value, map.path() + ".columns", 0, nodes));
  }
}
void WriteGrid(const TopologyConfig& t, OJson& out) { out["columns"] = t.grid_columns; }
std::string DescribeGrid(const TopologyConfig& t) {
  return t.grid_columns == 0 ? " (square)" : " (" + std::to_string(t.grid_columns) + " columns)";
}

void ReadRandomRegular(ValueReader& reader, const YamlMap& map, int nodes,
                       TopologyConfig& topology) {
  const std::string path = map.path() + ".degree";
  if (const YamlEntry* e = map.Find("degree")) {
    topology.degree = static_cast<int>(reader.Integer(e->value, path, 1, kMaxNodes));
  }
  const std::string n_text = std::to_string(nodes);
  if (topology.degree > nodes - 1) {
    reader.source().Fail(Where(map, "degree"), path,
                         "degree " + std::to_string(topology.degree) + " needs more than " +
                             n_text + " nodes (expected a degree from 1 to the node count - 1)");
  }
  if ((static_cast<std::int64_t>(topology.degree) * nodes) % 2 != 0) {
    reader.source().Fail(Where(map, "degree"), path,
                         "no graph has " + n_text + " nodes of odd degree " +
                             std::to_string(topology.degree) +
                             " (expected an even degree or an even node count)");
  }
}
void WriteDegree(const TopologyConfig& t, OJson& out) { out["degree"] = t.degree; }
std::string DescribeDegree(const TopologyConfig& t) {
  return " (degree " + std::to_string(t.degree) + ")";
}

void ReadErdosRenyi(ValueReader& reader, const YamlMap& map, int, TopologyConfig& topology) {
  if (const YamlEntry* e = map.Find("probability")) {
    topology.edge_probability =
        reader.Unit(e->value, map.path() + ".probability", kProbabilityUnit);
  }
}
void WriteErdosRenyi(const TopologyConfig& t, OJson& out) {
  out["probability"] = t.edge_probability;
}
std::string DescribeErdosRenyi(const TopologyConfig& t) {
  return " (edge probability " + FormatShortestDouble(t.edge_probability) + ")";
}

void ReadSmallWorld(ValueReader& reader, const YamlMap& map, int nodes, TopologyConfig& topology) {
  const std::string path = map.path() + ".degree";
  if (const YamlEntry* e = map.Find("degree")) {
    topology.degree = static_cast<int>(reader.Integer(e->value, path, 2, kMaxNodes));
  }
  if (topology.degree % 2 != 0 || topology.degree < 2) {
    reader.source().Fail(Where(map, "degree"), path,
                         "degree " + std::to_string(topology.degree) +
                             " is odd (expected an even degree: each node links to degree/2 "
                             "neighbours on each side of the ring)");
  }
  if (topology.degree > nodes - 1) {
    reader.source().Fail(Where(map, "degree"), path,
                         "degree " + std::to_string(topology.degree) + " needs more than " +
                             std::to_string(nodes) +
                             " nodes (expected an even degree below the node count)");
  }
  if (const YamlEntry* e = map.Find("rewire")) {
    topology.rewire_probability = reader.Unit(e->value, map.path() + ".rewire", kProbabilityUnit);
  }
}
void WriteSmallWorld(const TopologyConfig& t, OJson& out) {
  out["degree"] = t.degree;
  out["rewire"] = t.rewire_probability;
}
std::string DescribeSmallWorld(const TopologyConfig& t) {
  return " (degree " + std::to_string(t.degree) + ", rewire " +
         FormatShortestDouble(t.rewire_probability) + ")";
}

void ReadScaleFree(ValueReader& reader, const YamlMap& map, int nodes, TopologyConfig& topology) {
  const std::string path = map.path() + ".attachment";
  if (const YamlEntry* e = map.Find("attachment")) {
    topology.attachment = static_cast<int>(reader.Integer(e->value, path, 1, kMaxNodes));
  }
  if (nodes > 1 && topology.attachment > nodes - 1) {
    reader.source().Fail(Where(map, "attachment"), path,
                         "attachment " + std::to_string(topology.attachment) + " needs more than " +
                             std::to_string(nodes) + " nodes (expected 1 to the node count - 1)");
  }
}
void WriteScaleFree(const TopologyConfig& t, OJson& out) { out["attachment"] = t.attachment; }
std::string DescribeScaleFree(const TopologyConfig& t) {
  return " (attachment " + std::to_string(t.attachment) + ")";
}

void ReadEdgeList(ValueReader& reader, const YamlMap& map, int nodes, TopologyConfig& topology) {
  const YamlSource& source = reader.source();
  const YamlEntry& entry =
      map.Require(source, "edges", "edges: a list of node pairs such as [[0, 1], [1, 2]]");
  const std::string path = map.path() + ".edges";
  if (!entry.value.IsSequence()) {
    source.Fail(entry.value, path,
                "got " + Describe(entry.value) +
                    " (expected a list of node pairs such as [[0, 1], [1, 2]])");
  }
  topology.edges.clear();
  std::unordered_set<std::uint64_t> seen;
  std::size_t i = 0;
  for (const YAML::Node& pair : entry.value) {
    const std::string item_path = path + "[" + std::to_string(i++) + "]";
    if (!pair.IsSequence() || pair.size() != 2) {
      source.Fail(pair, item_path,
                  "got " + Describe(pair) + " (expected a pair of node indices such as [0, 1])");
    }
    const NodeIndex a = reader.NodeIndexValue(pair[0], item_path);
    const NodeIndex b = reader.NodeIndexValue(pair[1], item_path);
    for (NodeIndex x : {a, b}) {
      if (x >= static_cast<NodeIndex>(nodes)) {
        source.Fail(pair, item_path,
                    "node " + std::to_string(x) +
                        " does not exist (expected node indices from 0 to " +
                        std::to_string(nodes - 1) + ")");
      }
    }
    if (a == b) {
      source.Fail(pair, item_path, "a node cannot link to itself (expected two different nodes)");
    }
    const std::uint64_t key = (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
    if (!seen.insert(key).second) {
      source.Fail(pair, item_path,
                  "the link " + std::to_string(a) + "-" + std::to_string(b) +
                      " is listed twice (expected each link once)");
    }
    topology.edges.emplace_back(a, b);
  }
}
void WriteEdgeList(const TopologyConfig& t, OJson& out) {
  OJson edges = OJson::array();
  for (const auto& [a, b] : t.edges) edges.push_back(OJson::array({a, b}));
  out["edges"] = edges;
}
std::string DescribeEdgeList(const TopologyConfig& t) {
  return " (" + std::to_string(t.edges.size()) + " links)";
}

// A built-in table name, or a table file (relative to the scenario's folder)
// that is read here, so that a bad table is refused with the scenario.
void ReadRegions(ValueReader& reader, const YamlMap& map, int, TopologyConfig& topology) {
  const YamlEntry* e = map.Find("table");
  if (e == nullptr) return;
  const std::string path = map.path() + ".table";
  const std::string table = reader.Text(e->value, path);
  const std::vector<std::string> builtins = BuiltinRegionTableNames();
  if (std::find(builtins.begin(), builtins.end(), table) != builtins.end()) {
    topology.regions = table;
    return;
  }
  std::filesystem::path file(table);
  if (file.is_relative()) file = reader.source().folder() / file;
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    reader.source().Fail(e->value, path,
                         "no region table '" + table + "' (expected " + JoinWords(builtins, ", ") +
                             " or the path of a region table file, relative to the scenario "
                             "file)");
  }
  topology.regions = file.lexically_normal().string();
  try {
    LoadRegionTable(topology.regions);
  } catch (const ScenarioError& bad_table) {
    reader.source().Fail(e->value, path, std::string("bad region table: ") + bad_table.what());
  }
}
void WriteRegions(const TopologyConfig& t, OJson& out) { out["table"] = ToValidUtf8(t.regions); }
std::string DescribeRegions(const TopologyConfig& t) { return " (table " + t.regions + ")"; }

}  // namespace

std::span<const TopologyKindInfo> TopologyKinds() {
  static const auto kKinds = std::to_array<TopologyKindInfo>({
      {TopologyKind::kFullMesh, "full-mesh", {}, ReadNothing, WriteNothing, DescribeNothing},
      {TopologyKind::kRing, "ring", {}, ReadNothing, WriteNothing, DescribeNothing},
      {TopologyKind::kLine, "line", {}, ReadNothing, WriteNothing, DescribeNothing},
      {TopologyKind::kStar, "star", {}, ReadNothing, WriteNothing, DescribeNothing},
      {TopologyKind::kGrid, "grid", {"columns"}, ReadGrid, WriteGrid, DescribeGrid},
      {TopologyKind::kRandomRegular,
       "random-regular",
       {"degree"},
       ReadRandomRegular,
       WriteDegree,
       DescribeDegree},
      {TopologyKind::kErdosRenyi,
       "erdos-renyi",
       {"probability"},
       ReadErdosRenyi,
       WriteErdosRenyi,
       DescribeErdosRenyi},
      {TopologyKind::kSmallWorld,
       "small-world",
       {"degree", "rewire"},
       ReadSmallWorld,
       WriteSmallWorld,
       DescribeSmallWorld},
      {TopologyKind::kScaleFree,
       "scale-free",
       {"attachment"},
       ReadScaleFree,
       WriteScaleFree,
       DescribeScaleFree},
      {TopologyKind::kEdgeList, "edges", {"edges"}, ReadEdgeList, WriteEdgeList, DescribeEdgeList},
      {TopologyKind::kRegions, "regions", {"table"}, ReadRegions, WriteRegions, DescribeRegions},
  });
  return kKinds;
}

const TopologyKindInfo& KindInfo(TopologyKind kind) {
  const std::span<const TopologyKindInfo> kinds = TopologyKinds();
  const auto index = static_cast<std::size_t>(kind);
  CHAINSIM_CHECK(index < kinds.size() && kinds[index].kind == kind);
  return kinds[index];
}

std::string TopologySummary(const TopologyConfig& topology) {
  const TopologyKindInfo& info = KindInfo(topology.kind);
  return std::string(info.name) + info.describe(topology);
}

}  // namespace chainsim::sim
