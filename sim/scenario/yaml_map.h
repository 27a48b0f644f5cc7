#pragma once
// The scenario loader's view of a YAML file: errors stamped with the file's
// name and a position, and checked maps of keys.
//
// Messages read "source:line:column: path: what is wrong (expected ...)"
// (1-based line and column; docs/scenario-format.md, "Errors"). A YamlMap
// refuses a value that is not a map, a key that is not a plain word, a key
// given twice, and a key that is not allowed: then the message lists the
// allowed keys and suggests the closest one, or the section the key belongs
// to.
//
// Thread safety: none needed; every object belongs to one load.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chainsim::sim {

using Keys = std::vector<std::string_view>;

// The file (or text) being read.
class YamlSource {
 public:
  // `name` names the file in messages; relative paths inside the file are
  // resolved against its folder.
  explicit YamlSource(std::string name);

  const std::string& name() const { return name_; }
  const std::filesystem::path& folder() const { return folder_; }

  // Throws ScenarioError "name:line:column: message" ("name: message" when
  // the mark is null).
  [[noreturn]] void FailAt(const YAML::Mark& mark, const std::string& message) const;
  // FailAt the node's position, with "path: " before the message when the
  // path is not empty.
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const;

 private:
  std::string name_;
  std::filesystem::path folder_;
};

// A key and its value in a YAML map.
struct YamlEntry {
  YAML::Node key;
  YAML::Node value;
};

// Where the keys of a section live, for the hint on a key written at the
// top level instead of under its section ("it belongs under 'network:'").
struct KeyHome {
  std::string_view section;
  Keys keys;
};

// The checked keys of one YAML map.
class YamlMap {
 public:
  // An empty map at `node` (e.g. for a value given in its short form).
  YamlMap(const YAML::Node& node, std::string path);

  // Reads `node` as a map whose keys are among `allowed`; a null node (an
  // empty section) is an empty map. `what` names the map in messages ("the
  // scenario", "mining"); `homes` gives the "belongs under" hints, tried
  // before "did you mean". Fails through `source`.
  static YamlMap Read(const YamlSource& source, const YAML::Node& node, std::string path,
                      const Keys& allowed, std::string_view what,
                      std::span<const KeyHome> homes = {});

  // The entry of `key`, or nullptr when the map does not have it.
  const YamlEntry* Find(std::string_view key) const;
  // The entry of `key`; fails at the map with "missing key 'key' (expected
  // `expected`)" when it is not there.
  const YamlEntry& Require(const YamlSource& source, std::string_view key,
                           std::string_view expected) const;

  const YAML::Node& node() const { return node_; }
  const std::string& path() const { return path_; }
  // The keys in file order.
  const std::vector<std::string>& order() const { return order_; }

 private:
  YAML::Node node_;
  std::string path_;
  std::map<std::string, YamlEntry, std::less<>> entries_;
  std::vector<std::string> order_;
};

// "parent.key", or "key" when parent is empty.
std::string KeyPath(std::string_view parent, std::string_view key);

// How a value reads in a message: "'text'", "a list", "a map" or "no value".
std::string Describe(const YAML::Node& node);

// The parts joined with `separator`.
std::string JoinWords(const std::vector<std::string>& parts, std::string_view separator);
std::string JoinWords(const Keys& parts, std::string_view separator);

// The candidate closest to `word` in edit distance when it is close enough to
// be a typo (distance <= max(2, size / 3)), else "". With `allow_prefix`, a
// word of 3 or more letters that starts exactly one candidate also matches.
std::string ClosestWord(std::string_view word, const Keys& candidates, bool allow_prefix);

}  // namespace chainsim::sim
