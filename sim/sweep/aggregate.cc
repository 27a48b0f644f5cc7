#include "sim/sweep/aggregate.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string_view>

#include "core/check.h"
#include "sim/scenario/units.h"
#include "sim/sweep/statistics.h"

namespace chainsim::sim {
namespace {

constexpr std::string_view kIntervalText =
    "95 % confidence interval of the mean, Student t: mean +- t(0.975, n-1) * sd / sqrt(n), "
    "sd the sample standard deviation (divisor n-1); n counts the runs where the figure has a "
    "value; sd and the interval are empty when n < 2, the mean when n = 0";

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Dotted names part by part; numeric parts as numbers ("heals.2" < "heals.10").
bool FigureLess(std::string_view a, std::string_view b) {
  while (true) {
    const std::size_t da = a.find('.');
    const std::size_t db = b.find('.');
    const std::string_view pa = a.substr(0, da);
    const std::string_view pb = b.substr(0, db);
    if (pa != pb) {
      if (AllDigits(pa) && AllDigits(pb) && pa.size() != pb.size()) return pa.size() < pb.size();
      return pa < pb;
    }
    if (da == std::string_view::npos || db == std::string_view::npos) {
      return da == std::string_view::npos && db != std::string_view::npos;
    }
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos &&
      (text.empty() || (text.front() != ' ' && text.back() != ' '))) {
    return text;
  }
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string Number(const std::optional<double>& value) {
  return value ? FormatShortestDouble(*value) : std::string();
}

Json JsonNumber(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

std::string FigureText(const Json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "1" : "0";
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_float()) return FormatShortestDouble(value.get<double>());
  return "";
}

std::vector<std::string> FigureNames(const std::vector<RunRecord>& records) {
  std::set<std::string> names;
  for (const RunRecord& r : records) {
    for (const auto& [name, value] : r.figures.items()) names.insert(name);
  }
  std::vector<std::string> sorted(names.begin(), names.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return FigureLess(a, b); });
  return sorted;
}

AggregateFiles Aggregate(const Json& resolved, const std::vector<RunRecord>& records) {
  const Json& points = resolved.at("points");
  std::vector<std::string> parameters;
  for (const Json& p : resolved.at("parameters")) parameters.push_back(p.at("name"));
  const std::vector<std::string> figures = FigureNames(records);
  const auto labels = [&](std::size_t point) {
    std::string text;
    for (const std::string& name : parameters) {
      text += CsvField(points.at(point).at("values").at(name).get<std::string>()) + ",";
    }
    return text;
  };
  std::string header_parameters;
  for (const std::string& name : parameters) header_parameters += CsvField(name) + ",";

  AggregateFiles files;
  // runs.csv
  std::string& runs = files.runs_csv;
  runs = "run,point,replication,seed," + header_parameters + "fingerprint";
  for (const std::string& f : figures) runs += "," + CsvField(f);
  runs += "\n";
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RunRecord& r = records[i];
    CHAINSIM_CHECK(i == 0 || records[i - 1].run < r.run);
    CHAINSIM_CHECK(r.point < points.size());
    runs += std::to_string(r.run) + "," + std::to_string(r.point) + "," +
            std::to_string(r.replication) + "," + std::to_string(r.seed) + "," + labels(r.point) +
            r.fingerprint;
    for (const std::string& f : figures) {
      runs += ",";
      if (r.figures.contains(f)) runs += FigureText(r.figures[f]);
    }
    runs += "\n";
  }

  // Per point: the records of its runs (records are sorted, so points are
  // contiguous and replications in order).
  std::vector<std::vector<const RunRecord*>> by_point(points.size());
  for (const RunRecord& r : records) by_point[r.point].push_back(&r);
  std::map<std::int64_t, double> t975;  // by n
  const auto t_for = [&](std::size_t n) {
    if (n < 2) return 0.0;
    const auto it = t975.find(static_cast<std::int64_t>(n));
    if (it != t975.end()) return it->second;
    const double t = StudentTQuantile(0.975, static_cast<std::int64_t>(n) - 1);
    t975.emplace(static_cast<std::int64_t>(n), t);
    return t;
  };

  std::string& csv = files.points_csv;
  csv = "# chainsim sweep " + resolved.at("name").get<std::string>() + ": " +
        std::string(kIntervalText) + "\n";
  csv += "point," + header_parameters + "figure,runs,n,mean,sd,ci95_low,ci95_high\n";
  Json json_points = Json::array();
  std::size_t done = 0;
  std::vector<double> values;
  for (std::size_t point = 0; point < points.size(); ++point) {
    const auto& runs_of_point = by_point[point];
    done += runs_of_point.size();
    Json figure_stats = Json::object();
    for (const std::string& f : figures) {
      values.clear();
      for (const RunRecord* r : runs_of_point) {
        if (!r->figures.contains(f)) continue;
        const Json& v = r->figures[f];
        if (v.is_boolean()) {
          values.push_back(v.get<bool>() ? 1.0 : 0.0);
        } else if (v.is_number()) {
          values.push_back(v.get<double>());
        }
      }
      const SampleSummary s = SummarizeSample(values, t_for(values.size()));
      csv += std::to_string(point) + "," + labels(point) + CsvField(f) + "," +
             std::to_string(runs_of_point.size()) + "," + std::to_string(s.n) + "," +
             Number(s.mean) + "," + Number(s.sd) + "," + Number(s.low) + "," + Number(s.high) +
             "\n";
      figure_stats[f] = Json{{"n", s.n},
                             {"mean", JsonNumber(s.mean)},
                             {"sd", JsonNumber(s.sd)},
                             {"ci95_low", JsonNumber(s.low)},
                             {"ci95_high", JsonNumber(s.high)}};
    }
    json_points.push_back({{"point", point},
                           {"values", points.at(point).at("values")},
                           {"runs", runs_of_point.size()},
                           {"figures", figure_stats}});
  }
  const std::size_t total = resolved.at("runs").get<std::size_t>();
  const Json document{
      {"sweep", resolved.at("name")},
      {"fingerprint", resolved.at("fingerprint")},
      {"runs", total},
      {"runs_done", done},
      {"complete", done == total},
      {"interval",
       {{"level", 0.95}, {"method", "Student t"}, {"definition", std::string(kIntervalText)}}},
      {"parameters", parameters},
      {"figures", figures},
      {"points", json_points},
  };
  files.points_json = document.dump(2) + "\n";
  return files;
}

}  // namespace chainsim::sim
