#include "sim/sweep/sweep_plan.h"

#include <cctype>
#include <utility>

#include "core/check.h"
#include "core/sha256.h"
#include "sim/engine/random.h"
#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

std::string At(const std::string& source, const SourcePosition& p) {
  return source + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": ";
}

// "point 3 (protocol.block_size=1MB, network.topology=ring)"
std::string PointName(const SweepFile& file, const std::vector<std::size_t>& value_index,
                      std::size_t point) {
  std::string text = "point " + std::to_string(point);
  if (file.parameters.empty()) return text;
  text += " (";
  for (std::size_t p = 0; p < file.parameters.size(); ++p) {
    text += (p == 0 ? "" : ", ") + file.parameters[p].name + "=" +
            file.parameters[p].labels[value_index[p]];
  }
  return text + ")";
}

// The loader's message without its "source:line:column: " prefix (those
// positions are in the generated point text, which no one can look at).
std::string WithoutPosition(const std::string& message, const std::string& source) {
  const std::string prefix = source + ":";
  if (message.compare(0, prefix.size(), prefix) != 0) return message;
  std::size_t i = prefix.size();
  for (int field = 0; field < 2; ++field) {
    const std::size_t start = i;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
    if (i == start || i >= message.size() || message[i] != ':') return message;
    ++i;
  }
  if (i < message.size() && message[i] == ' ') ++i;
  return message.substr(i);
}

// The parameter a loader message is about: the one with the longest path,
// or part of a path ("network.topology" of "network.topology.kind"), that
// the message names ("network.topology: ...", "unknown key 'degree' in
// network.topology (kind ring)"); else the first that sets a path.
std::size_t Culprit(const SweepFile& file, const std::string& message) {
  const auto names = [&](const std::string& path) {
    for (std::size_t at = message.find(path); at != std::string::npos;
         at = message.find(path, at + 1)) {
      const std::size_t end = at + path.size();
      const auto part = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ||
               c == '.' || c == '[' || c == ']';
      };
      if ((at == 0 || !part(message[at - 1])) && (end == message.size() || !part(message[end]))) {
        return true;
      }
    }
    return false;
  };
  std::size_t best = file.parameters.size();
  std::size_t best_length = 0;
  for (std::size_t p = 0; p < file.parameters.size(); ++p) {
    const SweepParameter& parameter = file.parameters[p];
    if (parameter.steps.empty()) continue;
    if (best == file.parameters.size()) best = p;
    for (std::size_t n = parameter.steps.size(); n > 0; --n) {
      const std::string prefix = PathText(std::vector<PathStep>(
          parameter.steps.begin(), parameter.steps.begin() + static_cast<std::ptrdiff_t>(n)));
      if (prefix.size() > best_length && names(prefix)) {
        best = p;
        best_length = prefix.size();
        break;
      }
    }
  }
  return best;
}

std::vector<std::vector<std::size_t>> Combinations(const SweepFile& file) {
  std::vector<std::vector<std::size_t>> points;
  const std::size_t n = file.parameters.size();
  if (n == 0) return {{}};
  if (file.combine == Combine::kPaired) {
    for (std::size_t i = 0; i < file.parameters[0].values.size(); ++i) {
      points.emplace_back(n, i);
    }
    return points;
  }
  std::size_t total = 1;
  for (const SweepParameter& p : file.parameters) {
    if (total > kMaxSweepPoints / p.values.size()) {
      throw SweepError(file.source + ": the grid has more than " + std::to_string(kMaxSweepPoints) +
                       " points (expected fewer values, or combine: paired)");
    }
    total *= p.values.size();
  }
  std::vector<std::size_t> index(n, 0);
  for (std::size_t k = 0; k < total; ++k) {
    points.push_back(index);
    for (std::size_t p = n; p-- > 0;) {  // the last parameter varies fastest
      if (++index[p] < file.parameters[p].values.size()) break;
      index[p] = 0;
    }
  }
  return points;
}

}  // namespace

std::string SweepPointName(const SweepFile& file, const SweepPoint& point) {
  return PointName(file, point.value_index, point.index);
}

std::uint64_t SweepRunSeed(std::uint64_t sweep_seed, std::size_t point, std::size_t replication) {
  return DeriveSeed(DeriveSeed(sweep_seed, "sweep-point", point), "sweep-replication", replication);
}

SweepPlan SweepPlan::Make(SweepFile file, const std::string& version) {
  SweepPlan plan;
  const std::vector<std::vector<std::size_t>> combinations = Combinations(file);
  if (combinations.size() * static_cast<std::size_t>(file.replications) > kMaxSweepRuns) {
    throw SweepError(file.source + ": " + std::to_string(combinations.size()) + " points x " +
                     std::to_string(file.replications) + " replications is more than " +
                     std::to_string(kMaxSweepRuns) + " runs (expected a smaller sweep)");
  }
  YAML::Node base_tree;
  try {
    base_tree = YAML::Load(file.scenario_text);
  } catch (const YAML::Exception& e) {  // the loader read the same text: not expected
    throw SweepError(file.scenario_source + ": YAML syntax error: " + e.msg);
  }
  bool sets_paths = false;
  for (const SweepParameter& p : file.parameters) sets_paths = sets_paths || !p.path.empty();

  Json points = Json::array();
  for (std::size_t k = 0; k < combinations.size(); ++k) {
    SweepPoint point;
    point.index = k;
    point.value_index = combinations[k];
    if (!sets_paths) {
      point.scenario = file.base;
    } else {
      YAML::Node tree = YAML::Clone(base_tree);
      for (std::size_t p = 0; p < file.parameters.size(); ++p) {
        const SweepParameter& parameter = file.parameters[p];
        if (parameter.steps.empty()) continue;
        const std::size_t v = point.value_index[p];
        const Result<void> set = SetAt(tree, parameter.steps, parameter.values[v]);
        if (!set) {
          throw SweepError(At(file.source, parameter.positions[v]) + parameter.path + ": " +
                           set.error().message);
        }
      }
      YAML::Emitter text;
      text << tree;
      try {
        point.scenario = ParseScenario(text.c_str(), file.scenario_source);
      } catch (const ScenarioError& e) {
        const std::string message = WithoutPosition(e.what(), file.scenario_source);
        const std::size_t culprit = Culprit(file, message);
        CHAINSIM_CHECK(culprit < file.parameters.size());
        throw SweepError(
            At(file.source, file.parameters[culprit].positions[point.value_index[culprit]]) +
            PointName(file, point.value_index, k) + ": " + message);
      }
    }
    point.scenario.source = file.scenario_source;
    Json values = Json::object();
    for (std::size_t p = 0; p < file.parameters.size(); ++p) {
      values[file.parameters[p].name] = file.parameters[p].labels[point.value_index[p]];
    }
    Json scenario = ScenarioToJson(point.scenario);
    scenario.erase("seed");
    points.push_back({{"point", k}, {"values", values}, {"scenario", scenario}});
    plan.points_.push_back(std::move(point));
  }

  Json parameters = Json::array();
  for (const SweepParameter& p : file.parameters) {
    parameters.push_back({{"name", p.name}, {"path", p.path}, {"values", p.labels}});
  }
  plan.resolved_ = Json{
      {"chainsim_version", version},
      {"name", file.name},
      {"description", file.description},
      {"source", file.source},
      {"seed", file.seed},
      {"replications", file.replications},
      {"combine", file.combine == Combine::kGrid ? "grid" : "paired"},
      {"run_seeds",
       "DeriveSeed(DeriveSeed(seed, \"sweep-point\", point), \"sweep-replication\", "
       "replication)"},
      {"parameters", parameters},
      {"points", points},
      {"runs", combinations.size() * static_cast<std::size_t>(file.replications)},
  };
  plan.fingerprint_ = SweepFingerprint(plan.resolved_);
  plan.resolved_["fingerprint"] = plan.fingerprint_;
  plan.file_ = std::move(file);
  return plan;
}

PlannedRun SweepPlan::Run(std::size_t run) const {
  CHAINSIM_CHECK(run < run_count());
  PlannedRun planned;
  planned.run = run;
  planned.point = run / static_cast<std::size_t>(file_.replications);
  planned.replication = run % static_cast<std::size_t>(file_.replications);
  planned.seed = SweepRunSeed(file_.seed, planned.point, planned.replication);
  return planned;
}

Scenario SweepPlan::RunScenario(const PlannedRun& run) const {
  Scenario scenario = points_[run.point].scenario;
  scenario.seed = run.seed;
  return scenario;
}

std::string SweepFingerprint(const Json& resolved) {
  Json identity = Json::object();
  for (const char* key :
       {"chainsim_version", "seed", "replications", "combine", "parameters", "points"}) {
    if (resolved.contains(key)) identity[key] = resolved[key];
  }
  return Sha256Hex(identity.dump());
}

}  // namespace chainsim::sim
