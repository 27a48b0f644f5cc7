// Fuzz target: the scenario loader (sim/scenario/scenario_loader.h), through
// its public API only. The input is a scenario file's text. Properties:
// ParseScenario throws nothing but ScenarioError (anything else escapes and
// is reported as a crash); a scenario it accepts is written as YAML and as
// JSON (sim/scenario/scenario_json.h), and both read back to the same
// resolved scenario.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/check.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chainsim::sim;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Scenario scenario;
  try {
    scenario = ParseScenario(text, "fuzz.yaml");
  } catch (const ScenarioError&) {
    return 0;  // the documented error
  }
  const chainsim::Json resolved = ScenarioToJson(scenario);
  const Scenario from_yaml = ParseScenario(ScenarioToYaml(scenario), "fuzz.yaml");
  CHAINSIM_CHECK(ScenarioToJson(from_yaml) == resolved);
  const Scenario from_json = ParseScenario(resolved.dump(), "fuzz.json");
  CHAINSIM_CHECK(ScenarioToJson(from_json) == resolved);
  return 0;
}
