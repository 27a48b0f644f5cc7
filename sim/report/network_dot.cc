#include "sim/report/network_dot.h"

#include <array>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/check.h"

namespace chainsim::sim {
namespace {

// Fill colours for regions, in region order (repeating after the last).
constexpr std::array<const char*, 8> kRegionColours = {"#8dd3c7", "#ffffb3", "#bebada", "#fb8072",
                                                       "#80b1d3", "#fdb462", "#b3de69", "#fccde5"};

std::string RegionName(const Json& network, int region) {
  const Json& names = network["region_names"];
  if (region < 0 || static_cast<std::size_t>(region) >= names.size()) return "";
  return names[static_cast<std::size_t>(region)].get<std::string>();
}

// Graphviz quoted string: backslashes and quotes escaped.
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Number(double value) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%g", value);
  return buf.data();
}

}  // namespace

void WriteEdgesCsv(std::ostream& out, const Json& network) {
  CHAINSIM_CHECK(network.contains("links") && network.contains("nodes"));
  const Json& nodes = network["nodes"];
  out << "a,b,region_a,region_b\n";
  for (const Json& link : network["links"]) {
    const auto a = link[0].get<std::size_t>();
    const auto b = link[1].get<std::size_t>();
    out << a << ',' << b << ',' << RegionName(network, nodes[a]["region"].get<int>()) << ','
        << RegionName(network, nodes[b]["region"].get<int>()) << '\n';
  }
}

void WriteNetworkDot(std::ostream& out, const Json& network) {
  CHAINSIM_CHECK(network.contains("links") && network.contains("nodes"));
  const Json& nodes = network["nodes"];
  // Per node, its group's name in each partition ("" for none).
  const Json& partitions = network["partitions"];
  std::vector<std::map<std::size_t, std::string>> groups(partitions.size());
  out << "graph network {\n";
  out << "  // " << network["topology"].get<std::string>() << ", " << nodes.size() << " nodes, "
      << network["links"].size() << " links\n";
  for (std::size_t p = 0; p < partitions.size(); ++p) {
    out << "  // partition" << (p + 1) << " at " << Number(partitions[p]["time_s"].get<double>())
        << " s:";
    for (const Json& group : partitions[p]["groups"]) {
      const auto name = group["name"].get<std::string>();
      out << ' ' << name << " (" << group["nodes"].size() << " nodes)";
      for (const Json& node : group["nodes"]) groups[p][node.get<std::size_t>()] = name;
    }
    out << '\n';
  }
  out << "  graph [layout=neato, overlap=false, outputorder=edgesfirst];\n";
  out << "  node [shape=circle, style=filled, fontsize=8, width=0.3, fixedsize=true];\n";
  out << "  edge [color=\"#00000040\"];\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Json& node = nodes[i];
    const int region = node["region"].get<int>();
    const double rate = node["hash_rate"].get<double>();
    out << "  n" << i << " [label=\"" << i << "\", pos=\"" << Number(node["x"].get<double>() * 10)
        << ',' << Number(node["y"].get<double>() * 10) << "!\", fillcolor=\""
        << (region < 0 ? "#dddddd"
                       : kRegionColours[static_cast<std::size_t>(region) % kRegionColours.size()])
        << '"';
    if (rate > 0) out << ", shape=doublecircle";
    if (region >= 0) out << ", region=" << Quoted(RegionName(network, region));
    out << ", hash_rate=\"" << Number(rate) << '"';
    for (std::size_t p = 0; p < groups.size(); ++p) {
      const auto it = groups[p].find(i);
      if (it != groups[p].end()) out << ", partition" << (p + 1) << '=' << Quoted(it->second);
    }
    out << "];\n";
  }
  for (const Json& link : network["links"]) {
    out << "  n" << link[0].get<std::size_t>() << " -- n" << link[1].get<std::size_t>() << ";\n";
  }
  out << "}\n";
}

}  // namespace chainsim::sim
