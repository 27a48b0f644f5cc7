// The scenario options of the rules beyond the tutorial: chain.retarget
// (and protocol.compact_blocks): read, refused with file:line:column, and
// kept by the resolved form.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/sim/scenario/loader_test_util.h"

namespace chainsim::sim {
namespace {

using ::testing::StartsWith;

TEST(RulesOptionsTest, RetargetIsReadFromTheChainSection) {
  const Scenario s = ParseScenario(
      "chain: {difficulty: 3, retarget: {every: 2016, target_interval: 10min}}\n", "test.yaml");
  EXPECT_EQ(s.chain.retarget.every, 2016);
  EXPECT_EQ(s.chain.retarget.target_interval, 600.0);
  EXPECT_EQ(ParseScenario("nodes: 2\n", "test.yaml").chain.retarget.every, 0);  // off by default
}

TEST(RulesOptionsTest, BadRetargetSettingsAreRefusedWhereTheyAre) {
  EXPECT_THAT(ErrorOf("chain:\n  retarget: {every: 10}\n"),
              StartsWith("test.yaml:2:13: chain.retarget: needs both"));
  EXPECT_THAT(ErrorOf("chain:\n  retarget: {every: 0, target_interval: 1min}\n"),
              StartsWith("test.yaml:2:21: chain.retarget.every: 0 is out of range"));
  EXPECT_THAT(ErrorOf("chain:\n  retarget: {every: 5, target_interval: 1500us}\n"),
              StartsWith("test.yaml:2:41: chain.retarget.target_interval: must be whole"));
  EXPECT_THAT(ErrorOf("chain:\n  retarget: {every: 5, target: 1min}\n"),
              StartsWith("test.yaml:2:24: unknown key 'target'"));
}

TEST(RulesOptionsTest, TheResolvedFormKeepsRetargetingAndOmitsItWhenOff) {
  const Scenario original = ParseScenario(
      "chain: {difficulty: 2, retarget: {every: 20, target_interval: 30s}}\n", "test.yaml");
  const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
  EXPECT_EQ(back.chain.retarget, original.chain.retarget);
  EXPECT_FALSE(ScenarioToJson(ParseScenario("nodes: 2\n", "t.yaml"))["chain"].contains("retarget"));
}

TEST(RulesOptionsTest, CompactBlocksAreReadAsAFlagOrAsSettings) {
  const Scenario flag =
      ParseScenario("protocol: {kind: push, compact_blocks: true}\n", "test.yaml");
  EXPECT_TRUE(flag.protocol.compact_blocks.enabled);
  EXPECT_EQ(flag.protocol.compact_blocks.size, 0U);
  const Scenario simblock = ParseScenario(
      "protocol:\n  kind: push\n  compact_blocks: {size: 18kB, churn_share: 0.976, "
      "control_failure_rate: 0.13, churn_failure_rate: 0.27}\n",
      "test.yaml");
  EXPECT_TRUE(simblock.protocol.compact_blocks.enabled);
  EXPECT_EQ(simblock.protocol.compact_blocks.size, 18000U);
  EXPECT_EQ(simblock.protocol.compact_blocks.churn_share, 0.976);
  EXPECT_EQ(simblock.protocol.compact_blocks.control_failure_rate, 0.13);
  EXPECT_EQ(simblock.protocol.compact_blocks.churn_failure_rate, 0.27);
  const Scenario back = ParseScenario(ScenarioToYaml(simblock), "back.yaml");
  EXPECT_EQ(back.protocol.compact_blocks, simblock.protocol.compact_blocks);
  EXPECT_FALSE(
      ScenarioToJson(ParseScenario("nodes: 2\n", "t.yaml"))["protocol"].contains("compact_blocks"));
}

TEST(RulesOptionsTest, BadCompactBlockSettingsAreRefusedWhereTheyAre) {
  EXPECT_THAT(ErrorOf("protocol:\n  compact_blocks: true\n"),
              StartsWith("test.yaml:2:19: protocol.compact_blocks: compact block relay needs the "
                         "push protocol"));
  EXPECT_THAT(ErrorOf("protocol:\n  kind: push\n  compact_blocks: {churn_share: 1.5}\n"),
              StartsWith("test.yaml:3:33: protocol.compact_blocks.churn_share:"));
}

}  // namespace
}  // namespace chainsim::sim
