#include "sim/scenario/yaml_map.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <utility>

#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {
namespace {

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

}  // namespace

YamlSource::YamlSource(std::string name)
    : name_(std::move(name)), folder_(std::filesystem::path(name_).parent_path()) {}

void YamlSource::FailAt(const YAML::Mark& mark, const std::string& message) const {
  std::string where = name_;
  if (!mark.is_null()) {
    where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  throw ScenarioError(where + ": " + message);
}

void YamlSource::Fail(const YAML::Node& node, const std::string& path,
                      const std::string& message) const {
  FailAt(node.Mark(), path.empty() ? message : path + ": " + message);
}

YamlMap::YamlMap(const YAML::Node& node, std::string path) : node_(node), path_(std::move(path)) {}

YamlMap YamlMap::Read(const YamlSource& source, const YAML::Node& node, std::string path,
                      const Keys& allowed, std::string_view what, std::span<const KeyHome> homes) {
  YamlMap map(node, std::move(path));
  if (node.IsNull()) return map;  // an empty section is the same as leaving it out
  if (!node.IsMap()) {
    source.Fail(node, map.path_,
                "expected a map of keys, got " + Describe(node) +
                    " (allowed keys: " + JoinWords(allowed, ", ") + ")");
  }
  for (const auto& pair : node) {
    const YAML::Node key = pair.first;
    if (!key.IsScalar()) {
      source.FailAt(key.Mark(), KeyPath(map.path_, "?") + ": a key must be a plain word");
    }
    const std::string& name = key.Scalar();
    if (const YamlEntry* first = map.Find(name)) {
      source.FailAt(key.Mark(), KeyPath(map.path_, name) + ": duplicate key (first given at line " +
                                    std::to_string(first->key.Mark().line + 1) +
                                    "; expected each key once)");
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string message = "unknown key '" + name + "' in " + std::string(what);
      std::string hint;
      for (const KeyHome& home : homes) {
        if (std::find(home.keys.begin(), home.keys.end(), name) != home.keys.end()) {
          hint = "it belongs under '" + std::string(home.section) + ":'";
        }
      }
      if (hint.empty()) {
        const std::string closest = ClosestWord(name, allowed, /*allow_prefix=*/true);
        if (!closest.empty()) hint = "did you mean '" + closest + "'?";
      }
      if (!hint.empty()) message += "; " + hint;
      source.FailAt(key.Mark(), message + " (allowed keys: " + JoinWords(allowed, ", ") + ")");
    }
    map.entries_.emplace(name, YamlEntry{key, pair.second});
    map.order_.push_back(name);
  }
  return map;
}

const YamlEntry* YamlMap::Find(std::string_view key) const {
  const auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

const YamlEntry& YamlMap::Require(const YamlSource& source, std::string_view key,
                                  std::string_view expected) const {
  const YamlEntry* entry = Find(key);
  if (entry == nullptr) {
    source.Fail(node_, path_,
                "missing key '" + std::string(key) + "' (expected " + std::string(expected) + ")");
  }
  return *entry;
}

std::string KeyPath(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

std::string Describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "no value";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "'" + node.Scalar() + "'";
}

std::string JoinWords(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string JoinWords(const Keys& parts, std::string_view separator) {
  return JoinWords(std::vector<std::string>(parts.begin(), parts.end()), separator);
}

std::string ClosestWord(std::string_view word, const Keys& candidates, bool allow_prefix) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  if (best_distance <= std::max<std::size_t>(2, word.size() / 3)) return best;
  if (!allow_prefix) return "";
  // A prefix of exactly one candidate ("hash_sh" -> hash_shares).
  std::string prefix_match;
  int matches = 0;
  for (std::string_view candidate : candidates) {
    if (word.size() >= 3 && candidate.substr(0, word.size()) == word) {
      prefix_match = std::string(candidate);
      ++matches;
    }
  }
  return matches == 1 ? prefix_match : "";
}

}  // namespace chainsim::sim
