#include "sim/scenario/value_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <system_error>

#include "core/check.h"
#include "core/utf8.h"
#include "sim/scenario/scenario_limits.h"
#include "sim/scenario/units.h"

namespace chainsim::sim {

const UnitKind<SimTime> kDurationUnit{ParseDuration, "a duration such as 50ms or 10min"};
const UnitKind<std::uint64_t> kDataSizeUnit{ParseDataSize, "a data size such as 535kB"};
const UnitKind<double> kBitRateUnit{ParseBitRate, "a bit rate such as 10 Mbit/s"};
const UnitKind<double> kRateUnit{ParseRate, "a rate such as 2/s"};
const UnitKind<double> kProbabilityUnit{ParseProbability, "a probability such as 0.01 or 1%"};

const YAML::Mark& MarkOf(std::span<const NodeRange> ranges, NodeIndex node) {
  for (const NodeRange& range : ranges) {
    if (range.first <= node && node <= range.last) return range.mark;
  }
  CHAINSIM_CHECK(false);
}

std::optional<NodeIndex> FirstAtOrAbove(std::span<const NodeRange> ranges, std::int64_t bound) {
  std::optional<NodeIndex> first;
  for (const NodeRange& range : ranges) {
    if (range.last < bound) continue;
    const auto candidate = static_cast<NodeIndex>(std::max<std::int64_t>(range.first, bound));
    if (!first || candidate < *first) first = candidate;
  }
  return first;
}

std::string ValueReader::Text(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) source_.Fail(node, path, "expected a text value, got " + Describe(node));
  const std::string& text = node.Scalar();
  if (const std::optional<std::size_t> bad = FindInvalidUtf8(text)) {
    source_.Fail(node, path,
                 "the text is not valid UTF-8 (byte " + std::to_string(*bad + 1) +
                     " of the value; expected UTF-8 text)");
  }
  return text;
}

std::int64_t ValueReader::Integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                                  std::int64_t max) const {
  const std::string expected =
      "(expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ")";
  if (!node.IsScalar()) source_.Fail(node, path, "got " + Describe(node) + " " + expected);
  const std::string& text = node.Scalar();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    source_.Fail(node, path, text + " is out of range " + expected);
  }
  if (ec != std::errc() || end != text.data() + text.size()) {
    source_.Fail(node, path, "'" + text + "' is not an integer " + expected);
  }
  if (value < min || value > max) source_.Fail(node, path, text + " is out of range " + expected);
  return value;
}

std::uint64_t ValueReader::Unsigned64(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) {
    source_.Fail(node, path,
                 "got " + Describe(node) + " (expected an integer from 0 to " +
                     std::to_string(std::numeric_limits<std::uint64_t>::max()) + ")");
  }
  const Result<std::uint64_t> value = ParseUnsigned64(node.Scalar());
  if (!value) source_.Fail(node, path, value.error().message);
  return *value;
}

double ValueReader::Number(const YAML::Node& node, const std::string& path, double min, double max,
                           std::string_view expected) const {
  const std::string suffix = " (expected " + std::string(expected) + ")";
  if (!node.IsScalar()) source_.Fail(node, path, "got " + Describe(node) + suffix);
  const std::string& text = node.Scalar();
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    source_.Fail(node, path, "'" + text + "' is not a number" + suffix);
  }
  if (value < min || value > max) source_.Fail(node, path, text + " is out of range" + suffix);
  return value;
}

bool ValueReader::Bool(const YAML::Node& node, const std::string& path) const {
  if (node.IsScalar()) {
    const std::string& text = node.Scalar();
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
  }
  source_.Fail(node, path, "got " + Describe(node) + " (expected true or false)");
}

SimTime ValueReader::Duration(const YAML::Node& node, const std::string& path, SimTime min) const {
  if (!node.IsScalar()) {
    source_.Fail(
        node, path,
        "got " + Describe(node) + " (expected " + std::string(kDurationUnit.example) + ")");
  }
  const Result<SimTime> value = ParseScenarioTime(node.Scalar(), min);
  if (!value) source_.Fail(node, path, value.error().message);
  return *value;
}

void ValueReader::ChoiceFailed(const YAML::Node& node, const std::string& path,
                               const std::vector<std::string>& names) const {
  const std::string expected = "(expected one of: " + JoinWords(names, ", ") + ")";
  if (!node.IsScalar()) source_.Fail(node, path, "got " + Describe(node) + " " + expected);
  const std::string& text = node.Scalar();
  std::string message = "unknown value '" + text + "'";
  const std::string closest =
      ClosestWord(text, Keys(names.begin(), names.end()), /*allow_prefix=*/false);
  if (!closest.empty()) message += "; did you mean '" + closest + "'?";
  source_.Fail(node, path, message + " " + expected);
}

NodeIndex ValueReader::NodeIndexValue(const YAML::Node& node, const std::string& path) const {
  return static_cast<NodeIndex>(Integer(node, path, 0, kMaxNodes - 1));
}

NodeList ValueReader::Nodes(const YAML::Node& node, const std::string& path) {
  const std::string expected =
      "(expected a node index, a range such as 0-9, or a list of them such as [0, 3, 5-7])";
  NodeList list;
  auto add_item = [&](const YAML::Node& item) {
    if (!item.IsScalar()) source_.Fail(item, path, "got " + Describe(item) + " " + expected);
    const std::string& text = item.Scalar();
    const std::size_t dash = text.find('-');
    NodeRange range;
    range.mark = item.Mark();
    if (dash == std::string::npos || dash == 0) {
      if (text.find_first_not_of("0123456789") != std::string::npos) {
        source_.Fail(item, path, "'" + text + "' is not a node index " + expected);
      }
      range.first = range.last = NodeIndexValue(item, path);
    } else {
      auto bound = [&](std::string part) -> NodeIndex {
        part.erase(0, part.find_first_not_of(' '));
        part.erase(part.find_last_not_of(' ') + 1);
        std::int64_t value = -1;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() || value < 0 ||
            value >= kMaxNodes) {
          source_.Fail(item, path, "'" + text + "' is not a node range " + expected);
        }
        return static_cast<NodeIndex>(value);
      };
      range.first = bound(text.substr(0, dash));
      range.last = bound(text.substr(dash + 1));
      if (range.first > range.last) {
        source_.Fail(item, path,
                     "the range '" + text + "' is empty (expected first <= last, e.g. 0-9)");
      }
    }
    const std::int64_t count = std::int64_t{range.last} - range.first + 1;
    if (node_list_entries_ + count > kMaxNodeListEntries) {
      source_.Fail(item, path,
                   "the node lists of this scenario name more than " +
                       std::to_string(kMaxNodeListEntries) + " nodes in all (expected at most " +
                       std::to_string(kMaxNodeListEntries) +
                       " node indices, ranges counted in full)");
    }
    node_list_entries_ += count;
    const std::size_t old_size = list.nodes.size();
    list.nodes.resize(old_size + static_cast<std::size_t>(count));
    std::iota(list.nodes.begin() + static_cast<std::ptrdiff_t>(old_size), list.nodes.end(),
              range.first);
    list.ranges.push_back(range);
  };
  if (node.IsSequence()) {
    if (node.size() == 0) source_.Fail(node, path, "the node list is empty " + expected);
    for (const YAML::Node& item : node) add_item(item);
  } else {
    add_item(node);
  }
  if (!std::is_sorted(list.nodes.begin(), list.nodes.end())) {
    std::sort(list.nodes.begin(), list.nodes.end());
  }
  const auto twice = std::adjacent_find(list.nodes.begin(), list.nodes.end());
  if (twice != list.nodes.end()) {
    // The second item (in file order) that names the smallest node named twice.
    const NodeIndex node_twice = *twice;
    int seen = 0;
    for (const NodeRange& range : list.ranges) {
      if (range.first <= node_twice && node_twice <= range.last && ++seen == 2) {
        source_.FailAt(range.mark, path + ": node " + std::to_string(node_twice) +
                                       " is listed twice (expected each node once)");
      }
    }
  }
  return list;
}

}  // namespace chainsim::sim
