#pragma once
// ValueReader: reads one value of a scenario file (a text, an integer, a
// number, a boolean, a value with a unit, one of a few names, a node list)
// and fails with the value's position and the expected form when it does not
// fit. The messages are those of docs/scenario-format.md ("Errors").
//
// Thread safety: none; one reader belongs to one load.

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sim/engine/sim_time.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/yaml_map.h"

namespace chainsim::sim {

// A kind of value with a unit: its parser (sim/scenario/units.h) and how the
// message for a value that is not text shows a correct one.
template <typename T>
struct UnitKind {
  Result<T> (*parse)(std::string_view text);
  std::string_view example;  // "a duration such as 50ms or 10min"
};

extern const UnitKind<SimTime> kDurationUnit;
extern const UnitKind<std::uint64_t> kDataSizeUnit;
extern const UnitKind<double> kBitRateUnit;
extern const UnitKind<double> kRateUnit;
extern const UnitKind<double> kProbabilityUnit;

// One item of a node list as written: an index (first == last) or a range.
struct NodeRange {
  NodeIndex first = 0;
  NodeIndex last = 0;
  YAML::Mark mark;
};

// A node list: the indices it names and the items that named them.
struct NodeList {
  std::vector<NodeIndex> nodes;   // sorted, no duplicates
  std::vector<NodeRange> ranges;  // in file order
};

// The position of the first of `ranges` naming `node`. REQUIRES: one does.
const YAML::Mark& MarkOf(std::span<const NodeRange> ranges, NodeIndex node);
// The smallest index >= `bound` that `ranges` name, if any.
std::optional<NodeIndex> FirstAtOrAbove(std::span<const NodeRange> ranges, std::int64_t bound);

class ValueReader {
 public:
  // `source` must outlive the reader.
  explicit ValueReader(const YamlSource& source) : source_(source) {}

  const YamlSource& source() const { return source_; }

  // A scalar as text; refuses text that is not valid UTF-8.
  std::string Text(const YAML::Node& node, const std::string& path) const;
  // A decimal integer in [min, max].
  std::int64_t Integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                       std::int64_t max) const;
  // A decimal integer in [0, 2^64 - 1].
  std::uint64_t Unsigned64(const YAML::Node& node, const std::string& path) const;
  // A finite decimal number in [min, max]; `expected` describes it.
  double Number(const YAML::Node& node, const std::string& path, double min, double max,
                std::string_view expected) const;
  // true or false (also True, TRUE, False, FALSE).
  bool Bool(const YAML::Node& node, const std::string& path) const;
  // A value with a unit, read by `kind`'s parser.
  template <typename T>
  T Unit(const YAML::Node& node, const std::string& path, const UnitKind<T>& kind) const;
  // A duration of at least `min` (kNanosecond: "above 0") and at most
  // kMaxScenarioTime (ParseScenarioTime).
  SimTime Duration(const YAML::Node& node, const std::string& path, SimTime min) const;
  // One of `values`, written by its Name(); a near miss gets "did you mean".
  template <typename Enum>
  Enum Choice(const YAML::Node& node, const std::string& path,
              const std::vector<Enum>& values) const;
  template <typename Enum>
  Enum Choice(const YAML::Node& node, const std::string& path,
              std::initializer_list<Enum> values) const {
    return Choice(node, path, std::vector<Enum>(values));
  }
  // A node index in [0, kMaxNodes).
  NodeIndex NodeIndexValue(const YAML::Node& node, const std::string& path) const;
  // A node list: an index, a range "0-9", or a non-empty list of both; no
  // node twice. Counts the indices against kMaxNodeListEntries for the whole
  // load (so it is not const).
  NodeList Nodes(const YAML::Node& node, const std::string& path);

 private:
  [[noreturn]] void ChoiceFailed(const YAML::Node& node, const std::string& path,
                                 const std::vector<std::string>& names) const;

  const YamlSource& source_;
  std::int64_t node_list_entries_ = 0;
};

template <typename T>
T ValueReader::Unit(const YAML::Node& node, const std::string& path,
                    const UnitKind<T>& kind) const {
  if (!node.IsScalar()) {
    source_.Fail(node, path,
                 "got " + Describe(node) + " (expected " + std::string(kind.example) + ")");
  }
  Result<T> value = kind.parse(node.Scalar());
  if (!value) source_.Fail(node, path, value.error().message);
  return *value;
}

template <typename Enum>
Enum ValueReader::Choice(const YAML::Node& node, const std::string& path,
                         const std::vector<Enum>& values) const {
  std::vector<std::string> names;
  for (Enum value : values) {
    if (node.IsScalar() && Name(value) == node.Scalar()) return value;
    names.emplace_back(Name(value));
  }
  ChoiceFailed(node, path, names);
}

}  // namespace chainsim::sim
