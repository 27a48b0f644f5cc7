#include "sim/sweep/sweep_file.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/string_printf.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/sweep/sweep_error.h"
#include "sim/sweep/value_range.h"

namespace chainsim::sim {
namespace {

SourcePosition PositionOf(const YAML::Mark& mark) { return {mark.line + 1, mark.column + 1}; }

// Levenshtein distance, for "did you mean".
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string Join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += (text.empty() ? "" : ", ") + w;
  return text;
}

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void Fail(const YAML::Mark& mark, const std::string& message) const {
    const SourcePosition p = PositionOf(mark);
    throw SweepError(source_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
                     ": " + message);
  }
  [[noreturn]] void Fail(const YAML::Node& node, const std::string& path,
                         const std::string& message) const {
    Fail(node.Mark(), path + ": " + message);
  }

  // The map's keys, each checked against `allowed`, in file order.
  std::vector<std::pair<YAML::Node, YAML::Node>> ReadMap(const YAML::Node& node,
                                                         const std::string& path,
                                                         const std::vector<std::string>& allowed,
                                                         const std::string& what) const {
    if (!node.IsMap()) Fail(node, path, "expected a map of " + what);
    std::vector<std::pair<YAML::Node, YAML::Node>> entries;
    std::set<std::string> seen;
    for (const auto& item : node) {
      const YAML::Node& key = item.first;
      const std::string here = path.empty() ? std::string() : path + ".";
      if (!key.IsScalar()) Fail(key.Mark(), here + "?: a key must be a plain word");
      const std::string name = key.Scalar();
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string message = "unknown key '";
        message += name;
        message += "' in ";
        message += what;
        const auto closest = std::min_element(
            allowed.begin(), allowed.end(), [&](const std::string& a, const std::string& b) {
              return EditDistance(name, a) < EditDistance(name, b);
            });
        if (closest != allowed.end() && EditDistance(name, *closest) <= 2) {
          message += "; did you mean '" + *closest + "'?";
        }
        Fail(key.Mark(), message + " (allowed keys: " + Join(allowed) + ")");
      }
      if (!seen.insert(name).second) Fail(key.Mark(), here + name + ": duplicate key");
      entries.emplace_back(key, item.second);
    }
    return entries;
  }

  std::string Text(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) Fail(node, path, "expected a single value");
    return node.Scalar();
  }

  std::uint64_t Unsigned(const YAML::Node& node, const std::string& path, std::uint64_t min,
                         std::uint64_t max) const {
    const std::string text = Text(node, path);
    const std::string expected =
        "(expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ")";
    if (text.empty() || text.size() > 20 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Fail(node, path, "'" + text + "' is not an integer " + expected);
    }
    std::uint64_t value = 0;
    for (const char c : text) {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (value > (UINT64_MAX - digit) / 10) {
        Fail(node, path, StringPrintf("'%s' is too large %s", text.c_str(), expected.c_str()));
      }
      value = value * 10 + digit;
    }
    if (value < min || value > max) Fail(node, path, text + " is out of range " + expected);
    return value;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

// `text` with every byte outside [begin, end) blanked (newlines kept), so
// that the YAML inside keeps its lines and columns.
std::string KeepOnly(std::string_view text, std::size_t begin, std::size_t end) {
  std::string kept(text);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if ((i < begin || i >= end) && kept[i] != '\n' && kept[i] != '\r') kept[i] = ' ';
  }
  return kept;
}

void ReadBase(const Reader& reader, std::string_view text, const YAML::Node& root,
              const YAML::Node& value, SweepFile& sweep) {
  if (value.IsScalar()) {
    std::filesystem::path path(value.Scalar());
    if (path.empty()) {
      reader.Fail(value, "scenario", "expected a scenario file path or an inline map");
    }
    if (path.is_relative()) path = std::filesystem::path(reader.source()).parent_path() / path;
    std::error_code error;
    std::ifstream file(path, std::ios::binary);
    if (!std::filesystem::is_regular_file(path, error) || !file) {
      reader.Fail(value, "scenario",
                  "cannot open the scenario file '" + path.string() +
                      "' (expected a readable YAML file; relative paths are relative to the "
                      "sweep file's folder)");
    }
    std::ostringstream content;
    content << file.rdbuf();
    sweep.scenario_text = content.str();
    sweep.scenario_source = path.lexically_normal().string();
  } else if (value.IsMap()) {
    // The inline map keeps its place: everything else in the sweep file is
    // blanked, so the loader's line:column are the sweep file's.
    const std::size_t begin = static_cast<std::size_t>(value.Mark().pos);
    std::size_t end = text.size();
    bool after = false;
    for (const auto& item : root) {
      if (after) {
        end = static_cast<std::size_t>(item.first.Mark().pos);
        break;
      }
      after = item.first.Scalar() == "scenario";
    }
    if (root.Style() == YAML::EmitterStyle::Flow) {
      // In a flow map the value is followed by "," or the closing "}".
      while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
      if (end > begin && (text[end - 1] == ',' || text[end - 1] == '}')) --end;
    }
    sweep.scenario_text = KeepOnly(text, begin, end);
    sweep.scenario_source = reader.source();
  } else {
    reader.Fail(value, "scenario", "expected a scenario file path or an inline map");
  }
  sweep.base = ParseScenario(sweep.scenario_text, sweep.scenario_source);
}

void ReadParameter(const Reader& reader, const YAML::Node& node, std::size_t index,
                   SweepParameter& parameter) {
  const std::string where = "parameters[" + std::to_string(index) + "]";
  const auto entries =
      reader.ReadMap(node, where, {"path", "name", "values", "range"}, "a parameter");
  parameter.position = PositionOf(node.Mark());
  const YAML::Node* values = nullptr;
  const YAML::Node* range = nullptr;
  for (const auto& [key, value] : entries) {
    const std::string k = key.Scalar();
    if (k == "path") {
      parameter.path = reader.Text(value, where + ".path");
      Result<std::vector<PathStep>> steps = ParseParameterPath(parameter.path);
      if (!steps) reader.Fail(value, where + ".path", steps.error().message);
      parameter.steps = std::move(steps.value());
      parameter.path = PathText(parameter.steps);
      if (parameter.path == "seed") {
        reader.Fail(value, where + ".path",
                    "each run's seed comes from the sweep's seed, the point and the "
                    "replication (expected the sweep's own 'seed' key, not a parameter)");
      }
    } else if (k == "name") {
      parameter.name = reader.Text(value, where + ".name");
      if (parameter.name.empty() || parameter.name.find_first_of("\n\r") != std::string::npos) {
        reader.Fail(value, where + ".name", "expected a non-empty name on one line");
      }
    } else if (k == "values") {
      values = &value;
    } else {
      range = &value;
    }
  }
  if (parameter.path.empty() && parameter.name.empty()) {
    reader.Fail(node, where,
                "a parameter needs a 'path' (the scenario value it sets) or, for a label "
                "only, a 'name'");
  }
  if (parameter.name.empty()) parameter.name = parameter.path;
  if ((values == nullptr) == (range == nullptr)) {
    reader.Fail(node, where, "expected either 'values' (a list) or 'range' ({from, to, step})");
  }
  if (values != nullptr) {
    if (!values->IsSequence() || values->size() == 0) {
      reader.Fail(*values, where + ".values", "expected a non-empty list of values");
    }
    if (values->size() > kMaxParameterValues) {
      reader.Fail(*values, where + ".values",
                  "more than " + std::to_string(kMaxParameterValues) + " values");
    }
    for (const auto& item : *values) {
      if (!item.IsDefined() || item.IsNull()) {
        reader.Fail(item.Mark(), where + ".values: an empty value");
      }
      parameter.values.push_back(item);
      parameter.labels.push_back(OneLineYaml(item));
      parameter.positions.push_back(PositionOf(item.Mark()));
    }
  } else {
    const auto range_entries =
        reader.ReadMap(*range, where + ".range", {"from", "to", "step"}, "a range");
    std::array<std::string, 3> bounds;
    const std::array<const char*, 3> names = {"from", "to", "step"};
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto found = std::find_if(range_entries.begin(), range_entries.end(),
                                      [&](const auto& e) { return e.first.Scalar() == names[i]; });
      if (found == range_entries.end()) {
        reader.Fail(*range, where + ".range",
                    std::string("missing '") + names[i] + "' (expected {from, to, step})");
      }
      bounds[i] = reader.Text(found->second, where + ".range." + names[i]);
    }
    Result<std::vector<std::string>> expanded = ExpandRange(bounds[0], bounds[1], bounds[2]);
    if (!expanded) reader.Fail(*range, where + ".range", expanded.error().message);
    for (const std::string& text : expanded.value()) {
      parameter.values.emplace_back(text);
      parameter.labels.push_back(text);
      parameter.positions.push_back(PositionOf(range->Mark()));
    }
  }
}

void CheckParameters(const Reader& reader, const YAML::Node& list, SweepFile& sweep) {
  for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
    const SweepParameter& a = sweep.parameters[i];
    for (std::size_t j = 0; j < i; ++j) {
      const SweepParameter& b = sweep.parameters[j];
      const std::string where = "parameters[" + std::to_string(i) + "]";
      if (a.name == b.name) {
        reader.Fail(list[i], where,
                    "the name '" + a.name + "' is also parameters[" + std::to_string(j) +
                        "]'s (expected distinct names)");
      }
      if (!a.path.empty() && !b.path.empty() &&
          (PathHasPrefix(a.path, b.path) || PathHasPrefix(b.path, a.path))) {
        reader.Fail(list[i], where,
                    a.path + " overlaps parameters[" + std::to_string(j) + "] (" + b.path +
                        "): one would overwrite the other (expected separate scenario values)");
      }
    }
    if (sweep.combine == Combine::kPaired && a.values.size() != sweep.parameters[0].values.size()) {
      reader.Fail(list[i], "parameters[" + std::to_string(i) + "]",
                  std::to_string(a.values.size()) + " values, but parameters[0] has " +
                      std::to_string(sweep.parameters[0].values.size()) +
                      " (combine: paired takes the i-th value of every parameter together, so "
                      "every list needs the same length)");
    }
  }
}

}  // namespace

std::string OneLineYaml(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Node copy = YAML::Clone(node);
  std::vector<YAML::Node> pending{copy};
  while (!pending.empty()) {  // every collection in flow style
    YAML::Node n = pending.back();
    pending.pop_back();
    n.SetStyle(YAML::EmitterStyle::Flow);
    if (n.IsSequence()) {
      for (const auto& item : n) pending.push_back(item);
    } else if (n.IsMap()) {
      for (const auto& item : n) pending.push_back(item.second);
    }
  }
  YAML::Emitter out;
  out << copy;
  return out.c_str();
}

SweepFile ParseSweepFile(std::string_view text, const std::string& source_name) {
  Reader reader(source_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    std::string hint;
    const std::size_t line_start =
        text.rfind('\n', static_cast<std::size_t>(std::max(e.mark.pos, 0)));
    const std::string_view line =
        text.substr(line_start == std::string_view::npos ? 0 : line_start + 1,
                    text.find('\n', static_cast<std::size_t>(std::max(e.mark.pos, 0))) -
                        (line_start == std::string_view::npos ? 0 : line_start + 1));
    if (line.find('{') != std::string_view::npos && line.find("path:") != std::string_view::npos &&
        line.find('[') != std::string_view::npos) {
      hint = " (inside {...} a path with an [index] must be quoted: path: \"timeline[1].at\")";
    }
    reader.Fail(e.mark, "YAML syntax error: " + e.msg + hint);
  }
  if (!root.IsMap()) {
    reader.Fail(root.Mark(),
                "expected a sweep: a map with scenario, parameters, replications (docs/sweeps.md)");
  }
  const auto entries = reader.ReadMap(
      root, "",
      {"name", "description", "scenario", "seed", "replications", "combine", "parameters"},
      "the sweep");
  SweepFile sweep;
  sweep.source = source_name;
  sweep.name = std::filesystem::path(source_name).stem().string();
  if (sweep.name.empty()) sweep.name = "sweep";
  const YAML::Node* seed = nullptr;
  const YAML::Node* parameters = nullptr;
  bool have_scenario = false;
  for (const auto& [key, value] : entries) {
    const std::string k = key.Scalar();
    if (k == "name") {
      sweep.name = reader.Text(value, "name");
      if (sweep.name.empty() || sweep.name.find_first_of("\n\r") != std::string::npos) {
        reader.Fail(value, "name", "expected a non-empty name on one line");
      }
    } else if (k == "description") {
      sweep.description = value.IsNull() ? "" : reader.Text(value, "description");
    } else if (k == "scenario") {
      ReadBase(reader, text, root, value, sweep);
      have_scenario = true;
    } else if (k == "seed") {
      seed = &value;
    } else if (k == "replications") {
      sweep.replications = static_cast<std::int64_t>(
          reader.Unsigned(value, "replications", 1, static_cast<std::uint64_t>(kMaxReplications)));
    } else if (k == "combine") {
      const std::string combine = reader.Text(value, "combine");
      if (combine == "grid") {
        sweep.combine = Combine::kGrid;
      } else if (combine == "paired") {
        sweep.combine = Combine::kPaired;
      } else {
        reader.Fail(value, "combine",
                    "'" + combine + "' is not a way to combine (expected grid or paired)");
      }
    } else {
      parameters = &value;
    }
  }
  if (!have_scenario) {
    reader.Fail(root.Mark(),
                "scenario: missing (expected the base scenario: a file path or an inline map)");
  }
  sweep.seed = seed != nullptr ? reader.Unsigned(*seed, "seed", 0, UINT64_MAX) : sweep.base.seed;
  if (parameters != nullptr && !parameters->IsNull()) {
    if (!parameters->IsSequence()) {
      reader.Fail(*parameters, "parameters", "expected a list of parameters");
    }
    if (parameters->size() > kMaxSweepParameters) {
      reader.Fail(*parameters, "parameters",
                  "more than " + std::to_string(kMaxSweepParameters) + " parameters");
    }
    for (std::size_t i = 0; i < parameters->size(); ++i) {
      SweepParameter parameter;
      ReadParameter(reader, (*parameters)[i], i, parameter);
      sweep.parameters.push_back(std::move(parameter));
    }
    CheckParameters(reader, *parameters, sweep);
  }
  return sweep;
}

SweepFile ReadSweepFile(const std::string& path) {
  std::error_code error;
  std::ifstream file(path, std::ios::binary);
  if (std::filesystem::is_directory(path, error) || !file) {
    throw SweepError(path + ": cannot open the sweep file (expected a readable YAML file)");
  }
  std::ostringstream text;
  text << file.rdbuf();
  return ParseSweepFile(text.str(), path);
}

}  // namespace chainsim::sim
