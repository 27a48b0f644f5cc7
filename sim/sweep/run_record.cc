#include "sim/sweep/run_record.h"

#include <string_view>
#include <utility>
#include <vector>

#include "core/check.h"

namespace chainsim::sim {
namespace {

void Flatten(const Json& value, const std::string& name, Json& out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      std::string child_name = name;
      if (!child_name.empty()) child_name += '.';
      child_name += key;
      Flatten(child, child_name, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      Flatten(value[i], name + "." + std::to_string(i), out);
    }
  } else if (value.is_number() || value.is_boolean() || value.is_null()) {
    out[name] = value;
  }
}

}  // namespace

Json FlattenFigures(const Json& report) {
  CHAINSIM_CHECK(report.is_object());
  Json copy = report;
  if (copy.contains("run") && copy["run"].is_object()) {
    copy["run"].erase("wall_s");
    copy["run"].erase("events_per_s");
  }
  Json out = Json::object();
  Flatten(copy, "", out);
  return out;
}

std::string RunRecordLine(const RunRecord& record) {
  const Json line{{"run", record.run},
                  {"point", record.point},
                  {"replication", record.replication},
                  {"seed", record.seed},
                  {"fingerprint", record.fingerprint},
                  {"figures", record.figures},
                  {"run_files", record.run_files},
                  {"wall_s", record.wall_seconds}};
  return line.dump();
}

Result<RunRecord> ParseRunRecordLine(std::string_view line) {
  Result<Json> parsed = ParseJson(line);
  if (!parsed) return parsed.error();
  const Json& j = parsed.value();
  if (!j.is_object()) return Error{"a run record is not a JSON object"};
  const auto count = [&](const char* key) {
    // core's parser reads integers below 2^63 as signed ones.
    return j.contains(key) && j[key].is_number_integer() &&
           (j[key].is_number_unsigned() || j[key].get<std::int64_t>() >= 0);
  };
  if (!count("run") || !count("point") || !count("replication") || !count("seed") ||
      !j.contains("fingerprint") || !j["fingerprint"].is_string() || !j.contains("figures") ||
      !j["figures"].is_object()) {
    return Error{"a run record lacks run, point, replication, seed, fingerprint or figures"};
  }
  RunRecord record;
  record.run = j["run"].get<std::size_t>();
  record.point = j["point"].get<std::size_t>();
  record.replication = j["replication"].get<std::size_t>();
  record.seed = j["seed"].get<std::uint64_t>();
  record.fingerprint = j["fingerprint"].get<std::string>();
  for (const auto& [name, value] : j["figures"].items()) {
    if (!value.is_number() && !value.is_boolean() && !value.is_null()) {
      return Error{"figure '" + name + "' is not a number, boolean or null"};
    }
  }
  record.figures = j["figures"];
  if (j.contains("run_files") && j["run_files"].is_boolean()) {
    record.run_files = j["run_files"].get<bool>();
  }
  if (j.contains("wall_s") && j["wall_s"].is_number()) {
    record.wall_seconds = j["wall_s"].get<double>();
  }
  return record;
}

bool SameResults(const RunRecord& a, const RunRecord& b) {
  return a.run == b.run && a.point == b.point && a.replication == b.replication &&
         a.seed == b.seed && a.fingerprint == b.fingerprint && a.figures == b.figures;
}

}  // namespace chainsim::sim
