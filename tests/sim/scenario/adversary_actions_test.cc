// The adversaries' timeline actions (selfish_mine, ...): reading, every
// message, the checks against other events, and the resolved form.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_json.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/sim/scenario/loader_test_util.h"

namespace chainsim::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(AdversaryActionsTest, SelfishMineTakesANodeAndAnOptionalGamma) {
  const Scenario s = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, selfish_mine: {node: 4}}\n"
      "  - {at: 1min, selfish_mine: {node: 2, gamma: 0.25}}\n",
      "t.yaml");
  ASSERT_EQ(s.timeline.size(), 2u);
  EXPECT_EQ(As<SelfishMineAction>(s.timeline[0]).node, 4u);
  EXPECT_FALSE(As<SelfishMineAction>(s.timeline[0]).gamma.has_value());
  EXPECT_EQ(As<SelfishMineAction>(s.timeline[1]).gamma, 0.25);
}

TEST(AdversaryActionsTest, SelfishMineMessagesPointAtTheValue) {
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, selfish_mine: {gamma: 1}}]\n"),
              HasSubstr("missing key 'node'"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, selfish_mine: {node: 5}}]\n"),
              StartsWith("test.yaml:2:44: timeline[0]: node 5 does not exist"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, selfish_mine: {node: 1, gamma: 1.5}}]\n"),
              StartsWith("test.yaml:2:54: timeline[0].selfish_mine.gamma:"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, selfish_mine: {node: 1, gama: 0}}]\n"),
              HasSubstr("did you mean 'gamma'?"));
}

TEST(AdversaryActionsTest, ANodeIsTakenOverByOneAdversaryOnly) {
  EXPECT_EQ(ErrorOf("nodes: 5\ntimeline:\n  - {at: 1min, forge: {node: 3}}\n"
                    "  - {at: 2min, selfish_mine: {node: 3}}\n"),
            "test.yaml:4:37: timeline[1]: node 3 is already run by the forge action at 2min "
            "(expected each node taken over by one adversary action)");
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline:\n  - {at: 1min, selfish_mine: {node: 3}}\n"
                      "  - {at: 2min, selfish_mine: {node: 3}}\n"),
              HasSubstr("node 3 is already run by the selfish_mine action"));
  // Forging the same node twice still replaces its forgery.
  EXPECT_NO_THROW(
      ParseScenario("nodes: 5\ntimeline:\n  - {at: 1min, forge: {node: 3}}\n"
                    "  - {at: 2min, forge: {node: 3, depth: 1}}\n",
                    "t.yaml"));
}

TEST(AdversaryActionsTest, OnlyOneSelfishMinerMaySetGamma) {
  EXPECT_EQ(ErrorOf("nodes: 5\ntimeline:\n  - {at: 0s, selfish_mine: {node: 1, gamma: 0.5}}\n"
                    "  - {at: 0s, selfish_mine: {node: 2, gamma: 0.5}}\n"),
            "test.yaml:4:5: timeline[1]: a second selfish_mine with a gamma at 0s (expected at "
            "most one per scenario)");
}

TEST(AdversaryActionsTest, SelfishMineRoundTrips) {
  const Scenario original = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, selfish_mine: {node: 4}}\n"
      "  - {at: 1min, selfish_mine: {node: 1, gamma: 0.5}}\n",
      "t.yaml");
  const Json json = ScenarioToJson(original);
  EXPECT_EQ(json["timeline"][0]["selfish_mine"], (Json{{"node", 4}}));
  EXPECT_EQ(json["timeline"][1]["selfish_mine"], (Json{{"node", 1}, {"gamma", 0.5}}));
  const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
  ASSERT_EQ(back.timeline.size(), 2u);
  EXPECT_EQ(back.timeline[0].action, original.timeline[0].action);
  EXPECT_EQ(back.timeline[1].action, original.timeline[1].action);
}

TEST(AdversaryActionsTest, DoubleSpendTakesANodeAndOptionalSettings) {
  const Scenario s =
      ParseScenario("nodes: 5\ntimeline:\n  - {at: 1min, double_spend: {node: 4}}\n", "t.yaml");
  EXPECT_EQ(As<DoubleSpendAction>(s.timeline[0]).node, 4u);
  EXPECT_EQ(As<DoubleSpendAction>(s.timeline[0]).attack, DoubleSpendConfig{});
  const Scenario t = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, double_spend: {node: 1, confirmations: 0, give_up: 3, "
      "premine: 1, amount: 7}}\n",
      "t.yaml");
  EXPECT_EQ(As<DoubleSpendAction>(t.timeline[0]).attack,
            (DoubleSpendConfig{.confirmations = 0, .give_up = 3, .premine = 1, .amount = 7}));
}

TEST(AdversaryActionsTest, DoubleSpendMessagesPointAtTheValue) {
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, double_spend: {premine: 1}}]\n"),
              HasSubstr("missing key 'node'"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, double_spend: {node: 1, give_up: 0}}]\n"),
              StartsWith("test.yaml:2:56: timeline[0].double_spend.give_up:"));
  EXPECT_THAT(
      ErrorOf("nodes: 5\ntimeline: [{at: 1min, double_spend: {node: 1, confirmations: -1}}]\n"),
      StartsWith("test.yaml:2:62: timeline[0].double_spend.confirmations:"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, double_spend: {node: 1, premin: 1}}]\n"),
              HasSubstr("did you mean 'premine'?"));
  EXPECT_EQ(ErrorOf("nodes: 5\ntimeline:\n  - {at: 0s, double_spend: {node: 1}}\n"
                    "  - {at: 0s, double_spend: {node: 2}}\n"),
            "test.yaml:4:5: timeline[1]: a second double_spend attack at 0s (expected at most one "
            "per scenario)");
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline:\n  - {at: 0s, selfish_mine: {node: 1}}\n"
                      "  - {at: 0s, double_spend: {node: 1}}\n"),
              HasSubstr("node 1 is already run by the selfish_mine action"));
}

TEST(AdversaryActionsTest, DoubleSpendRoundTrips) {
  const Scenario original = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, double_spend: {node: 3, confirmations: 2}}\n", "t.yaml");
  const Json json = ScenarioToJson(original);
  EXPECT_EQ(
      json["timeline"][0]["double_spend"],
      (Json{{"node", 3}, {"confirmations", 2}, {"give_up", 20}, {"premine", 0}, {"amount", 1000}}));
  const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
  ASSERT_EQ(back.timeline.size(), 1u);
  EXPECT_EQ(back.timeline[0].action, original.timeline[0].action);
}

TEST(AdversaryActionsTest, WithholdTakesANodeAndAnOptionalRelease) {
  const Scenario s = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, withhold: {node: 4}}\n"
      "  - {at: 20s, withhold: {node: 0, release_after: 4min}}\n",
      "t.yaml");
  EXPECT_EQ(As<WithholdAction>(s.timeline[0]).withhold.release_after, 0);
  EXPECT_EQ(As<WithholdAction>(s.timeline[1]).withhold.release_after, 4 * kMinute);
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, withhold: {node: 1, release_after: 0s}}]\n"),
              StartsWith("test.yaml:2:58: timeline[0].withhold.release_after:"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, withhold: {node: 1, release: 1min}}]\n"),
              HasSubstr("did you mean 'release_after'?"));
  const Json json = ScenarioToJson(s);
  EXPECT_EQ(json["timeline"][1]["withhold"], (Json{{"node", 0}, {"release_after", "4min"}}));
  const Scenario back = ParseScenario(ScenarioToYaml(s), "back.yaml");
  ASSERT_EQ(back.timeline.size(), 2u);
  EXPECT_EQ(back.timeline[1].action, s.timeline[1].action);
}

TEST(AdversaryActionsTest, EclipseTakesAVictimAttackersAndAnOptionalDuration) {
  const Scenario s = ParseScenario(
      "nodes: 10\ntimeline:\n  - {at: 1min, eclipse: {victim: 9, attackers: [7, 8]}}\n"
      "  - {at: 2min, join: 1}\n",
      "t.yaml");
  const EclipseConfig& e = As<EclipseAction>(s.timeline[0]).eclipse;
  EXPECT_EQ(e.victim, 9u);
  EXPECT_EQ(e.attackers, (std::vector<NodeIndex>{7, 8}));
  EXPECT_EQ(e.duration, 0);
  // A victim that joins later is taken when it joins.
  const Scenario joining = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 0s, eclipse: {victim: 5, attackers: 0-1, duration: 10min}}\n"
      "  - {at: 1min, join: 1}\n",
      "t.yaml");
  EXPECT_EQ(As<EclipseAction>(joining.timeline[0]).eclipse.duration, 10 * kMinute);
  const Json json = ScenarioToJson(joining);
  EXPECT_EQ(json["timeline"][0]["eclipse"],
            (Json{{"victim", 5}, {"attackers", Json::array({0, 1})}, {"duration", "10min"}}));
  const Scenario back = ParseScenario(ScenarioToYaml(joining), "back.yaml");
  EXPECT_EQ(back.timeline[0].action, joining.timeline[0].action);
}

TEST(AdversaryActionsTest, EclipseErrorsPointAtTheValue) {
  EXPECT_THAT(
      ErrorOf("nodes: 5\ntimeline: [{at: 1min, eclipse: {victim: 1, attackers: [0, 1]}}]\n"),
      StartsWith("test.yaml:2:59: timeline[0].eclipse.attackers: node 1 is the victim"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, eclipse: {victim: 1}}]\n"),
              StartsWith("test.yaml:2:32: timeline[0].eclipse: missing key 'attackers'"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, eclipse: {victim: 7, attackers: [0]}}]\n"),
              StartsWith("test.yaml:2:41: timeline[0]: node 7 does not exist"));
  EXPECT_THAT(
      ErrorOf(
          "nodes: 5\ntimeline: [{at: 1min, eclipse: {victim: 1, attackers: 0, duration: 0s}}]\n"),
      StartsWith("test.yaml:2:68: timeline[0].eclipse.duration: 0s is too short"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline:\n  - {at: 0s, withhold: {node: 0}}\n"
                      "  - {at: 1min, eclipse: {victim: 1, attackers: 0}}\n"),
              HasSubstr("node 0 is already run by the withhold action"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, eclipse: {victim: 1, attacker: 0}}]\n"),
              HasSubstr("did you mean 'attackers'?"));
}

}  // namespace
}  // namespace chainsim::sim
