#include "sim/sweep/sweep_folder.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <sstream>
#include <system_error>

#include "sim/sweep/journal.h"
#include "sim/sweep/sweep_error.h"
#include "sim/sweep/sweep_plan.h"

namespace chainsim::sim {
namespace {

constexpr std::array<const char*, 6> kOwnFiles = {"results",    "runs",        "runs.csv",
                                                  "points.csv", "points.json", "sweep.json"};

Json ReadSweepJson(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SweepError(path.string() + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  Result<Json> parsed = ParseJson(text.str());
  if (!parsed) throw SweepError(path.string() + ": " + parsed.error().message);
  const Json& j = parsed.value();
  if (!j.is_object() || !j.contains("fingerprint") || !j.contains("points") ||
      !j.contains("parameters") || !j.contains("runs") || !j.contains("replications") ||
      !j.contains("seed") || !j.contains("name")) {
    throw SweepError(path.string() +
                     ": not a chainsim sweep.json (expected the file that "
                     "`chainsim sweep` writes)");
  }
  if (SweepFingerprint(j) != j["fingerprint"]) {
    throw SweepError(path.string() +
                     ": its content does not match its fingerprint (edited by "
                     "hand?)");
  }
  return parsed.value();
}

// The first place where two resolved sweeps differ, for the user:
// `parameters/0/values/1: "line" in this sweep, "full-mesh" in its sweep.json`.
std::string FirstDifference(const Json& there, const Json& here) {
  for (const char* key :
       {"chainsim_version", "seed", "replications", "combine", "parameters", "points"}) {
    const Json a = there.value(key, Json());
    const Json b = here.value(key, Json());
    if (a == b) continue;
    const Json patch = Json::diff(a, b);
    if (!patch.is_array() || patch.empty()) return key;
    const std::string pointer = patch[0].value("path", std::string());
    const Json::json_pointer at(pointer);
    std::string text = key + pointer;
    if (b.contains(at) && a.contains(at) && b[at].is_primitive() && a[at].is_primitive()) {
      text += ": " + b[at].dump() + " in this sweep, " + a[at].dump() + " in its sweep.json";
    }
    return text;
  }
  return "(nothing that decides results)";
}

std::size_t Digits(std::size_t count) {
  std::size_t digits = 1;
  for (std::size_t n = count > 0 ? count - 1 : 0; n >= 10; n /= 10) ++digits;
  return digits;
}

}  // namespace

void WriteFileAtomically(const std::filesystem::path& path, const std::string& text) {
  // A name of this process's own: shards sharing the folder may write the
  // same file at the same moment.
  const std::filesystem::path temp = path.string() + ".partial-" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw SweepError(temp.string() + ": cannot open the file for writing");
    out << text;
    out.close();
    if (!out) throw SweepError(temp.string() + ": cannot write the file");
  }
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    throw SweepError(path.string() + ": cannot replace the file (" + error.message() + ")");
  }
}

SweepFolder SweepFolder::Create(const std::filesystem::path& dir, const Json& resolved,
                                bool restart) {
  std::error_code error;
  std::filesystem::create_directories(dir / "results", error);
  if (error) {
    throw SweepError(dir.string() + ": cannot create the output folder (" + error.message() + ")");
  }
  const std::filesystem::path sweep_json = dir / "sweep.json";
  const bool has_sweep = std::filesystem::exists(sweep_json, error);
  const bool has_results = !std::filesystem::is_empty(dir / "results", error);
  if (!restart && has_sweep) {
    const Json old = ReadSweepJson(sweep_json);
    if (old["fingerprint"] != resolved["fingerprint"]) {
      throw SweepError(dir.string() + ": holds the results of another sweep (" +
                       FirstDifference(old, resolved) +
                       "); use --restart to delete those results "
                       "and start over, or choose another --out folder");
    }
  } else if (!restart && has_results) {
    throw SweepError(dir.string() +
                     ": has results/ but no sweep.json (not a chainsim sweep "
                     "folder?); use --restart to start over, or another --out");
  }
  if (restart) {
    for (const char* name : kOwnFiles) {
      std::filesystem::remove_all(dir / name, error);
      if (error) {
        throw SweepError((dir / name).string() + ": cannot delete (" + error.message() + ")");
      }
    }
    std::filesystem::create_directories(dir / "results", error);
    if (error) {
      throw SweepError(dir.string() + ": cannot create results/ (" + error.message() + ")");
    }
  }
  const std::string text = resolved.dump(2) + "\n";
  std::ifstream current(sweep_json, std::ios::binary);
  std::ostringstream old_text;
  if (current) old_text << current.rdbuf();
  if (!current || old_text.str() != text) WriteFileAtomically(sweep_json, text);
  return SweepFolder(dir, resolved);
}

SweepFolder SweepFolder::Open(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw SweepError(dir.string() + ": no such folder");
  }
  return SweepFolder(dir, ReadSweepJson(dir / "sweep.json"));
}

std::string SweepFolder::fingerprint() const { return resolved_["fingerprint"]; }

std::vector<RunRecord> SweepFolder::ReadRecords(std::size_t* torn) const {
  std::vector<std::filesystem::path> journals;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_ / "results", error)) {
    if (entry.path().extension() == ".jsonl") journals.push_back(entry.path());
  }
  std::sort(journals.begin(), journals.end());
  std::vector<RunRecord> records;
  std::vector<std::string> where;
  if (torn != nullptr) *torn = 0;
  for (const auto& path : journals) {
    JournalContents contents = ReadJournal(path);
    if (contents.torn_last_line && torn != nullptr) ++*torn;
    for (RunRecord& r : contents.records) {
      records.push_back(std::move(r));
      where.push_back(path.string());
    }
  }
  return MergeRecords(resolved_, std::move(records), where);
}

std::vector<RunRecord> MergeRecords(const Json& resolved, std::vector<RunRecord> records,
                                    const std::vector<std::string>& where) {
  const auto total = resolved.at("runs").get<std::size_t>();
  const auto replications = resolved.at("replications").get<std::size_t>();
  const auto seed = resolved.at("seed").get<std::uint64_t>();
  std::vector<std::size_t> order(records.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i : order) {
    const RunRecord& r = records[i];
    if (r.run >= total || r.point != r.run / replications ||
        r.replication != r.run % replications ||
        r.seed != SweepRunSeed(seed, r.point, r.replication)) {
      throw SweepError(where[i] + ": run " + std::to_string(r.run) +
                       " does not belong to this sweep (its point, replication or seed differ)");
    }
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return records[a].run < records[b].run; });
  std::vector<RunRecord> merged;
  merged.reserve(records.size());
  std::size_t previous = 0;
  for (std::size_t i : order) {
    if (!merged.empty() && merged.back().run == records[i].run) {
      if (!SameResults(merged.back(), records[i])) {
        throw SweepError(where[i] + ": run " + std::to_string(records[i].run) +
                         " has other results than in " + where[previous] + " (fingerprint " +
                         records[i].fingerprint + " vs " + merged.back().fingerprint +
                         "): were they made by different chainsim builds?");
      }
      merged.back().run_files = merged.back().run_files || records[i].run_files;
      continue;
    }
    merged.push_back(std::move(records[i]));
    previous = i;
  }
  return merged;
}

std::filesystem::path SweepFolder::JournalPath(const std::string& name) const {
  return dir_ / "results" / name;
}

std::filesystem::path RunFilesPath(const std::filesystem::path& dir, const Json& resolved,
                                   std::size_t point, std::size_t replication) {
  const std::size_t point_digits = Digits(resolved.at("points").size());
  const std::size_t replication_digits = Digits(resolved.at("replications").get<std::size_t>());
  std::array<char, 64> name{};
  std::snprintf(name.data(), name.size(), "p%0*zu-r%0*zu", static_cast<int>(point_digits), point,
                static_cast<int>(replication_digits), replication);
  return dir / "runs" / name.data();
}

void SweepFolder::WriteAggregates(const AggregateFiles& files) const {
  WriteFileAtomically(dir_ / "runs.csv", files.runs_csv);
  WriteFileAtomically(dir_ / "points.csv", files.points_csv);
  WriteFileAtomically(dir_ / "points.json", files.points_json);
}

}  // namespace chainsim::sim
