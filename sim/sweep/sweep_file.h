#pragma once
// Reads a sweep file (docs/sweeps.md): a base scenario and the parameters to
// vary, with the number of replications and the sweep's seed.
//
//   name: block-size                      # optional; default: the file name
//   scenario: ../bitcoin-regions-1000.yaml  # a path (relative to this file) or an inline map
//   seed: 2015                            # optional; default: the base scenario's seed
//   replications: 20                      # runs per point, each with its own seed
//   combine: grid                         # grid (every combination) or paired
//   parameters:
//     - path: protocol.block_size         # a scenario path, as the loader's messages write it
//       values: [100kB, 250kB, 500kB, 1MB]
//     - path: timeline[1].at
//       name: heal_at                     # optional column name; default: the path
//       range: {from: 15min, to: 40min, step: 5min}
//
// Every value is checked here, with "file:line:column: key: what is wrong"
// errors (SweepError). The base scenario is loaded through the scenario
// loader, whose errors (ScenarioError) point into the scenario file, or into
// the sweep file for an inline scenario (at the same line and column as in
// the sweep file). Applying the parameters and loading every point is the
// plan's job (sim/sweep/sweep_plan.h).
//
// Limits (enforced, with an error): 16 parameters, 10,000 values per
// parameter, 100,000 replications.
// Thread safety: the functions share no state.

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"
#include "sim/sweep/parameter_path.h"

namespace chainsim::sim {

inline constexpr std::size_t kMaxSweepParameters = 16;
inline constexpr std::size_t kMaxParameterValues = 10'000;
inline constexpr std::int64_t kMaxReplications = 100'000;

// 1-based line and column in the sweep file; 0 when unknown.
struct SourcePosition {
  int line = 0;
  int column = 0;
};

enum class Combine {
  kGrid,    // every combination of the parameters' values; the first parameter varies slowest
  kPaired,  // the i-th values of every parameter together (all lists of the same length)
};

struct SweepParameter {
  // Column name in the output files: `name:` or, by default, the path.
  std::string name;
  // The scenario path it sets; empty for a label-only parameter (one that
  // only names the points, e.g. a partition length beside the heal time it
  // sets through another, paired, parameter).
  std::string path;
  std::vector<PathStep> steps;  // `path`, parsed; empty for a label
  // The values, as YAML (scalars, lists or maps: anything the scenario takes
  // at that path), each with its one-line text and its place in the file.
  std::vector<YAML::Node> values;
  std::vector<std::string> labels;
  std::vector<SourcePosition> positions;
  SourcePosition position;  // of the parameter's entry
};

struct SweepFile {
  std::string source;       // the sweep file's path as given ("" for text)
  std::string name;         // `name:`, or the file name without .yaml / .yml
  std::string description;  // `description:`, or ""
  // The base scenario: its YAML text as the loader reads it, and the name
  // the loader's messages give it (the scenario file, or the sweep file for
  // an inline scenario, whose text then keeps the sweep file's lines and
  // columns). Relative paths in it (a region table) resolve against the
  // folder of `scenario_source`.
  std::string scenario_text;
  std::string scenario_source;
  Scenario base;                  // the base scenario, loaded
  std::uint64_t seed = 1;         // the sweep's seed; default: base.seed
  std::int64_t replications = 1;  // runs per point, 1 .. kMaxReplications
  Combine combine = Combine::kGrid;
  std::vector<SweepParameter> parameters;
};

// Reads the sweep file at `path`. Throws SweepError (also when it cannot be
// read) or ScenarioError (the base scenario).
SweepFile ReadSweepFile(const std::string& path);

// The same for sweep text held in memory; `source_name` names it in messages
// and relative scenario paths resolve against its folder.
SweepFile ParseSweepFile(std::string_view text, const std::string& source_name);

// A YAML value on one line, in flow style ("ring", "{kind: small-world,
// degree: 4}", "[0, 3]"): the label of a parameter value.
std::string OneLineYaml(const YAML::Node& node);

}  // namespace chainsim::sim
