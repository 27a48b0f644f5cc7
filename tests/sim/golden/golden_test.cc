// Golden runs: four tiny scenarios whose figures are checked in beside them
// (tests/sim/golden/NAME.yaml and NAME.golden). Any change in what a run
// produces (the order of random draws, a protocol decision, a metric) makes
// these tests fail and shows, line by line, which figures moved.
//
// When a change of results is intended, regenerate the files and commit
// them with the change, saying why (CONTRIBUTING.md, "Golden runs"):
//   CHAINSIM_UPDATE_GOLDENS=1 ctest --preset dev -R Golden
// or tools/update_goldens.sh.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.h"
#include "sim/node/simulation.h"
#include "sim/report/run_files.h"
#include "sim/report/run_report.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {
namespace {

const std::filesystem::path kGoldenDir =
    std::filesystem::path(CHAINSIM_SOURCE_DIR) / "tests/sim/golden";

// The figures a golden file pins, as paths into RunReportToJson's object.
// An explicit list, so that a new figure in the report does not break the
// goldens; add a path here (and regenerate) to pin a new figure.
const char* const kPinnedFigures[] = {
    "blocks/mined",
    "blocks/main_chain_height",
    "blocks/stale",
    "blocks/fork_events",
    "reorgs/count",
    "reorgs/deepest",
    "reorgs/extensions",
    "propagation/p50_nodes/count",
    "propagation/p50_nodes/median_s",
    "propagation/p90_nodes/median_s",
    "propagation/p100_nodes/median_s",
    "propagation/p100_nodes/max_s",
    "propagation/p50_hash_power/median_s",
    "agreement/disagreements/count",
    "agreement/disagreements/median_s",
    "agreement/heals",
    "agreement/agreed_at_end",
    "agreement/distinct_tips_at_end",
    "agreement/live_nodes",
    "transactions/submitted",
    "transactions/confirmed",
    "transactions/pending",
    "transactions/lost",
    "transactions/requeued",
    "network/messages",
    "network/bytes",
    "network/delivered",
    "network/lost_loss",
    "network/lost_partition",
    "network/lost_down",
    "checks/all_chains_valid",
    "checks/chains_rejected",
};

// The golden text of a finished run: its fingerprint (every block and
// reorganisation), then one "path value" line per pinned figure.
std::string GoldenText(const std::string& name, const Simulation& simulation) {
  const RunReport report = MakeRunReport(simulation, /*wall_seconds=*/0.0);
  const Json json = RunReportToJson(report);
  std::string text = "# Figures of tests/sim/golden/" + name +
                     ".yaml, written by golden_test.cc.\n"
                     "# Regenerate only for an intended change of results (CONTRIBUTING.md).\n";
  text += "fingerprint " + RunFingerprint(simulation.tree(), simulation.metrics()) + "\n";
  for (const char* path : kPinnedFigures) {
    const Json::json_pointer pointer(std::string("/") + path);
    text += std::string(path) + " " +
            (json.contains(pointer) ? json.at(pointer).dump() : "absent") + "\n";
  }
  return text;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

bool UpdateRequested() {
  const char* update = std::getenv("CHAINSIM_UPDATE_GOLDENS");
  return update != nullptr && std::string(update) == "1";
}

class GoldenRunTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenRunTest, RunMatchesItsCheckedInFigures) {
  const std::string name = GetParam();
  Simulation simulation(LoadScenarioFile((kGoldenDir / (name + ".yaml")).string()));
  simulation.Run();
  const std::string actual = GoldenText(name, simulation);
  const std::filesystem::path golden = kGoldenDir / (name + ".golden");
  if (UpdateRequested()) {
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << actual;
    GTEST_SKIP() << "updated " << golden.string();
  }
  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden.string() << " is missing; create it with CHAINSIM_UPDATE_GOLDENS=1";
  EXPECT_EQ(ReadText(golden), actual)
      << "the run of " << name << ".yaml no longer gives its golden figures; if the change is "
      << "intended, regenerate with CHAINSIM_UPDATE_GOLDENS=1 (CONTRIBUTING.md)";
}

INSTANTIATE_TEST_SUITE_P(Scenarios, GoldenRunTest,
                         ::testing::Values("pull", "push-crash", "race", "regions"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = param.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace chainsim::sim
