#include "sim/scenario/scenario_json.h"

#include <gtest/gtest.h>

#include <string>

#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim {
namespace {

// `s` without what the resolved form leaves out (source, event lines).
Scenario WithoutPositions(Scenario s) {
  s.source.clear();
  for (TimelineEvent& event : s.timeline) event.line = 0;
  return s;
}

constexpr const char* kRichScenario = R"(name: round-trip
description: "Every kind of value: 'quotes', colons: and # hashes"
seed: 18446744073709551615
duration: 90min
nodes: 12
start_timestamp: 1700000000.25
chain: {difficulty: 2, proof: article, fork_choice: most-work}
mining: {mode: race, hash_rate: 120/min, miners: 4, hash_shares: [0.5, 1, 1.25, 3], max_blocks: 7}
network:
  topology: {kind: edges, edges: [[0, 1], [1, 2], [2, 11]]}
  latency: {law: normal, mean: 80ms, stddev: 1.5ms}
  bandwidth: {up: 1.5 Mbit/s, down: unlimited}
  loss: 0.1%
protocol: {kind: push, resolve_interval: 0, resolve_on_announce: false, request_timeout: 750ms, block_size: 1MiB, requeue_lost_transactions: true}
workload: {transactions: 0.5/h}
timeline:
  - {at: 10min, partition: {west: [0, 2, 4, 5, 6, 7], east: [1, 3]}}
  - {at: 30min, heal: true}
  - {at: 12min, crash: [3, 8]}
  - {at: 15min, restart: [3]}
  - {at: 20min, join: {count: 2, peers: 3}}
  - {at: 5min, hash_share: {nodes: [0, 1, 2], share: 0.75}}
  - {at: 1min, transaction: {node: 2, sender: alice, recipient: bob, amount: 5}}
  - {at: 25min, transaction: {node: 13, sender: "x: y", recipient: "", amount: 0.5}}
sample_interval: 2500ms
)";

TEST(ScenarioJsonTest, ResolvedFormUsesTheYamlLayoutWithUnits) {
  const Json json = ScenarioToJson(ParseScenario(
      "nodes: 4\nnetwork: {topology: ring, latency: 20ms, bandwidth: 8 Mbit/s}\n", "t.yaml"));
  EXPECT_EQ(json["name"], "default");
  EXPECT_EQ(json["duration"], "1h");
  EXPECT_EQ(json["nodes"], 4);
  EXPECT_EQ(json["seed"], 1);
  EXPECT_EQ(json["chain"],
            (Json{{"difficulty", 4}, {"proof", "tutorial"}, {"fork_choice", "longest"}}));
  EXPECT_EQ(json["mining"]["block_interval"], "10s");
  EXPECT_EQ(json["mining"]["miners"], "all");
  EXPECT_FALSE(json["mining"].contains("hash_rate"));
  EXPECT_EQ(json["network"]["topology"], (Json{{"kind", "ring"}}));
  EXPECT_EQ(json["network"]["latency"], (Json{{"law", "constant"}, {"mean", "20ms"}}));
  EXPECT_EQ(json["network"]["bandwidth"], (Json{{"up", "8Mbit/s"}, {"down", "8Mbit/s"}}));
  EXPECT_EQ(json["network"]["loss"], 0.0);
  EXPECT_EQ(json["protocol"]["resolve_interval"], "30s");
  EXPECT_EQ(json["protocol"]["block_size"], 0);
  EXPECT_EQ(json["workload"]["transactions"], "0/s");
  EXPECT_EQ(json["timeline"], Json::array());
  EXPECT_EQ(json["sample_interval"], "10s");
}

TEST(ScenarioJsonTest, WritesNodeListsAsRanges) {
  const Json json = ScenarioToJson(ParseScenario(
      "nodes: 20\ntimeline:\n  - {at: 1min, partition: {a: [0, 1, 2, 3, 5, 7, 8, 9], b: 10-19, "
      "c: [4, 6]}}\n  - {at: 2min, crash: 4}\n",
      "t.yaml"));
  EXPECT_EQ(
      json["timeline"][0]["partition"],
      (Json{{"a", Json::array({"0-3", 5, "7-9"})}, {"b", "10-19"}, {"c", Json::array({4, 6})}}));
  EXPECT_EQ(json["timeline"][1]["crash"], Json::array({4}));
}

TEST(ScenarioJsonTest, YamlOfTheResolvedFormParsesBackToTheSameScenario) {
  const Scenario original = ParseScenario(kRichScenario, "rich.yaml");
  const std::string yaml = ScenarioToYaml(original);
  const Scenario back = ParseScenario(yaml, "back.yaml");
  EXPECT_EQ(WithoutPositions(back), WithoutPositions(original)) << yaml;
  EXPECT_EQ(ScenarioToJson(back), ScenarioToJson(original));
}

TEST(ScenarioJsonTest, JsonTextOfTheResolvedFormParsesBackToTheSameScenario) {
  const Scenario original = ParseScenario(kRichScenario, "rich.yaml");
  const std::string json_text = ScenarioToJson(original).dump(2);
  const Scenario back = ParseScenario(json_text, "back.json");
  EXPECT_EQ(WithoutPositions(back), WithoutPositions(original)) << json_text;
}

TEST(ScenarioJsonTest, RoundTripsEveryTopologyAndLatencyLaw) {
  for (const char* network :
       {"{topology: {kind: grid, columns: 3}, latency: {law: uniform, min: 1ms, max: 3ms}}",
        "{topology: {kind: random-regular, degree: 3}, latency: {law: exponential, mean: 1s}}",
        "{topology: {kind: erdos-renyi, probability: 0.3}, latency: {law: pareto-mean, mean: "
        "100ms, shape: 2.5}}",
        "{topology: {kind: small-world, degree: 2, rewire: 1}, latency: {law: pareto-mean, mean: "
        "6ms}}",
        "{topology: {kind: scale-free, attachment: 1}, bandwidth: {up: 56 kbit/s}}",
        "{topology: {kind: regions, table: bitcoin-2019}}", "{topology: star}", "{topology: line}",
        "{topology: full-mesh}"}) {
    const Scenario original =
        ParseScenario("nodes: 6\nnetwork: " + std::string(network) + "\n", "t.yaml");
    const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
    EXPECT_EQ(WithoutPositions(back), WithoutPositions(original)) << network;
  }
}

TEST(ScenarioJsonTest, ForgeEventsRoundTrip) {
  const Scenario original = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 1min, forge: {node: 4}}\n"
      "  - {at: 2min, forge: {node: 1, depth: 0, amount: 7, extra_blocks: 3}}\n",
      "t.yaml");
  const Json json = ScenarioToJson(original);
  EXPECT_EQ(json["timeline"][0]["forge"],
            (Json{{"node", 4}, {"depth", 2}, {"amount", 1000}, {"extra_blocks", 1}}));
  const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
  EXPECT_EQ(WithoutPositions(back), WithoutPositions(original));
}

// Found by the scenario fuzz target: carriage returns in a description came
// back from the YAML form as nothing (a plain scalar's line break).
TEST(ScenarioJsonTest, ControlCharactersInStringsSurviveTheYamlForm) {
  const Scenario original = ParseScenario(
      "name: \"tab\\there\"\ndescription: \"ring, pul\\r\\r\\rx\\u0001\\u007f\"\n", "t.yaml");
  ASSERT_EQ(original.description, "ring, pul\r\r\rx\x01\x7f");
  const Scenario back = ParseScenario(ScenarioToYaml(original), "back.yaml");
  EXPECT_EQ(back.description, original.description);
  EXPECT_EQ(back.name, "tab\there");
  EXPECT_EQ(WithoutPositions(back), WithoutPositions(original));
}

TEST(ScenarioJsonTest, TransactionRelayRoundTripsAndIsWrittenOnlyWhenOn) {
  const Scenario off = ParseScenario("nodes: 3\n", "t.yaml");
  EXPECT_FALSE(ScenarioToJson(off)["protocol"].contains("transaction_relay"));
  const Scenario on = ParseScenario("nodes: 3\nprotocol: {transaction_relay: true}\n", "t.yaml");
  EXPECT_EQ(ScenarioToJson(on)["protocol"]["transaction_relay"], true);
  EXPECT_EQ(WithoutPositions(ParseScenario(ScenarioToYaml(on), "back.yaml")), WithoutPositions(on));
  EXPECT_EQ(WithoutPositions(ParseScenario(ScenarioToJson(on).dump(2), "back.json")),
            WithoutPositions(on));
}

TEST(ScenarioJsonTest, DefaultScenarioRoundTrips) {
  const Scenario original = ParseScenario("", "d.yaml");
  EXPECT_EQ(WithoutPositions(ParseScenario(ScenarioToYaml(original), "d.yaml")),
            WithoutPositions(original));
}

}  // namespace
}  // namespace chainsim::sim
