#pragma once
// RegionTable: measured network figures by region (latency between regions,
// per-node bandwidth, share of nodes, outbound degree distribution), for the
// region model of topology, latency and bandwidth.
//
// Two tables are built in ("bitcoin-2015", "bitcoin-2019", from SimBlock; see
// sim/scenario/regions/README.md for the format and attribution); any file in
// the same format can be loaded by path. A table is part of a scenario's
// input: the loader (sim/scenario/scenario_loader.h) reads the table a
// scenario names, so a bad table is refused when the scenario is read, and
// the network (sim/net) builds its region model from it.

#include <string>
#include <string_view>
#include <vector>

namespace chainsim::sim {

struct RegionTable {
  // The built-in name, or the path the table was read from.
  std::string name;
  // Region names; N = regions.size() >= 1.
  std::vector<std::string> regions;
  // latency_ms[from][to]: mean one-way latency in milliseconds, N x N, every
  // entry > 5 (the regions Pareto rule needs mean > 5 ms).
  std::vector<std::vector<double>> latency_ms;
  // Per-node download and upload rates of each region in Mbit/s (> 0), N each.
  std::vector<double> download_mbit;
  std::vector<double> upload_mbit;
  // Fraction of nodes in each region: N values >= 0 summing to 1 (+-1e-3).
  std::vector<double> node_share;
  // outbound_degree_cdf[i] = P(outbound degree <= i + 1): non-decreasing,
  // within [0, 1], last value 1.
  std::vector<double> outbound_degree_cdf;

  int region_count() const { return static_cast<int>(regions.size()); }
  // Largest outbound degree the CDF can give.
  int max_outbound_degree() const { return static_cast<int>(outbound_degree_cdf.size()); }
};

// Names of the built-in tables, in a fixed order.
std::vector<std::string> BuiltinRegionTableNames();

// Loads a built-in table by name ("bitcoin-2015") or a table file by path.
// Throws ScenarioError (sim/scenario/scenario_error.h) whose message starts with
// "file:line:column: " (1-based) when the YAML is malformed, a key is missing or
// unknown, a size is wrong, a value is out of range, a region name is not UTF-8
// or given twice, the shares do not sum to 1 or the CDF is not a CDF; and
// "name: ..." when the name is neither built in nor a readable file, or the
// file is a directory or larger than kMaxScenarioFileBytes
// (sim/scenario/scenario_limits.h).
RegionTable LoadRegionTable(const std::string& name_or_path);

// Parses a table from YAML text; `source` names it in messages and becomes
// the table's name. Same errors as LoadRegionTable.
RegionTable ParseRegionTable(std::string_view yaml_text, const std::string& source);

}  // namespace chainsim::sim
