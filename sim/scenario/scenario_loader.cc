#include "sim/scenario/scenario_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

// Largest node count a scenario may have (start plus joins).
constexpr std::int64_t kMaxNodes = 1'000'000;
// Largest difficulty a simulation accepts: proofs are really searched.
constexpr int kMaxSimDifficulty = 8;
// Largest forge depth and count of forged blocks (each reply carries them).
constexpr std::int64_t kMaxForgedBlocks = 10'000;

using Keys = std::vector<std::string_view>;

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string Join(const Keys& keys) {
  std::vector<std::string> parts;
  for (std::string_view key : keys) parts.emplace_back(key);
  return Join(parts, ", ");
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The allowed word closest to `word`, if it is close enough to be a typo.
std::string ClosestWord(std::string_view word, const Keys& allowed) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : allowed) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  if (best_distance <= limit) return best;
  // A prefix of exactly one allowed key ("block" -> none, "hash_sh" -> hash_shares).
  std::string prefix_match;
  int matches = 0;
  for (std::string_view candidate : allowed) {
    if (word.size() >= 3 && candidate.substr(0, word.size()) == word) {
      prefix_match = std::string(candidate);
      ++matches;
    }
  }
  return matches == 1 ? prefix_match : "";
}

std::string Path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "no value";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "'" + node.Scalar() + "'";
}

std::string FormatTime(SimTime t) { return FormatDurationValue(t); }

// A key and its value in a YAML map.
struct Entry {
  YAML::Node key;
  YAML::Node value;
};

// The checked keys of one YAML map.
struct Map {
  YAML::Node node;
  std::string path;
  std::map<std::string, Entry, std::less<>> entries;
  std::vector<std::string> order;  // keys in file order

  const Entry* Find(std::string_view key) const {
    const auto it = entries.find(key);
    return it == entries.end() ? nullptr : &it->second;
  }
};

// Keys of each section, for "belongs under" hints on misplaced keys.
struct SectionKeys {
  std::string_view section;
  Keys keys;
};

class Loader {
 public:
  Loader(std::string source, std::filesystem::path folder)
      : source_(std::move(source)), folder_(std::move(folder)) {}

  Scenario Load(std::string_view text);

 private:
  [[noreturn]] void FailAt(const YAML::Mark& mark, const std::string& message) const {
    std::string where = source_;
    if (!mark.is_null()) {
      where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }
    throw ScenarioError(where + ": " + message);
  }
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const {
    FailAt(node.Mark(), path.empty() ? message : path + ": " + message);
  }

  Map ReadMap(const YAML::Node& node, const std::string& path, const Keys& allowed,
              std::string_view what) const;
  void RequireKey(const Map& map, std::string_view key, std::string_view expected) const;

  std::string String(const YAML::Node& node, const std::string& path) const;
  std::int64_t Integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                       std::int64_t max) const;
  std::uint64_t Unsigned64(const YAML::Node& node, const std::string& path) const;
  double Number(const YAML::Node& node, const std::string& path, double min, double max,
                std::string_view expected) const;
  bool Bool(const YAML::Node& node, const std::string& path) const;
  SimTime Duration(const YAML::Node& node, const std::string& path, SimTime min) const;
  double Probability(const YAML::Node& node, const std::string& path) const;
  double BitRate(const YAML::Node& node, const std::string& path) const;
  double Rate(const YAML::Node& node, const std::string& path) const;
  std::uint64_t DataSize(const YAML::Node& node, const std::string& path) const;
  template <typename Enum>
  Enum ReadEnum(const YAML::Node& node, const std::string& path,
                std::initializer_list<Enum> values) const;
  // A node list: an index, a range "0-9", or a list of both. Sorted, no
  // duplicates; marks are kept for later range checks.
  struct NodeRef {
    NodeIndex index;
    YAML::Mark mark;
  };
  std::vector<NodeRef> NodeSet(const YAML::Node& node, const std::string& path) const;
  NodeIndex NodeIndexValue(const YAML::Node& node, const std::string& path) const;

  void ReadChain(const YAML::Node& node, ChainRules& chain) const;
  void ReadMining(const YAML::Node& node, const Scenario& scenario, MiningConfig& mining) const;
  void ReadNetwork(const YAML::Node& node, int nodes, NetworkConfig& network) const;
  void ReadTopology(const YAML::Node& node, int nodes, TopologyConfig& topology) const;
  void ReadLatency(const YAML::Node& node, LatencyConfig& latency) const;
  void ReadProtocol(const YAML::Node& node, ProtocolConfig& protocol) const;
  void ReadTimeline(const YAML::Node& node, Scenario& scenario) const;

  std::string source_;
  std::filesystem::path folder_;
};

Map Loader::ReadMap(const YAML::Node& node, const std::string& path, const Keys& allowed,
                    std::string_view what) const {
  Map map;
  map.node = node;
  map.path = path;
  if (node.IsNull()) return map;  // an empty section is the same as leaving it out
  if (!node.IsMap()) {
    Fail(
        node, path,
        "expected a map of keys, got " + Describe(node) + " (allowed keys: " + Join(allowed) + ")");
  }
  static const std::vector<SectionKeys> kSections = {
      {"chain", {"difficulty", "proof", "fork_choice"}},
      {"mining", {"mode", "block_interval", "hash_rate", "miners", "hash_shares", "max_blocks"}},
      {"network", {"topology", "latency", "bandwidth", "loss"}},
      {"protocol",
       {"resolve_interval", "resolve_on_announce", "request_timeout", "block_size",
        "requeue_lost_transactions"}},
      {"workload", {"transactions"}},
  };
  for (const auto& pair : node) {
    const YAML::Node key = pair.first;
    if (!key.IsScalar()) FailAt(key.Mark(), Path(path, "?") + ": a key must be a plain word");
    const std::string& name = key.Scalar();
    if (const Entry* first = map.Find(name)) {
      FailAt(key.Mark(), Path(path, name) + ": duplicate key (first given at line " +
                             std::to_string(first->key.Mark().line + 1) +
                             "; expected each key once)");
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string message = "unknown key '" + name + "' in " + std::string(what);
      std::string hint;
      if (path.empty()) {
        for (const SectionKeys& section : kSections) {
          for (std::string_view section_key : section.keys) {
            if (section_key == name) {
              hint = "it belongs under '" + std::string(section.section) + ":'";
            }
          }
        }
      }
      if (hint.empty()) {
        const std::string closest = ClosestWord(name, allowed);
        if (!closest.empty()) hint = "did you mean '" + closest + "'?";
      }
      if (!hint.empty()) message += "; " + hint;
      FailAt(key.Mark(), message + " (allowed keys: " + Join(allowed) + ")");
    }
    map.entries.emplace(name, Entry{key, pair.second});
    map.order.push_back(name);
  }
  return map;
}

void Loader::RequireKey(const Map& map, std::string_view key, std::string_view expected) const {
  if (map.Find(key) == nullptr) {
    Fail(map.node, map.path,
         "missing key '" + std::string(key) + "' (expected " + std::string(expected) + ")");
  }
}

std::string Loader::String(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) Fail(node, path, "expected a text value, got " + Describe(node));
  return node.Scalar();
}

std::int64_t Loader::Integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                             std::int64_t max) const {
  const std::string expected =
      "(expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ")";
  if (!node.IsScalar()) Fail(node, path, "got " + Describe(node) + " " + expected);
  const std::string& text = node.Scalar();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    Fail(node, path, text + " is out of range " + expected);
  }
  if (ec != std::errc() || end != text.data() + text.size()) {
    Fail(node, path, "'" + text + "' is not an integer " + expected);
  }
  if (value < min || value > max) Fail(node, path, text + " is out of range " + expected);
  return value;
}

std::uint64_t Loader::Unsigned64(const YAML::Node& node, const std::string& path) const {
  const std::string expected = "(expected an integer from 0 to 18446744073709551615)";
  if (!node.IsScalar()) Fail(node, path, "got " + Describe(node) + " " + expected);
  const std::string& text = node.Scalar();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || text[0] == '-') {
    Fail(node, path, "'" + text + "' is not an integer in range " + expected);
  }
  return value;
}

double Loader::Number(const YAML::Node& node, const std::string& path, double min, double max,
                      std::string_view expected) const {
  const std::string suffix = " (expected " + std::string(expected) + ")";
  if (!node.IsScalar()) Fail(node, path, "got " + Describe(node) + suffix);
  const std::string& text = node.Scalar();
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    Fail(node, path, "'" + text + "' is not a number" + suffix);
  }
  if (value < min || value > max) Fail(node, path, text + " is out of range" + suffix);
  return value;
}

bool Loader::Bool(const YAML::Node& node, const std::string& path) const {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  Fail(node, path, "got " + Describe(node) + " (expected true or false)");
}

SimTime Loader::Duration(const YAML::Node& node, const std::string& path, SimTime min) const {
  if (!node.IsScalar()) {
    Fail(node, path, "got " + Describe(node) + " (expected a duration such as 50ms or 10min)");
  }
  const Result<SimTime> value = ParseDuration(node.Scalar());
  if (!value) Fail(node, path, value.error().message);
  if (*value < min) {
    Fail(node, path,
         node.Scalar() + " is too short (expected " +
             (min == kNanosecond ? std::string("a duration above 0")
                                 : "at least " + FormatTime(min)) +
             ")");
  }
  return *value;
}

double Loader::Probability(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) {
    Fail(node, path, "got " + Describe(node) + " (expected a probability such as 0.01 or 1%)");
  }
  const Result<double> value = ParseProbability(node.Scalar());
  if (!value) Fail(node, path, value.error().message);
  return *value;
}

double Loader::BitRate(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) {
    Fail(node, path, "got " + Describe(node) + " (expected a bit rate such as 10 Mbit/s)");
  }
  const Result<double> value = ParseBitRate(node.Scalar());
  if (!value) Fail(node, path, value.error().message);
  return *value;
}

double Loader::Rate(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar())
    Fail(node, path, "got " + Describe(node) + " (expected a rate such as 2/s)");
  const Result<double> value = ParseRate(node.Scalar());
  if (!value) Fail(node, path, value.error().message);
  return *value;
}

std::uint64_t Loader::DataSize(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) {
    Fail(node, path, "got " + Describe(node) + " (expected a data size such as 535kB)");
  }
  const Result<std::uint64_t> value = ParseDataSize(node.Scalar());
  if (!value) Fail(node, path, value.error().message);
  return *value;
}

template <typename Enum>
Enum Loader::ReadEnum(const YAML::Node& node, const std::string& path,
                      std::initializer_list<Enum> values) const {
  std::vector<std::string> names;
  for (Enum value : values) names.emplace_back(Name(value));
  const std::string expected = "(expected one of: " + Join(names, ", ") + ")";
  if (!node.IsScalar()) Fail(node, path, "got " + Describe(node) + " " + expected);
  const std::string& text = node.Scalar();
  for (Enum value : values) {
    if (Name(value) == text) return value;
  }
  std::string closest;
  std::size_t best = std::numeric_limits<std::size_t>::max();
  for (const std::string& name : names) {
    const std::size_t distance = EditDistance(text, name);
    if (distance < best) {
      best = distance;
      closest = name;
    }
  }
  std::string message = "unknown value '" + text + "'";
  if (best <= std::max<std::size_t>(2, text.size() / 3)) {
    message += "; did you mean '" + closest + "'?";
  }
  Fail(node, path, message + " " + expected);
}

NodeIndex Loader::NodeIndexValue(const YAML::Node& node, const std::string& path) const {
  return static_cast<NodeIndex>(Integer(node, path, 0, kMaxNodes - 1));
}

std::vector<Loader::NodeRef> Loader::NodeSet(const YAML::Node& node,
                                             const std::string& path) const {
  const std::string expected =
      "(expected a node index, a range such as 0-9, or a list of them such as [0, 3, 5-7])";
  std::vector<NodeRef> refs;
  auto add_item = [&](const YAML::Node& item) {
    if (!item.IsScalar()) Fail(item, path, "got " + Describe(item) + " " + expected);
    const std::string& text = item.Scalar();
    const std::size_t dash = text.find('-');
    if (dash == std::string::npos || dash == 0) {
      if (text.find_first_not_of("0123456789") != std::string::npos) {
        Fail(item, path, "'" + text + "' is not a node index " + expected);
      }
      refs.push_back({NodeIndexValue(item, path), item.Mark()});
      return;
    }
    auto bound = [&](std::string part) -> std::int64_t {
      part.erase(0, part.find_first_not_of(' '));
      part.erase(part.find_last_not_of(' ') + 1);
      std::int64_t value = -1;
      const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
      if (part.empty() || ec != std::errc() || end != part.data() + part.size() || value < 0 ||
          value >= kMaxNodes) {
        Fail(item, path, "'" + text + "' is not a node range " + expected);
      }
      return value;
    };
    const std::int64_t first = bound(text.substr(0, dash));
    const std::int64_t last = bound(text.substr(dash + 1));
    if (first > last) {
      Fail(item, path, "the range '" + text + "' is empty (expected first <= last, e.g. 0-9)");
    }
    for (std::int64_t i = first; i <= last; ++i) {
      refs.push_back({static_cast<NodeIndex>(i), item.Mark()});
    }
  };
  if (node.IsSequence()) {
    if (node.size() == 0) Fail(node, path, "the node list is empty " + expected);
    for (std::size_t i = 0; i < node.size(); ++i) add_item(node[i]);
  } else {
    add_item(node);
  }
  std::stable_sort(refs.begin(), refs.end(),
                   [](const NodeRef& a, const NodeRef& b) { return a.index < b.index; });
  for (std::size_t i = 1; i < refs.size(); ++i) {
    if (refs[i].index == refs[i - 1].index) {
      FailAt(refs[i].mark, path + ": node " + std::to_string(refs[i].index) +
                               " is listed twice (expected each node once)");
    }
  }
  return refs;
}

void Loader::ReadChain(const YAML::Node& node, ChainRules& chain) const {
  const Map map = ReadMap(node, "chain", {"difficulty", "proof", "fork_choice"}, "chain");
  if (const Entry* e = map.Find("difficulty")) {
    chain.difficulty =
        static_cast<int>(Integer(e->value, "chain.difficulty", 0, kMaxSimDifficulty));
  }
  if (const Entry* e = map.Find("proof")) {
    const std::string text = String(e->value, "chain.proof");
    const Result<ProofVariant> variant = ParseProofVariant(text);
    if (!variant) Fail(e->value, "chain.proof", variant.error().message);
    chain.proof_variant = *variant;
  }
  if (const Entry* e = map.Find("fork_choice")) {
    const std::string text = String(e->value, "chain.fork_choice");
    const Result<ForkChoice> choice = ParseForkChoice(text);
    if (!choice) Fail(e->value, "chain.fork_choice", choice.error().message);
    chain.fork_choice = *choice;
  }
}

void Loader::ReadMining(const YAML::Node& node, const Scenario& scenario,
                        MiningConfig& mining) const {
  const Map map = ReadMap(
      node, "mining",
      {"mode", "block_interval", "hash_rate", "miners", "hash_shares", "max_blocks"}, "mining");
  if (const Entry* e = map.Find("mode")) {
    mining.mode = ReadEnum(e->value, "mining.mode", {MiningMode::kExponential, MiningMode::kRace});
  }
  const Entry* interval = map.Find("block_interval");
  const Entry* hash_rate = map.Find("hash_rate");
  if (interval != nullptr && hash_rate != nullptr) {
    FailAt(hash_rate->key.Mark(),
           "mining: both block_interval and hash_rate are given (expected one of them: "
           "block_interval sets the mean time between blocks, hash_rate derives it from the "
           "difficulty)");
  }
  if (interval != nullptr) {
    mining.block_interval = Duration(interval->value, "mining.block_interval", kNanosecond);
  }
  if (hash_rate != nullptr) {
    mining.hash_rate = Rate(hash_rate->value, "mining.hash_rate");
    if (mining.hash_rate <= 0.0) {
      Fail(hash_rate->value, "mining.hash_rate",
           "a hash rate of 0 mines nothing (expected hashes per second > 0, e.g. 200000/s)");
    }
  }
  if (const Entry* e = map.Find("miners")) {
    if (e->value.IsScalar() && e->value.Scalar() == "all") {
      mining.miners = -1;
    } else {
      if (!e->value.IsScalar() ||
          e->value.Scalar().find_first_not_of("0123456789") != std::string::npos) {
        Fail(e->value, "mining.miners",
             "got " + Describe(e->value) + " (expected all, or a count from 0 to the node count " +
                 std::to_string(scenario.nodes) + ")");
      }
      mining.miners = static_cast<int>(Integer(e->value, "mining.miners", 0, scenario.nodes));
    }
  }
  const int miner_count = mining.miners < 0 ? scenario.nodes : mining.miners;
  if (const Entry* e = map.Find("hash_shares")) {
    const std::string path = "mining.hash_shares";
    if (!e->value.IsSequence()) {
      Fail(e->value, path,
           "got " + Describe(e->value) + " (expected a list of " + std::to_string(miner_count) +
               " non-negative numbers, one per miner)");
    }
    mining.hash_shares.clear();
    for (std::size_t i = 0; i < e->value.size(); ++i) {
      mining.hash_shares.push_back(Number(e->value[i], path + "[" + std::to_string(i) + "]", 0.0,
                                          std::numeric_limits<double>::max(),
                                          "a non-negative relative hash power"));
    }
    if (!mining.hash_shares.empty() &&
        mining.hash_shares.size() != static_cast<std::size_t>(miner_count)) {
      Fail(e->value, path,
           "has " + std::to_string(mining.hash_shares.size()) + " shares for " +
               std::to_string(miner_count) + " miners (expected one share per miner)");
    }
    const double total = std::accumulate(mining.hash_shares.begin(), mining.hash_shares.end(), 0.0);
    if (!mining.hash_shares.empty() && !(total > 0.0)) {
      Fail(e->value, path, "all shares are 0 (expected at least one share > 0)");
    }
  }
  if (const Entry* e = map.Find("max_blocks")) {
    mining.max_blocks =
        Integer(e->value, "mining.max_blocks", 0, std::numeric_limits<std::int64_t>::max());
  }
}

void Loader::ReadTopology(const YAML::Node& node, int nodes, TopologyConfig& topology) const {
  const std::string path = "network.topology";
  std::initializer_list<TopologyKind> kinds = {
      TopologyKind::kFullMesh,   TopologyKind::kRing,       TopologyKind::kLine,
      TopologyKind::kStar,       TopologyKind::kGrid,       TopologyKind::kRandomRegular,
      TopologyKind::kErdosRenyi, TopologyKind::kSmallWorld, TopologyKind::kScaleFree,
      TopologyKind::kEdgeList,   TopologyKind::kRegions};
  if (node.IsScalar()) {  // "topology: ring"
    topology.kind = ReadEnum(node, path, kinds);
  } else {
    if (!node.IsMap()) {
      Fail(node, path,
           "got " + Describe(node) + " (expected a kind such as ring, or a map with kind)");
    }
    const YAML::Node kind_node = node["kind"];
    if (!kind_node) {
      Fail(node, path,
           "missing key 'kind' (expected kind: full-mesh, ring, line, star, grid, "
           "random-regular, erdos-renyi, small-world, scale-free, edges or regions)");
    }
    topology.kind = ReadEnum(kind_node, path + ".kind", kinds);
  }
  Keys allowed = {"kind"};
  switch (topology.kind) {
    case TopologyKind::kGrid:
      allowed = {"kind", "columns"};
      break;
    case TopologyKind::kRandomRegular:
      allowed = {"kind", "degree"};
      break;
    case TopologyKind::kErdosRenyi:
      allowed = {"kind", "probability"};
      break;
    case TopologyKind::kSmallWorld:
      allowed = {"kind", "degree", "rewire"};
      break;
    case TopologyKind::kScaleFree:
      allowed = {"kind", "attachment"};
      break;
    case TopologyKind::kEdgeList:
      allowed = {"kind", "edges"};
      break;
    case TopologyKind::kRegions:
      allowed = {"kind", "table"};
      break;
    default:
      break;
  }
  const std::string what = "network.topology (kind " + std::string(Name(topology.kind)) + ")";
  Map map;
  map.node = node;
  map.path = path;
  if (node.IsMap()) map = ReadMap(node, path, allowed, what);
  const std::string n_text = std::to_string(nodes);
  if (const Entry* e = map.Find("columns")) {
    topology.grid_columns = static_cast<int>(Integer(e->value, path + ".columns", 0, nodes));
  }
  if (topology.kind == TopologyKind::kRandomRegular) {
    const Entry* e = map.Find("degree");
    if (e != nullptr)
      topology.degree = static_cast<int>(Integer(e->value, path + ".degree", 1, kMaxNodes));
    const YAML::Node where = e != nullptr ? e->value : node;
    if (topology.degree > nodes - 1) {
      Fail(where, path + ".degree",
           "degree " + std::to_string(topology.degree) + " needs more than " + n_text +
               " nodes (expected a degree from 1 to the node count - 1)");
    }
    if ((static_cast<std::int64_t>(topology.degree) * nodes) % 2 != 0) {
      Fail(where, path + ".degree",
           "no graph has " + n_text + " nodes of odd degree " + std::to_string(topology.degree) +
               " (expected an even degree or an even node count)");
    }
  }
  if (const Entry* e = map.Find("probability")) {
    topology.edge_probability = Probability(e->value, path + ".probability");
  }
  if (topology.kind == TopologyKind::kSmallWorld) {
    const Entry* e = map.Find("degree");
    if (e != nullptr)
      topology.degree = static_cast<int>(Integer(e->value, path + ".degree", 2, kMaxNodes));
    const YAML::Node where = e != nullptr ? e->value : node;
    if (topology.degree % 2 != 0 || topology.degree < 2) {
      Fail(where, path + ".degree",
           "degree " + std::to_string(topology.degree) +
               " is odd (expected an even degree: each node links to degree/2 neighbours on "
               "each side of the ring)");
    }
    if (topology.degree > nodes - 1) {
      Fail(where, path + ".degree",
           "degree " + std::to_string(topology.degree) + " needs more than " + n_text +
               " nodes (expected an even degree below the node count)");
    }
  }
  if (const Entry* e = map.Find("rewire")) {
    topology.rewire_probability = Probability(e->value, path + ".rewire");
  }
  if (topology.kind == TopologyKind::kScaleFree) {
    const Entry* e = map.Find("attachment");
    if (e != nullptr) {
      topology.attachment = static_cast<int>(Integer(e->value, path + ".attachment", 1, kMaxNodes));
    }
    if (nodes > 1 && topology.attachment > nodes - 1) {
      Fail(e != nullptr ? e->value : node, path + ".attachment",
           "attachment " + std::to_string(topology.attachment) + " needs more than " + n_text +
               " nodes (expected 1 to the node count - 1)");
    }
  }
  if (topology.kind == TopologyKind::kEdgeList) {
    RequireKey(map, "edges", "edges: a list of node pairs such as [[0, 1], [1, 2]]");
    const Entry* e = map.Find("edges");
    const std::string edges_path = path + ".edges";
    if (!e->value.IsSequence()) {
      Fail(e->value, edges_path,
           "got " + Describe(e->value) +
               " (expected a list of node pairs such as [[0, 1], [1, 2]])");
    }
    topology.edges.clear();
    std::set<std::pair<NodeIndex, NodeIndex>> seen;
    for (std::size_t i = 0; i < e->value.size(); ++i) {
      const YAML::Node pair = e->value[i];
      const std::string item_path = edges_path + "[" + std::to_string(i) + "]";
      if (!pair.IsSequence() || pair.size() != 2) {
        Fail(pair, item_path,
             "got " + Describe(pair) + " (expected a pair of node indices such as [0, 1])");
      }
      const NodeIndex a = NodeIndexValue(pair[0], item_path);
      const NodeIndex b = NodeIndexValue(pair[1], item_path);
      for (NodeIndex x : {a, b}) {
        if (x >= static_cast<NodeIndex>(nodes)) {
          Fail(pair, item_path,
               "node " + std::to_string(x) + " does not exist (expected node indices from 0 to " +
                   std::to_string(nodes - 1) + ")");
        }
      }
      if (a == b)
        Fail(pair, item_path, "a node cannot link to itself (expected two different nodes)");
      if (!seen.insert({std::min(a, b), std::max(a, b)}).second) {
        Fail(pair, item_path,
             "the link " + std::to_string(a) + "-" + std::to_string(b) +
                 " is listed twice (expected each link once)");
      }
      topology.edges.emplace_back(a, b);
    }
  }
  if (topology.kind == TopologyKind::kRegions) {
    if (const Entry* e = map.Find("table")) {
      const std::string table = String(e->value, path + ".table");
      if (table == "bitcoin-2015" || table == "bitcoin-2019") {
        topology.regions = table;
      } else {
        std::filesystem::path file(table);
        if (file.is_relative()) file = folder_ / file;
        std::error_code error;
        if (!std::filesystem::is_regular_file(file, error)) {
          Fail(e->value, path + ".table",
               "no region table '" + table +
                   "' (expected bitcoin-2015, bitcoin-2019 or the path "
                   "of a region table file, relative to the scenario file)");
        }
        topology.regions = file.lexically_normal().string();
      }
    }
  }
}

void Loader::ReadLatency(const YAML::Node& node, LatencyConfig& latency) const {
  const std::string path = "network.latency";
  if (node.IsScalar()) {  // "latency: 100ms" is a constant latency
    latency.law = LatencyLaw::kConstant;
    latency.mean = Duration(node, path, 0);
    return;
  }
  if (!node.IsMap()) {
    Fail(node, path,
         "got " + Describe(node) + " (expected a duration such as 100ms, or a map with law)");
  }
  const YAML::Node law_node = node["law"];
  if (!law_node) {
    Fail(node, path,
         "missing key 'law' (expected law: constant, uniform, normal, exponential or "
         "pareto-mean)");
  }
  latency.law = ReadEnum(law_node, path + ".law",
                         {LatencyLaw::kConstant, LatencyLaw::kUniform, LatencyLaw::kNormal,
                          LatencyLaw::kExponential, LatencyLaw::kParetoMean});
  Keys allowed = {"law", "mean"};
  if (latency.law == LatencyLaw::kUniform) allowed = {"law", "min", "max"};
  if (latency.law == LatencyLaw::kNormal) allowed = {"law", "mean", "stddev"};
  if (latency.law == LatencyLaw::kParetoMean) allowed = {"law", "mean", "shape"};
  const Map map =
      ReadMap(node, path, allowed, "network.latency (law " + std::string(Name(latency.law)) + ")");
  if (const Entry* e = map.Find("mean")) latency.mean = Duration(e->value, path + ".mean", 0);
  if (latency.law == LatencyLaw::kUniform) {
    RequireKey(map, "min", "min and max of the uniform law, e.g. min: 50ms, max: 150ms");
    RequireKey(map, "max", "min and max of the uniform law, e.g. min: 50ms, max: 150ms");
    latency.min = Duration(map.Find("min")->value, path + ".min", 0);
    latency.max = Duration(map.Find("max")->value, path + ".max", 0);
    if (latency.max < latency.min) {
      Fail(map.Find("max")->value, path + ".max",
           FormatTime(latency.max) + " is below min " + FormatTime(latency.min) +
               " (expected min <= max)");
    }
    latency.mean = latency.min + (latency.max - latency.min) / 2;
  }
  if (const Entry* e = map.Find("stddev")) latency.stddev = Duration(e->value, path + ".stddev", 0);
  if (latency.law == LatencyLaw::kParetoMean) {
    const Entry* shape = map.Find("shape");
    if (shape != nullptr) {
      latency.shape =
          Number(shape->value, path + ".shape", 0.0, 1e9, "0 for the regions rule, or a shape > 1");
      if (latency.shape != 0.0 && latency.shape <= 1.0) {
        Fail(shape->value, path + ".shape",
             shape->value.Scalar() +
                 " has no finite mean (expected 0 for the regions rule, or a shape > 1)");
      }
    }
    if (latency.shape == 0.0 && latency.mean <= 5 * kMillisecond) {
      const Entry* mean = map.Find("mean");
      Fail(mean != nullptr ? mean->value : node, path + ".mean",
           "the regions rule (scale = mean - 5ms, shape = 0.2 * mean in ms) needs a mean above "
           "5ms (expected mean > 5ms, or a shape > 1)");
    }
  }
}

void Loader::ReadNetwork(const YAML::Node& node, int nodes, NetworkConfig& network) const {
  const Map map = ReadMap(node, "network", {"topology", "latency", "bandwidth", "loss"}, "network");
  if (const Entry* e = map.Find("topology")) ReadTopology(e->value, nodes, network.topology);
  if (const Entry* e = map.Find("latency")) ReadLatency(e->value, network.latency);
  if (const Entry* e = map.Find("bandwidth")) {
    if (e->value.IsScalar()) {
      network.upload_bps = network.download_bps = BitRate(e->value, "network.bandwidth");
    } else {
      if (!e->value.IsMap()) {
        Fail(e->value, "network.bandwidth",
             "got " + Describe(e->value) +
                 " (expected a bit rate such as 10 Mbit/s, or a map with up and down)");
      }
      const Map bandwidth =
          ReadMap(e->value, "network.bandwidth", {"up", "down"}, "network.bandwidth");
      if (const Entry* up = bandwidth.Find("up")) {
        network.upload_bps = BitRate(up->value, "network.bandwidth.up");
      }
      if (const Entry* down = bandwidth.Find("down")) {
        network.download_bps = BitRate(down->value, "network.bandwidth.down");
      }
    }
  }
  if (const Entry* e = map.Find("loss")) network.loss = Probability(e->value, "network.loss");
}

void Loader::ReadProtocol(const YAML::Node& node, ProtocolConfig& protocol) const {
  const Map map = ReadMap(node, "protocol",
                          {"kind", "resolve_interval", "resolve_on_announce", "request_timeout",
                           "block_size", "requeue_lost_transactions"},
                          "protocol");
  if (const Entry* e = map.Find("kind")) {
    protocol.kind = ReadEnum(e->value, "protocol.kind", {ProtocolKind::kPull, ProtocolKind::kPush});
  }
  if (const Entry* e = map.Find("resolve_interval")) {
    protocol.resolve_interval = Duration(e->value, "protocol.resolve_interval", 0);
  }
  if (const Entry* e = map.Find("resolve_on_announce")) {
    protocol.resolve_on_announce = Bool(e->value, "protocol.resolve_on_announce");
  }
  if (const Entry* e = map.Find("request_timeout")) {
    protocol.request_timeout = Duration(e->value, "protocol.request_timeout", kNanosecond);
  }
  if (const Entry* e = map.Find("block_size")) {
    protocol.block_wire_size = static_cast<std::size_t>(DataSize(e->value, "protocol.block_size"));
  }
  if (const Entry* e = map.Find("requeue_lost_transactions")) {
    protocol.requeue_lost_transactions = Bool(e->value, "protocol.requeue_lost_transactions");
  }
}

// What the timeline checks need to know about an event beyond TimelineEvent.
struct EventSource {
  YAML::Mark mark;                                     // the event
  std::string path;                                    // "timeline[3]"
  std::vector<std::pair<NodeIndex, YAML::Mark>> refs;  // every node it names
  YAML::Mark at_mark;
  bool peers_given = false;  // join: `peers` written in the file
};

void Loader::ReadTimeline(const YAML::Node& node, Scenario& scenario) const {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    Fail(node, "timeline",
         "got " + Describe(node) +
             " (expected a list of events such as "
             "- {at: 10min, crash: [3]})");
  }
  const Keys kActions = {"partition", "heal",       "crash",       "restart",
                         "join",      "hash_share", "transaction", "forge"};
  const Keys kEventKeys = {"at",   "partition",  "heal",        "crash", "restart",
                           "join", "hash_share", "transaction", "forge"};
  std::vector<TimelineEvent> events;
  std::vector<EventSource> sources;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string path = "timeline[" + std::to_string(i) + "]";
    if (!item.IsMap()) {
      Fail(item, path,
           "got " + Describe(item) + " (expected an event such as {at: 10min, crash: [3]})");
    }
    const Map map = ReadMap(item, path, kEventKeys, path);
    TimelineEvent event;
    EventSource source;
    source.mark = item.Mark();
    source.path = path;
    event.line = item.Mark().line + 1;
    RequireKey(map, "at", "at: the time of the event, e.g. at: 10min");
    event.at = Duration(map.Find("at")->value, path + ".at", 0);
    source.at_mark = map.Find("at")->value.Mark();
    if (event.at > scenario.duration) {
      Fail(map.Find("at")->value, path + ".at",
           FormatTime(event.at) +
               " is after the end of the run (expected a time from 0s to the "
               "duration, " +
               FormatTime(scenario.duration) + ")");
    }
    std::vector<std::string> actions;
    for (const std::string& key : map.order) {
      if (key != "at") actions.push_back(key);
    }
    if (actions.empty()) {
      Fail(item, path, "the event has no action (expected one of: " + Join(kActions) + ")");
    }
    if (actions.size() > 1) {
      FailAt(map.Find(actions[1])->key.Mark(),
             path + ": two actions, '" + actions[0] + "' and '" + actions[1] +
                 "', in one event (expected one action per event; write two events)");
    }
    const std::string& action = actions[0];
    const YAML::Node value = map.Find(action)->value;
    const std::string action_path = path + "." + action;
    auto keep_refs = [&source](const std::vector<NodeRef>& refs) {
      for (const NodeRef& ref : refs) source.refs.emplace_back(ref.index, ref.mark);
    };
    auto indices = [](const std::vector<NodeRef>& refs) {
      std::vector<NodeIndex> out;
      for (const NodeRef& ref : refs) out.push_back(ref.index);
      return out;
    };
    if (action == "partition") {
      event.action = TimelineAction::kPartition;
      if (!value.IsMap() || value.size() == 0) {
        Fail(value, action_path,
             "got " + Describe(value) +
                 " (expected named groups of nodes such as {west: 0-9, east: 10-19})");
      }
      std::map<std::string, std::vector<NodeIndex>> groups;
      std::map<NodeIndex, std::string> owner;
      for (const auto& pair : value) {
        const YAML::Node name_node = pair.first;
        const std::string name = String(name_node, action_path);
        if (name.empty()) Fail(name_node, action_path, "a group needs a name (expected e.g. west)");
        if (name == "rest") {
          Fail(name_node, action_path,
               "the group name 'rest' is reserved for the nodes no group lists (expected another "
               "name)");
        }
        if (groups.contains(name)) {
          Fail(name_node, action_path,
               "the group '" + name + "' is given twice (expected each group once)");
        }
        const std::vector<NodeRef> refs = NodeSet(pair.second, action_path + "." + name);
        for (const NodeRef& ref : refs) {
          const auto [it, inserted] = owner.emplace(ref.index, name);
          if (!inserted) {
            FailAt(ref.mark, action_path + "." + name + ": node " + std::to_string(ref.index) +
                                 " is already in group '" + it->second +
                                 "' (expected groups that do not overlap)");
          }
        }
        keep_refs(refs);
        groups.emplace(name, indices(refs));
      }
      // Groups in name order: the resolved form does not depend on the file's order.
      for (auto& [name, members] : groups) {
        event.group_names.push_back(name);
        event.groups.push_back(std::move(members));
      }
    } else if (action == "heal") {
      event.action = TimelineAction::kHeal;
      if (!Bool(value, action_path)) {
        Fail(value, action_path, "heal: false does nothing (expected heal: true)");
      }
    } else if (action == "crash" || action == "restart") {
      event.action = action == "crash" ? TimelineAction::kCrash : TimelineAction::kRestart;
      const std::vector<NodeRef> refs = NodeSet(value, action_path);
      keep_refs(refs);
      event.nodes = indices(refs);
    } else if (action == "join") {
      event.action = TimelineAction::kJoin;
      if (value.IsScalar()) {
        event.count = static_cast<int>(Integer(value, action_path, 1, kMaxNodes));
      } else {
        const Map join = ReadMap(value, action_path, {"count", "peers"}, action_path);
        RequireKey(join, "count", "count: how many nodes join, e.g. {count: 2, peers: 3}");
        event.count = static_cast<int>(
            Integer(join.Find("count")->value, action_path + ".count", 1, kMaxNodes));
        if (const Entry* e = join.Find("peers")) {
          event.peers = static_cast<int>(Integer(e->value, action_path + ".peers", 1, kMaxNodes));
          source.peers_given = true;
        }
      }
    } else if (action == "hash_share") {
      event.action = TimelineAction::kHashRate;
      const Map share = ReadMap(value, action_path, {"nodes", "share"}, action_path);
      RequireKey(share, "nodes", "nodes and share, e.g. {nodes: [0], share: 5}");
      RequireKey(share, "share", "nodes and share, e.g. {nodes: [0], share: 5}");
      const std::vector<NodeRef> refs = NodeSet(share.Find("nodes")->value, action_path + ".nodes");
      keep_refs(refs);
      event.nodes = indices(refs);
      event.hash_share =
          Number(share.Find("share")->value, action_path + ".share", 0.0,
                 std::numeric_limits<double>::max(), "a non-negative relative hash power");
    } else if (action == "forge") {
      event.action = TimelineAction::kForge;
      const std::string example = "e.g. {node: 4, depth: 2, amount: 1000, extra_blocks: 1}";
      if (scenario.protocol.kind != ProtocolKind::kPull) {
        Fail(value, action_path,
             "a forging node answers chain requests, which only the pull protocol sends "
             "(expected protocol.kind: pull)");
      }
      const Map forge =
          ReadMap(value, action_path, {"node", "depth", "amount", "extra_blocks"}, action_path);
      RequireKey(forge, "node", "node: the forging node, " + example);
      const YAML::Node node_value = forge.Find("node")->value;
      event.nodes = {NodeIndexValue(node_value, action_path + ".node")};
      source.refs.emplace_back(event.nodes[0], node_value.Mark());
      if (const Entry* e = forge.Find("depth")) {
        event.forgery.depth =
            static_cast<int>(Integer(e->value, action_path + ".depth", 0, kMaxForgedBlocks));
      }
      if (const Entry* e = forge.Find("amount")) {
        event.forgery.amount =
            Integer(e->value, action_path + ".amount", 0, std::numeric_limits<std::int64_t>::max());
      }
      if (const Entry* e = forge.Find("extra_blocks")) {
        event.forgery.extra_blocks =
            static_cast<int>(Integer(e->value, action_path + ".extra_blocks", 1, kMaxForgedBlocks));
      }
    } else {  // transaction
      event.action = TimelineAction::kTransaction;
      const Map tx =
          ReadMap(value, action_path, {"node", "sender", "recipient", "amount"}, action_path);
      for (std::string_view key : {"node", "sender", "recipient", "amount"}) {
        RequireKey(tx, key,
                   "node, sender, recipient and amount, e.g. {node: 2, sender: alice, "
                   "recipient: bob, amount: 5}");
      }
      const YAML::Node node_value = tx.Find("node")->value;
      event.nodes = {NodeIndexValue(node_value, action_path + ".node")};
      source.refs.emplace_back(event.nodes[0], node_value.Mark());
      const YAML::Node amount = tx.Find("amount")->value;
      Json amount_json;
      if (amount.IsScalar() &&
          amount.Scalar().find_first_not_of("0123456789") == std::string::npos) {
        amount_json =
            Integer(amount, action_path + ".amount", 0, std::numeric_limits<std::int64_t>::max());
      } else {
        amount_json = Number(amount, action_path + ".amount", 0.0,
                             std::numeric_limits<double>::max(), "a non-negative amount");
      }
      event.transaction =
          Json{{"sender", String(tx.Find("sender")->value, action_path + ".sender")},
               {"recipient", String(tx.Find("recipient")->value, action_path + ".recipient")},
               {"amount", amount_json}};
    }
    events.push_back(std::move(event));
    sources.push_back(std::move(source));
  }

  // Every node named must exist once all joins are counted.
  std::int64_t total = scenario.nodes;
  for (const TimelineEvent& event : events) total += event.count;
  if (total > kMaxNodes) {
    Fail(node, "timeline",
         "the joins bring the node count to " + std::to_string(total) + " (expected at most " +
             std::to_string(kMaxNodes) + ")");
  }
  const int joining = static_cast<int>(total) - scenario.nodes;
  for (std::size_t i = 0; i < events.size(); ++i) {
    for (const auto& [index, mark] : sources[i].refs) {
      if (index >= total) {
        FailAt(mark, sources[i].path + ": node " + std::to_string(index) +
                         " does not exist (expected a node index from 0 to " +
                         std::to_string(total - 1) + ": " + std::to_string(scenario.nodes) +
                         " nodes at the start + " + std::to_string(joining) + " joining)");
      }
    }
  }

  // Sort by time, file order at equal times, then check the events in the
  // order they will happen.
  std::vector<std::size_t> order(events.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&events](std::size_t a, std::size_t b) { return events[a].at < events[b].at; });
  std::int64_t present = scenario.nodes;
  std::set<NodeIndex> crashed;
  bool partitioned = false;
  for (std::size_t i : order) {
    const TimelineEvent& event = events[i];
    const EventSource& source = sources[i];
    const std::string when = " at " + FormatTime(event.at);
    auto require_present = [&](NodeIndex index, const YAML::Mark& mark) {
      if (index >= present) {
        FailAt(mark, source.path + ": node " + std::to_string(index) + " has not joined yet" +
                         when + " (expected one of the " + std::to_string(present) +
                         " nodes present then, 0 to " + std::to_string(present - 1) + ")");
      }
    };
    switch (event.action) {
      case TimelineAction::kPartition:
        partitioned = true;
        break;
      case TimelineAction::kHeal:
        if (!partitioned) {
          FailAt(source.mark, source.path + ": heal" + when +
                                  " but no partition is in force then (expected a partition "
                                  "event earlier in time)");
        }
        partitioned = false;
        break;
      case TimelineAction::kCrash:
        for (const auto& [index, mark] : source.refs) {
          require_present(index, mark);
          if (!crashed.insert(index).second) {
            FailAt(mark, source.path + ": node " + std::to_string(index) + " is already crashed" +
                             when + " (expected a running node)");
          }
        }
        break;
      case TimelineAction::kRestart:
        for (const auto& [index, mark] : source.refs) {
          if (crashed.erase(index) == 0) {
            FailAt(mark, source.path + ": node " + std::to_string(index) + " is not crashed" +
                             when + " (expected a node that an earlier event crashed)");
          }
        }
        break;
      case TimelineAction::kJoin:
        if (!source.peers_given && event.peers > present) {
          // The default of 4 peers shrinks to the nodes there are.
          events[i].peers = static_cast<int>(present);
        }
        if (event.peers > present) {
          FailAt(source.mark, source.path + ": each joining node should register " +
                                  std::to_string(event.peers) + " peers but only " +
                                  std::to_string(present) + " nodes are present" + when +
                                  " (expected peers <= " + std::to_string(present) + ")");
        }
        present += event.count;
        break;
      case TimelineAction::kHashRate:
        // Any present node may get a share: a non-miner or a joined node then mines.
        for (const auto& [index, mark] : source.refs) require_present(index, mark);
        break;
      case TimelineAction::kForge:
        // A crashed node may be told to forge: it does once it restarts.
        for (const auto& [index, mark] : source.refs) require_present(index, mark);
        break;
      case TimelineAction::kTransaction:
        for (const auto& [index, mark] : source.refs) {
          require_present(index, mark);
          if (crashed.contains(index)) {
            FailAt(mark, source.path + ": node " + std::to_string(index) + " is crashed" + when +
                             " (expected a running node to take the transaction)");
          }
        }
        break;
    }
  }
  scenario.timeline.clear();
  for (std::size_t i : order) scenario.timeline.push_back(std::move(events[i]));
}

Scenario Loader::Load(std::string_view text) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    FailAt(e.mark, "YAML syntax error: " + e.msg);
  }
  Scenario scenario;
  scenario.source = source_;
  if (documents.empty()) return scenario;
  if (documents.size() > 1) {
    FailAt(documents[1].Mark(), "a second YAML document (expected one scenario per file)");
  }
  const YAML::Node root = documents[0];
  if (root.IsNull()) return scenario;
  const Map map =
      ReadMap(root, "",
              {"name", "description", "seed", "duration", "nodes", "start_timestamp", "chain",
               "mining", "network", "protocol", "workload", "timeline", "sample_interval"},
              "the scenario");
  if (const Entry* e = map.Find("name")) {
    scenario.name = String(e->value, "name");
    if (scenario.name.empty() || scenario.name.find('\n') != std::string::npos) {
      Fail(e->value, "name", "expected a non-empty name on one line");
    }
  }
  if (const Entry* e = map.Find("description")) {
    scenario.description = e->value.IsNull() ? "" : String(e->value, "description");
  }
  if (const Entry* e = map.Find("seed")) scenario.seed = Unsigned64(e->value, "seed");
  if (const Entry* e = map.Find("duration")) {
    scenario.duration = Duration(e->value, "duration", kNanosecond);
  }
  if (const Entry* e = map.Find("nodes")) {
    scenario.nodes = static_cast<int>(Integer(e->value, "nodes", 1, kMaxNodes));
  }
  if (const Entry* e = map.Find("start_timestamp")) {
    scenario.start_timestamp = Number(e->value, "start_timestamp", 0.0, 1e12,
                                      "epoch seconds from 0 to 1e12, e.g. 1795491520");
  }
  if (const Entry* e = map.Find("chain")) ReadChain(e->value, scenario.chain);
  if (const Entry* e = map.Find("mining")) ReadMining(e->value, scenario, scenario.mining);
  if (const Entry* e = map.Find("network")) ReadNetwork(e->value, scenario.nodes, scenario.network);
  if (const Entry* e = map.Find("protocol")) ReadProtocol(e->value, scenario.protocol);
  if (const Entry* e = map.Find("workload")) {
    const Map workload = ReadMap(e->value, "workload", {"transactions"}, "workload");
    if (const Entry* t = workload.Find("transactions")) {
      scenario.workload.transaction_rate = Rate(t->value, "workload.transactions");
    }
  }
  if (const Entry* e = map.Find("sample_interval")) {
    scenario.sample_interval = Duration(e->value, "sample_interval", kNanosecond);
  }
  if (const Entry* e = map.Find("timeline")) ReadTimeline(e->value, scenario);
  return scenario;
}

constexpr std::string_view kDefaultYaml =
    R"(# The built-in scenario: forks and a partition healing, in a second or two.
name: default
description: >-
  Eight nodes on a small-world graph mine 30-second blocks with the tutorial's
  pull protocol; the network splits in two from 10 to 20 minutes, then heals.
seed: 1
duration: 30min
nodes: 8
chain: {difficulty: 4, proof: tutorial, fork_choice: longest}
mining: {mode: exponential, block_interval: 30s, miners: all}
network:
  topology: {kind: small-world, degree: 4, rewire: 0.2}
  latency: {law: exponential, mean: 100ms}
  bandwidth: 1 Mbit/s
  loss: 0
protocol: {kind: pull, resolve_interval: 30s, resolve_on_announce: true, request_timeout: 5s}
timeline:
  - {at: 10min, partition: {east: 4-7, west: 0-3}}
  - {at: 20min, heal: true}
sample_interval: 10s
)";

}  // namespace

Scenario ParseScenario(std::string_view yaml_text, const std::string& source_name) {
  return Loader(source_name, std::filesystem::path(source_name).parent_path()).Load(yaml_text);
}

Scenario LoadScenarioFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw ScenarioError(path + ": cannot open the file (expected a readable YAML file)");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw ScenarioError(path + ": read error");
  return ParseScenario(text.str(), path);
}

std::string_view DefaultScenarioYaml() { return kDefaultYaml; }

Scenario DefaultScenario() {
  Scenario scenario = ParseScenario(kDefaultYaml, "<built-in default>");
  scenario.source.clear();
  return scenario;
}

}  // namespace chainsim::sim
