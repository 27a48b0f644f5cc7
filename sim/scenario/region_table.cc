#include "sim/scenario/region_table.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "sim/scenario/embedded_region_tables.h"
#include "sim/scenario/input_file.h"
#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {
namespace {

[[noreturn]] void Fail(const std::string& source, const YAML::Mark& mark,
                       const std::string& message) {
  std::ostringstream out;
  out << source;
  if (!mark.is_null()) out << ':' << mark.line + 1 << ':' << mark.column + 1;
  out << ": " << message;
  throw ScenarioError(out.str());
}

class TableParser {
 public:
  TableParser(const YAML::Node& root, const std::string& source) : root_(root), source_(source) {}

  RegionTable Parse() {
    if (!root_.IsMap()) Fail(source_, root_.Mark(), "expected a map of region table keys");
    RegionTable table;
    table.name = source_;

    const YAML::Node regions = Require(root_, "regions");
    if (!regions.IsSequence() || regions.size() == 0) {
      Fail(source_, regions.Mark(), "'regions' must be a non-empty list of names");
    }
    for (const YAML::Node& r : regions) {
      if (!r.IsScalar()) Fail(source_, r.Mark(), "expected a region name");
      table.regions.push_back(r.as<std::string>());
    }
    const std::size_t n = table.regions.size();

    const YAML::Node latency = Require(root_, "latency_ms");
    ExpectList(latency, "latency_ms", n);
    for (const YAML::Node& row : latency) {
      ExpectList(row, "each row of latency_ms", n);
      std::vector<double> values = Numbers(row, "latency_ms");
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (!(values[i] > 5.0)) {
          Fail(source_, row[i].Mark(),
               "latency_ms entries must be > 5 (the Pareto rule uses scale = mean - 5 ms)");
        }
      }
      table.latency_ms.push_back(std::move(values));
    }

    const YAML::Node bandwidth = Require(root_, "bandwidth_mbit");
    if (!bandwidth.IsMap()) Fail(source_, bandwidth.Mark(), "'bandwidth_mbit' must be a map");
    table.download_mbit = PositiveList(Require(bandwidth, "down"), "bandwidth_mbit.down", n);
    table.upload_mbit = PositiveList(Require(bandwidth, "up"), "bandwidth_mbit.up", n);

    const YAML::Node share = Require(root_, "node_share");
    ExpectList(share, "node_share", n);
    table.node_share = Numbers(share, "node_share");
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(table.node_share[i] >= 0.0)) Fail(source_, share[i].Mark(), "node_share must be >= 0");
      sum += table.node_share[i];
    }
    if (std::abs(sum - 1.0) > 1e-3) {
      std::ostringstream msg;
      msg << "node_share must sum to 1 (+-0.001), sums to " << sum;
      Fail(source_, share.Mark(), msg.str());
    }

    const YAML::Node cdf = Require(root_, "outbound_degree_cdf");
    if (!cdf.IsSequence() || cdf.size() == 0) {
      Fail(source_, cdf.Mark(), "'outbound_degree_cdf' must be a non-empty list of numbers");
    }
    table.outbound_degree_cdf = Numbers(cdf, "outbound_degree_cdf");
    double previous = 0.0;
    for (std::size_t i = 0; i < table.outbound_degree_cdf.size(); ++i) {
      const double p = table.outbound_degree_cdf[i];
      if (!(p >= previous && p <= 1.0)) {
        Fail(source_, cdf[i].Mark(), "outbound_degree_cdf must be non-decreasing within [0, 1]");
      }
      previous = p;
    }
    if (previous != 1.0) {
      Fail(source_, cdf[cdf.size() - 1].Mark(), "outbound_degree_cdf must end at 1");
    }
    return table;
  }

 private:
  YAML::Node Require(const YAML::Node& map, const char* key) {
    const YAML::Node value = map[key];
    if (!value) Fail(source_, map.Mark(), std::string("missing key '") + key + "'");
    return value;
  }

  void ExpectList(const YAML::Node& node, const std::string& what, std::size_t n) {
    if (!node.IsSequence() || node.size() != n) {
      std::ostringstream msg;
      msg << what << " must be a list of " << n << " values (one per region)";
      if (node.IsSequence()) msg << ", has " << node.size();
      Fail(source_, node.Mark(), msg.str());
    }
  }

  std::vector<double> Numbers(const YAML::Node& list, const std::string& what) {
    std::vector<double> values;
    for (const YAML::Node& v : list) {
      double x = 0.0;
      if (!v.IsScalar() || !YAML::convert<double>::decode(v, x) || !std::isfinite(x)) {
        Fail(source_, v.Mark(), "expected a number in " + what);
      }
      values.push_back(x);
    }
    return values;
  }

  std::vector<double> PositiveList(const YAML::Node& node, const std::string& what, std::size_t n) {
    ExpectList(node, what, n);
    std::vector<double> values = Numbers(node, what);
    for (std::size_t i = 0; i < n; ++i) {
      if (!(values[i] > 0.0)) Fail(source_, node[i].Mark(), what + " values must be > 0");
    }
    return values;
  }

  const YAML::Node& root_;
  const std::string& source_;
};

}  // namespace

std::vector<std::string> BuiltinRegionTableNames() {
  std::vector<std::string> names;
  for (const internal::EmbeddedRegionTable& t : internal::EmbeddedRegionTables()) {
    names.emplace_back(t.name);
  }
  return names;
}

RegionTable ParseRegionTable(std::string_view yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    Fail(source, e.mark, e.msg);
  }
  return TableParser(root, source).Parse();
}

RegionTable LoadRegionTable(const std::string& name_or_path) {
  for (const internal::EmbeddedRegionTable& t : internal::EmbeddedRegionTables()) {
    if (t.name == name_or_path) {
      RegionTable table = ParseRegionTable(t.text, std::string(t.source));
      table.name = std::string(t.name);
      return table;
    }
  }
  std::error_code error;
  if (!std::filesystem::exists(name_or_path, error)) {
    std::string builtins;
    for (const std::string& name : BuiltinRegionTableNames()) {
      builtins += (builtins.empty() ? "" : ", ") + name;
    }
    throw ScenarioError(name_or_path + ": not a built-in region table (" + builtins +
                        ") and no such readable file");
  }
  return ParseRegionTable(ReadInputFile(name_or_path, "a region table file"), name_or_path);
}

}  // namespace chainsim::sim
