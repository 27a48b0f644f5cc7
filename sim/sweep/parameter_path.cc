#include "sim/sweep/parameter_path.h"

#include "core/check.h"

namespace chainsim::sim {
namespace {

bool KeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

const char* ShapeName(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "a single value";
}

}  // namespace

Result<std::vector<PathStep>> ParseParameterPath(std::string_view text) {
  const auto bad = [&](const std::string& what) {
    return Error{"'" + std::string(text) + "' is not a scenario path: " + what +
                 " (expected keys joined by dots, list entries as [index], e.g. "
                 "protocol.block_size or timeline[1].at)"};
  };
  std::vector<PathStep> steps;
  std::size_t i = 0;
  bool expect_key = true;
  while (i < text.size()) {
    if (expect_key) {
      const std::size_t start = i;
      while (i < text.size() && KeyChar(text[i])) ++i;
      if (i == start) return bad("a key is empty or has a character other than a-z, 0-9, _ or -");
      steps.emplace_back(std::string(text.substr(start, i - start)));
      expect_key = false;
    } else if (text[i] == '.') {
      ++i;
      expect_key = true;
    } else if (text[i] == '[') {
      ++i;
      const std::size_t start = i;
      std::size_t index = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        if (i - start >= 6) return bad("an index is too large");
        index = index * 10 + static_cast<std::size_t>(text[i] - '0');
        ++i;
      }
      if (i == start || i >= text.size() || text[i] != ']') return bad("an index is not [digits]");
      ++i;
      steps.emplace_back(index);
    } else {
      return bad(std::string("unexpected '") + text[i] + "'");
    }
  }
  if (steps.empty() || expect_key) return bad("it is empty or ends with a dot");
  return steps;
}

std::string PathText(const std::vector<PathStep>& steps) {
  std::string text;
  for (const PathStep& step : steps) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!text.empty()) text += '.';
      text += *key;
    } else {
      text += '[' + std::to_string(std::get<std::size_t>(step)) + ']';
    }
  }
  return text;
}

Result<void> SetAt(YAML::Node& root, const std::vector<PathStep>& steps, const YAML::Node& value) {
  CHAINSIM_CHECK(!steps.empty() && std::holds_alternative<std::string>(steps[0]));
  // First check the shape of the whole path, so that a failure leaves `root`
  // as it was; then write.
  YAML::Node node = YAML::Clone(root);
  YAML::Node current;
  current.reset(node);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::vector<PathStep> so_far(steps.begin(),
                                       steps.begin() + static_cast<std::ptrdiff_t>(i));
    const std::string where = i == 0 ? std::string("the scenario") : PathText(so_far);
    const bool last = i + 1 == steps.size();
    if (const auto* key = std::get_if<std::string>(&steps[i])) {
      if (!current.IsDefined() || current.IsNull()) current = YAML::Node(YAML::NodeType::Map);
      if (!current.IsMap()) {
        std::string message = where;
        message += " is ";
        message += ShapeName(current);
        message += " in the base scenario, so it has no key '";
        message +=
            *key + "' (vary " + where + " itself, or write it as a map in the base scenario)";
        return Error{std::move(message)};
      }
      if (last) {
        current[*key] = YAML::Clone(value);
      } else {
        YAML::Node child = current[*key];
        current.reset(child);
      }
    } else {
      const std::size_t index = std::get<std::size_t>(steps[i]);
      if (!current.IsSequence()) {
        return Error{where + " is " +
                     (current.IsDefined() && !current.IsNull() ? ShapeName(current) : "not given") +
                     " in the base scenario, so it has no entry [" + std::to_string(index) + "]"};
      }
      if (index >= current.size()) {
        return Error{where + " has " + std::to_string(current.size()) +
                     " entries in the base scenario, so it has no entry [" + std::to_string(index) +
                     "] (indices start at 0)"};
      }
      if (last) {
        current[index] = YAML::Clone(value);
      } else {
        YAML::Node child = current[index];
        current.reset(child);
      }
    }
  }
  root.reset(node);
  return {};
}

bool PathHasPrefix(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '.' || path[prefix.size()] == '[';
}

}  // namespace chainsim::sim
