#include "sim/scenario/scenario_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/scenario_error.h"
#include "sim/scenario/scenario_limits.h"
#include "tests/sim/scenario/loader_test_util.h"

namespace chainsim::sim {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kFullExample = R"(name: partition-heal
description: Two halves mine apart for 20 minutes, then heal.
seed: 42
duration: 1h
nodes: 20
chain: {difficulty: 3, proof: article, fork_choice: most-work}
mining:
  mode: race
  block_interval: 1min
  miners: 3
  hash_shares: [3, 1, 1]
  max_blocks: 100
network:
  topology: {kind: small-world, degree: 6, rewire: 0.2}
  latency: {law: pareto-mean, mean: 100ms}
  bandwidth: {up: 10 Mbit/s, down: 50 Mbit/s}
  loss: 0.5%
protocol: {kind: push, resolve_interval: 45s, resolve_on_announce: false, request_timeout: 2s, block_size: 535kB, requeue_lost_transactions: true}
workload: {transactions: 2/s}
timeline:
  - {at: 10min, partition: {west: 0-9, east: [10, 11, "12-19"]}}
  - {at: 30min, heal: true}
  - {at: 12min, crash: [3]}
  - {at: 15min, restart: 3}
  - {at: 20min, join: {count: 2, peers: 3}}
  - {at: 5min, hash_share: {nodes: [0, 2], share: 5}}
  - {at: 1min, transaction: {node: 2, sender: alice, recipient: bob, amount: 5}}
  - {at: 10min, crash: 7}
start_timestamp: 1700000000
sample_interval: 5s
)";

TEST(ScenarioLoaderTest, FullExampleParsesIntoTheExpectedValues) {
  const Scenario s = ParseScenario(kFullExample, "full.yaml");
  EXPECT_EQ(s.name, "partition-heal");
  EXPECT_EQ(s.description, "Two halves mine apart for 20 minutes, then heal.");
  EXPECT_EQ(s.source, "full.yaml");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.duration, kHour);
  EXPECT_EQ(s.nodes, 20);
  EXPECT_EQ(s.start_timestamp, 1700000000.0);
  EXPECT_EQ(s.sample_interval, 5 * kSecond);
  EXPECT_EQ(s.chain.difficulty, 3);
  EXPECT_EQ(s.chain.proof_variant, ProofVariant::kArticle);
  EXPECT_EQ(s.chain.fork_choice, ForkChoice::kMostWork);
  EXPECT_EQ(s.mining.mode, MiningMode::kRace);
  EXPECT_EQ(s.mining.block_interval, kMinute);
  EXPECT_EQ(s.mining.hash_rate, 0.0);
  EXPECT_EQ(s.mining.miners, 3);
  EXPECT_EQ(s.mining.hash_shares, (std::vector<double>{3, 1, 1}));
  EXPECT_EQ(s.mining.max_blocks, 100);
  EXPECT_EQ(s.network.topology.kind, TopologyKind::kSmallWorld);
  EXPECT_EQ(s.network.topology.degree, 6);
  EXPECT_EQ(s.network.topology.rewire_probability, 0.2);
  EXPECT_EQ(s.network.latency.law, LatencyLaw::kParetoMean);
  EXPECT_EQ(s.network.latency.mean, 100 * kMillisecond);
  EXPECT_EQ(s.network.latency.shape, 0.0);
  EXPECT_EQ(s.network.upload_bps, 10e6);
  EXPECT_EQ(s.network.download_bps, 50e6);
  EXPECT_EQ(s.network.loss, 0.005);
  EXPECT_EQ(s.protocol.kind, ProtocolKind::kPush);
  EXPECT_EQ(s.protocol.resolve_interval, 45 * kSecond);
  EXPECT_FALSE(s.protocol.resolve_on_announce);
  EXPECT_EQ(s.protocol.request_timeout, 2 * kSecond);
  EXPECT_EQ(s.protocol.block_wire_size, 535'000u);
  EXPECT_TRUE(s.protocol.requeue_lost_transactions);
  EXPECT_EQ(s.workload.transaction_rate, 2.0);
  EXPECT_EQ(TotalNodes(s), 22);

  // Sorted by time; at 10 min the partition (line 21) comes before the crash
  // (line 28) because it comes first in the file.
  ASSERT_EQ(s.timeline.size(), 8u);
  const std::vector<std::string_view> actions = {"transaction", "hash_share", "partition", "crash",
                                                 "crash",       "restart",    "join",      "heal"};
  const std::vector<SimTime> times = {kMinute,      5 * kMinute,  10 * kMinute, 10 * kMinute,
                                      12 * kMinute, 15 * kMinute, 20 * kMinute, 30 * kMinute};
  const std::vector<int> lines = {27, 26, 21, 28, 23, 24, 25, 22};
  for (std::size_t i = 0; i < actions.size(); ++i) {
    EXPECT_EQ(ActionName(s.timeline[i].action), actions[i]) << i;
    EXPECT_EQ(s.timeline[i].at, times[i]) << i;
    EXPECT_EQ(s.timeline[i].line, lines[i]) << i;
  }
  const auto& tx = As<TransactionAction>(s.timeline[0]);
  EXPECT_EQ(tx.node, 2u);
  EXPECT_EQ(tx.transaction, (Json{{"sender", "alice"}, {"recipient", "bob"}, {"amount", 5}}));
  EXPECT_TRUE(tx.transaction["amount"].is_number_integer());
  EXPECT_EQ(As<HashShareAction>(s.timeline[1]).nodes, (std::vector<NodeIndex>{0, 2}));
  EXPECT_EQ(As<HashShareAction>(s.timeline[1]).share, 5.0);
  const auto& partition = As<PartitionAction>(s.timeline[2]);
  EXPECT_EQ(partition.group_names, (std::vector<std::string>{"east", "west"}));
  ASSERT_EQ(partition.groups.size(), 2u);
  EXPECT_EQ(partition.groups[0], (std::vector<NodeIndex>{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
  EXPECT_EQ(partition.groups[1], (std::vector<NodeIndex>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(As<CrashAction>(s.timeline[3]).nodes, (std::vector<NodeIndex>{7}));
  EXPECT_EQ(As<RestartAction>(s.timeline[5]).nodes, (std::vector<NodeIndex>{3}));
  EXPECT_EQ(As<JoinAction>(s.timeline[6]).count, 2);
  EXPECT_EQ(As<JoinAction>(s.timeline[6]).peers, 3);
}

TEST(ScenarioLoaderTest, EveryOneCharacterDamageGivesAScenarioOrAScenarioError) {
  // Robustness: deleting or replacing any single character of the full example
  // must never crash or throw anything but ScenarioError with a position.
  const std::string text = kFullExample;
  int errors = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const std::string& damaged :
         {text.substr(0, i) + text.substr(i + 1), text.substr(0, i) + "]" + text.substr(i + 1)}) {
      try {
        ParseScenario(damaged, "damaged.yaml");
      } catch (const ScenarioError& e) {
        ++errors;
        EXPECT_THAT(e.what(), StartsWith("damaged.yaml:")) << damaged;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected exception " << e.what() << " for:\n" << damaged;
      }
    }
  }
  EXPECT_GT(errors, 100);
}

TEST(ScenarioLoaderTest, EmptyDocumentGivesEveryDefault) {
  for (const char* text : {"", "# only a comment\n", "---\n"}) {
    const Scenario s = ParseScenario(text, "empty.yaml");
    Scenario expected;
    expected.source = "empty.yaml";
    EXPECT_EQ(s, expected) << text;
  }
  const Scenario s = ParseScenario("", "empty.yaml");
  EXPECT_EQ(s.name, "default");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, kHour);
  EXPECT_EQ(s.nodes, 10);
  EXPECT_EQ(s.chain.difficulty, 4);
  EXPECT_EQ(s.chain.proof_variant, ProofVariant::kTutorial);
  EXPECT_EQ(s.chain.fork_choice, ForkChoice::kLongest);
  EXPECT_EQ(s.mining.mode, MiningMode::kExponential);
  EXPECT_EQ(s.mining.block_interval, 10 * kSecond);
  EXPECT_EQ(s.mining.miners, -1);
  EXPECT_TRUE(s.mining.hash_shares.empty());
  EXPECT_EQ(s.network.topology.kind, TopologyKind::kFullMesh);
  EXPECT_EQ(s.network.latency.law, LatencyLaw::kConstant);
  EXPECT_EQ(s.network.latency.mean, 50 * kMillisecond);
  EXPECT_EQ(s.network.upload_bps, 0.0);
  EXPECT_EQ(s.network.loss, 0.0);
  EXPECT_EQ(s.protocol.kind, ProtocolKind::kPull);
  EXPECT_EQ(s.protocol.resolve_interval, 30 * kSecond);
  EXPECT_TRUE(s.protocol.resolve_on_announce);
  EXPECT_EQ(s.protocol.request_timeout, 5 * kSecond);
  EXPECT_EQ(s.protocol.block_wire_size, 0u);
  EXPECT_EQ(s.workload.transaction_rate, 0.0);
  EXPECT_TRUE(s.timeline.empty());
  EXPECT_EQ(s.sample_interval, 10 * kSecond);
}

TEST(ScenarioLoaderTest, EmptySectionsKeepTheirDefaults) {
  const Scenario s = ParseScenario("chain:\nmining:\nnetwork: {}\ntimeline: []\n", "t.yaml");
  Scenario expected;
  expected.source = "t.yaml";
  EXPECT_EQ(s, expected);
}

TEST(ScenarioLoaderTest, ShortFormsOfTopologyLatencyBandwidthAndJoin) {
  const Scenario s = ParseScenario(
      "nodes: 5\nnetwork: {topology: ring, latency: 20ms, bandwidth: 8 Mbit/s}\n"
      "timeline: [{at: 1min, join: 3}]\n",
      "t.yaml");
  EXPECT_EQ(s.network.topology.kind, TopologyKind::kRing);
  EXPECT_EQ(s.network.latency.law, LatencyLaw::kConstant);
  EXPECT_EQ(s.network.latency.mean, 20 * kMillisecond);
  EXPECT_EQ(s.network.upload_bps, 8e6);
  EXPECT_EQ(s.network.download_bps, 8e6);
  ASSERT_EQ(s.timeline.size(), 1u);
  EXPECT_EQ(As<JoinAction>(s.timeline[0]).count, 3);
  EXPECT_EQ(As<JoinAction>(s.timeline[0]).peers, 4);
  EXPECT_EQ(TotalNodes(s), 8);
}

TEST(ScenarioLoaderTest, ReadsEveryTopologyAndLatencyLaw) {
  auto topology = [](const std::string& yaml) {
    return ParseScenario("nodes: 10\nnetwork: {topology: " + yaml + "}\n", "t.yaml")
        .network.topology;
  };
  EXPECT_EQ(topology("full-mesh").kind, TopologyKind::kFullMesh);
  EXPECT_EQ(topology("line").kind, TopologyKind::kLine);
  EXPECT_EQ(topology("star").kind, TopologyKind::kStar);
  EXPECT_EQ(topology("{kind: grid, columns: 5}").grid_columns, 5);
  EXPECT_EQ(topology("{kind: random-regular, degree: 3}").degree, 3);
  EXPECT_EQ(topology("{kind: erdos-renyi, probability: 25%}").edge_probability, 0.25);
  EXPECT_EQ(topology("{kind: scale-free, attachment: 3}").attachment, 3);
  EXPECT_EQ(topology("{kind: edges, edges: [[0, 1], [1, 9]]}").edges,
            (std::vector<std::pair<NodeIndex, NodeIndex>>{{0, 1}, {1, 9}}));
  EXPECT_EQ(topology("{kind: regions, table: bitcoin-2019}").regions, "bitcoin-2019");
  EXPECT_EQ(topology("regions").regions, "bitcoin-2015");

  auto latency = [](const std::string& yaml) {
    return ParseScenario("network: {latency: " + yaml + "}\n", "t.yaml").network.latency;
  };
  const LatencyConfig uniform = latency("{law: uniform, min: 50ms, max: 150ms}");
  EXPECT_EQ(uniform.law, LatencyLaw::kUniform);
  EXPECT_EQ(uniform.min, 50 * kMillisecond);
  EXPECT_EQ(uniform.max, 150 * kMillisecond);
  EXPECT_EQ(uniform.mean, 100 * kMillisecond);
  const LatencyConfig normal = latency("{law: normal, mean: 80ms, stddev: 20ms}");
  EXPECT_EQ(normal.law, LatencyLaw::kNormal);
  EXPECT_EQ(normal.stddev, 20 * kMillisecond);
  EXPECT_EQ(latency("{law: exponential, mean: 1s}").mean, kSecond);
  EXPECT_EQ(latency("{law: pareto-mean, mean: 30ms, shape: 3}").shape, 3.0);
  EXPECT_EQ(latency("{law: constant, mean: 0}").mean, 0);
}

TEST(ScenarioLoaderTest, MiningByHashRate) {
  const Scenario s = ParseScenario("mining: {hash_rate: 200000/s, miners: all}\n", "t.yaml");
  EXPECT_EQ(s.mining.hash_rate, 200000.0);
  EXPECT_EQ(s.mining.miners, -1);
  EXPECT_NE(ErrorOf("mining: {hash_rate: 1/s, block_interval: 1min}\n")
                .find("both block_interval and hash_rate"),
            std::string::npos);
}

TEST(ScenarioLoaderTest, UnknownKeySaysWhereAndSuggestsTheClosest) {
  const std::string error = ErrorOf("name: x\ndurration: 1h\n");
  EXPECT_THAT(error, StartsWith("test.yaml:2:1: unknown key 'durration' in the scenario; did you "
                                "mean 'duration'? (allowed keys: name, description, seed,"))
      << error;

  const std::string nested = ErrorOf("network:\n  latency: {law: constant, mena: 5ms}\n");
  EXPECT_THAT(nested, StartsWith("test.yaml:2:28: unknown key 'mena' in network.latency (law "
                                 "constant); did you mean 'mean'? (allowed keys: law, mean)"))
      << nested;

  const std::string misplaced = ErrorOf("nodes: 3\nlatency: 5ms\n");
  EXPECT_THAT(misplaced, HasSubstr("test.yaml:2:1: unknown key 'latency' in the scenario; it "
                                   "belongs under 'network:'"))
      << misplaced;

  const std::string far = ErrorOf("zzzzzz: 1\n");
  EXPECT_THAT(far, ::testing::Not(HasSubstr("did you mean")));

  const std::string topology_key = ErrorOf("network:\n  topology: {kind: ring, degree: 4}\n");
  EXPECT_THAT(topology_key, StartsWith("test.yaml:2:26: unknown key 'degree' in network.topology "
                                       "(kind ring) (allowed keys: kind)"))
      << topology_key;
}

TEST(ScenarioLoaderTest, WrongTypesAreReportedAtTheValue) {
  EXPECT_EQ(ErrorOf("nodes: ten\n"),
            "test.yaml:1:8: nodes: 'ten' is not an integer (expected an integer from 1 to "
            "1000000)");
  EXPECT_EQ(ErrorOf("nodes: [1, 2]\n"),
            "test.yaml:1:8: nodes: got a list (expected an integer from 1 to 1000000)");
  EXPECT_THAT(ErrorOf("chain: 4\n"), StartsWith("test.yaml:1:8: chain: expected a map of keys, "
                                                "got '4' (allowed keys: difficulty, proof, "
                                                "fork_choice, retarget)"));
  EXPECT_EQ(ErrorOf("protocol:\n  resolve_on_announce: maybe\n"),
            "test.yaml:2:24: protocol.resolve_on_announce: got 'maybe' (expected true or false)");
  EXPECT_THAT(ErrorOf("duration: 30\n"),
              StartsWith("test.yaml:1:11: duration: the duration '30' needs a unit"));
  EXPECT_THAT(ErrorOf("mining: {mode: exponentail}\n"),
              StartsWith("test.yaml:1:16: mining.mode: unknown value 'exponentail'; did you mean "
                         "'exponential'? (expected one of: exponential, race)"));
  EXPECT_THAT(ErrorOf("chain: {proof: python}\n"),
              StartsWith("test.yaml:1:16: chain.proof: unknown proof variant 'python'"));
  EXPECT_THAT(ErrorOf("seed: -1\n"), StartsWith("test.yaml:1:7: seed: '-1' is not an integer"));
}

TEST(ScenarioLoaderTest, TransportRealismOptionsAreReadInBothForms) {
  const Scenario off = ParseScenario("nodes: 3\n", "t.yaml");
  EXPECT_EQ(off.network.processing, 0);
  EXPECT_EQ(off.network.block_processing, 0);
  EXPECT_EQ(off.network.retransmit_attempts, 0);
  const Scenario both = ParseScenario("network: {processing: 5ms, retransmit: true}\n", "t.yaml");
  EXPECT_EQ(both.network.processing, 5 * kMillisecond);
  EXPECT_EQ(both.network.block_processing, 5 * kMillisecond);
  EXPECT_EQ(both.network.retransmit_attempts, kDefaultRetransmitAttempts);
  EXPECT_EQ(both.network.retransmit_timeout, kSecond);
  const Scenario maps = ParseScenario(
      "network:\n  processing: {message: 10ms, block: 2ms}\n"
      "  retransmit: {attempts: 3, timeout: 200ms}\n",
      "t.yaml");
  EXPECT_EQ(maps.network.processing, 10 * kMillisecond);
  EXPECT_EQ(maps.network.block_processing, 2 * kMillisecond);
  EXPECT_EQ(maps.network.retransmit_attempts, 3);
  EXPECT_EQ(maps.network.retransmit_timeout, 200 * kMillisecond);
  EXPECT_EQ(ParseScenario("network: {retransmit: false}\n", "t.yaml").network.retransmit_attempts,
            0);
  EXPECT_THROW(ParseScenario("network: {retransmit: {attempts: 16}}\n", "t.yaml"), ScenarioError);
  EXPECT_THROW(ParseScenario("network: {processing: {messages: 1ms}}\n", "t.yaml"), ScenarioError);
}

TEST(ScenarioLoaderTest, OutOfRangeValuesAreRejected) {
  struct Case {
    const char* yaml;
    const char* expected_start;
  };
  const Case cases[] = {
      {"nodes: 0\n", "test.yaml:1:8: nodes: 0 is out of range (expected an integer from 1 to"},
      {"duration: 0s\n", "test.yaml:1:11: duration: 0s is too short (expected a duration above 0)"},
      {"chain: {difficulty: 9}\n",
       "test.yaml:1:21: chain.difficulty: 9 is out of range (expected an integer from 0 to 8)"},
      {"network: {loss: 1.5}\n", "test.yaml:1:17: network.loss: the probability '1.5' is above 1"},
      {"nodes: 4\nmining: {miners: 5}\n",
       "test.yaml:2:18: mining.miners: 5 is out of range (expected an integer from 0 to 4)"},
      {"nodes: 4\nmining: {miners: 3, hash_shares: [1, 2]}\n",
       "test.yaml:2:34: mining.hash_shares: has 2 shares for 3 miners (expected one share per "
       "miner)"},
      {"nodes: 2\nmining: {hash_shares: [0, 0]}\n",
       "test.yaml:2:23: mining.hash_shares: all shares are 0"},
      {"nodes: 2\nmining: {hash_shares: [1, -1]}\n",
       "test.yaml:2:27: mining.hash_shares[1]: -1 is out of range"},
      {"nodes: 5\nnetwork: {topology: {kind: random-regular, degree: 3}}\n",
       "test.yaml:2:52: network.topology.degree: no graph has 5 nodes of odd degree 3"},
      {"nodes: 5\nnetwork: {topology: {kind: small-world, degree: 3}}\n",
       "test.yaml:2:49: network.topology.degree: degree 3 is odd"},
      {"nodes: 4\nnetwork: {topology: small-world}\n",
       "test.yaml:2:21: network.topology.degree: degree 4 needs more than 4 nodes"},
      {"nodes: 3\nnetwork: {topology: {kind: edges, edges: [[0, 3]]}}\n",
       "test.yaml:2:43: network.topology.edges[0]: node 3 does not exist (expected node indices "
       "from 0 to 2)"},
      {"network: {topology: {kind: edges, edges: [[1, 1]]}}\n",
       "test.yaml:1:43: network.topology.edges[0]: a node cannot link to itself"},
      {"network: {topology: {kind: regions, table: no-such-table.yaml}}\n",
       "test.yaml:1:44: network.topology.table: no region table 'no-such-table.yaml'"},
      {"network: {latency: {law: uniform, min: 2s, max: 1s}}\n",
       "test.yaml:1:49: network.latency.max: 1s is below min 2s (expected min <= max)"},
      {"network: {latency: {law: pareto-mean, mean: 5ms}}\n",
       "test.yaml:1:45: network.latency.mean: the regions rule"},
      {"network: {latency: {law: pareto-mean, mean: 5ms, shape: 1}}\n",
       "test.yaml:1:57: network.latency.shape: 1 has no finite mean"},
      {"network: {bandwidth: {up: 0 Mbit/s}}\n",
       "test.yaml:1:27: network.bandwidth.up: a bit rate of 0 would stop all traffic"},
      {"protocol: {request_timeout: 0s}\n",
       "test.yaml:1:29: protocol.request_timeout: 0s is too short"},
      {"sample_interval: 0\n", "test.yaml:1:18: sample_interval: 0 is too short"},
      {"name: ''\n", "test.yaml:1:7: name: expected a non-empty name on one line"},
  };
  for (const Case& c : cases) {
    const std::string error = ErrorOf(c.yaml);
    EXPECT_THAT(error, StartsWith(c.expected_start)) << c.yaml << "gave: " << error;
  }
}

TEST(ScenarioLoaderTest, YamlSyntaxErrorsKeepTheirPosition) {
  const std::string error = ErrorOf("name: x\nnodes: [1, 2\nseed: 3\n");
  EXPECT_THAT(error, StartsWith("test.yaml:")) << error;
  EXPECT_THAT(error, HasSubstr("YAML syntax error")) << error;
  EXPECT_THAT(error, ::testing::Not(StartsWith("test.yaml:1:")));

  const std::string tab = ErrorOf("name: x\n  bad indent: [\n");
  EXPECT_THAT(tab, StartsWith("test.yaml:2:")) << tab;

  EXPECT_THAT(ErrorOf("name: a\n---\nname: b\n"),
              StartsWith("test.yaml:3:1: a second YAML document (expected one scenario per "
                         "file)"));
  EXPECT_THAT(ErrorOf("- 1\n- 2\n"),
              StartsWith("test.yaml:1:1: expected a map of keys, got a list"));
  EXPECT_THAT(ErrorOf("nodes: 3\nnodes: 4\n"),
              StartsWith("test.yaml:2:1: nodes: duplicate key (first given at line 1"));
}

TEST(ScenarioLoaderTest, PartitionGroupsAcceptRangesAndListsAndMustNotOverlap) {
  const Scenario s = ParseScenario(
      "nodes: 10\ntimeline:\n  - {at: 1min, partition: {a: 0-2, b: [3, 5-6, 9], c: 4}}\n"
      "  - {at: 2min, heal: true}\n",
      "t.yaml");
  const auto& p = As<PartitionAction>(s.timeline[0]);
  EXPECT_EQ(p.group_names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p.groups[0], (std::vector<NodeIndex>{0, 1, 2}));
  EXPECT_EQ(p.groups[1], (std::vector<NodeIndex>{3, 5, 6, 9}));
  EXPECT_EQ(p.groups[2], (std::vector<NodeIndex>{4}));

  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {a: 0-5, b: [5, 6]}}]\n"),
              StartsWith("test.yaml:2:47: timeline[0].partition.b: node 5 is already in group 'a' "
                         "(expected groups "
                         "that do not overlap)"));
  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {a: 0-10}}]\n"),
              StartsWith("test.yaml:2:38: timeline[0]: node 10 does not exist (expected a node "
                         "index from 0 to 9: 10 nodes at the start + 0 joining)"));
  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {a: 5-2}}]\n"),
              StartsWith("test.yaml:2:38: timeline[0].partition.a: the range '5-2' is empty"));
  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {a: [1, 1]}}]\n"),
              StartsWith("test.yaml:2:42: timeline[0].partition.a: node 1 is listed twice"));
  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {rest: 1}}]\n"),
              HasSubstr("the group name 'rest' is reserved"));
  EXPECT_THAT(ErrorOf("nodes: 10\ntimeline: [{at: 1min, partition: {a: x-y}}]\n"),
              HasSubstr("'x-y' is not a node range"));
}

TEST(ScenarioLoaderTest, TimelineIsSortedStablyAndChecked) {
  const Scenario s = ParseScenario(
      "nodes: 4\ntimeline:\n"
      "  - {at: 3min, restart: 1}\n"
      "  - {at: 1min, crash: 1}\n"
      "  - {at: 2min, crash: 2}\n"
      "  - {at: 2min, crash: 3}\n"
      "  - {at: 1min, crash: 0}\n",
      "t.yaml");
  ASSERT_EQ(s.timeline.size(), 5u);
  std::vector<int> lines;
  for (const TimelineEvent& e : s.timeline) lines.push_back(e.line);
  EXPECT_EQ(lines, (std::vector<int>{4, 7, 5, 6, 3}));

  EXPECT_THAT(ErrorOf("timeline: [{at: 2h, heal: true}]\n"),
              StartsWith("test.yaml:1:17: timeline[0].at: 2h is after the end of the run "
                         "(expected a time from 0s to the duration, 1h)"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min, heal: true}]\n"),
              StartsWith("test.yaml:1:12: timeline[0]: heal at 1min but no partition is in force"));
  EXPECT_THAT(ErrorOf("timeline:\n  - {at: 2min, restart: 3}\n  - {at: 5min, crash: 3}\n"),
              StartsWith("test.yaml:2:25: timeline[0]: node 3 is not crashed at 2min"));
  EXPECT_THAT(ErrorOf("timeline:\n  - {at: 2min, crash: 3}\n  - {at: 5min, crash: 3}\n"),
              StartsWith("test.yaml:3:23: timeline[1]: node 3 is already crashed at 5min"));
  EXPECT_THAT(ErrorOf("nodes: 3\ntimeline:\n  - {at: 2min, crash: 3}\n  - {at: 5min, join: 1}\n"),
              StartsWith("test.yaml:3:23: timeline[0]: node 3 has not joined yet at 2min"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min}]\n"),
              StartsWith("test.yaml:1:12: timeline[0]: the event has no action"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min, crash: 1, restart: 1}]\n"),
              StartsWith("test.yaml:1:33: timeline[0]: two actions, 'crash' and 'restart'"));
  EXPECT_THAT(ErrorOf("timeline: [{crash: 1}]\n"),
              StartsWith("test.yaml:1:12: timeline[0]: missing key 'at'"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min, crsh: 1}]\n"),
              StartsWith("test.yaml:1:23: unknown key 'crsh' in timeline[0]; did you mean "
                         "'crash'?"));
  EXPECT_THAT(ErrorOf("nodes: 3\ntimeline: [{at: 1min, join: {count: 1, peers: 4}}]\n"),
              HasSubstr("only 3 nodes are present at 1min"));
  EXPECT_THAT(ErrorOf("timeline:\n  - {at: 1min, crash: 2}\n"
                      "  - {at: 2min, transaction: {node: 2, sender: a, recipient: b, "
                      "amount: 1}}\n"),
              HasSubstr("node 2 is crashed at 2min"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min, heal: false}]\n"),
              HasSubstr("heal: false does nothing"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1min, transaction: {node: 1, sender: a}}]\n"),
              HasSubstr("missing key 'recipient'"));
}

TEST(ScenarioLoaderTest, JoiningNodesCanBeNamedAfterTheyJoin) {
  const Scenario s = ParseScenario(
      "nodes: 3\ntimeline:\n  - {at: 5min, crash: 4}\n  - {at: 1min, join: {count: 2, peers: 2}}\n",
      "t.yaml");
  EXPECT_EQ(TotalNodes(s), 5);
  EXPECT_TRUE(std::holds_alternative<JoinAction>(s.timeline[0].action));
  EXPECT_EQ(As<CrashAction>(s.timeline[1]).nodes, (std::vector<NodeIndex>{4}));
}

TEST(ScenarioLoaderTest, HashShareMayMakeANonMinerOrAJoinedNodeMine) {
  const Scenario s = ParseScenario(
      "nodes: 3\nmining: {miners: 1}\ntimeline:\n  - {at: 1min, join: 1}\n"
      "  - {at: 2min, hash_share: {nodes: [2, 3], share: 4}}\n",
      "t.yaml");
  EXPECT_EQ(As<HashShareAction>(s.timeline[1]).nodes, (std::vector<NodeIndex>{2, 3}));
  EXPECT_THAT(ErrorOf("nodes: 3\ntimeline:\n  - {at: 1min, hash_share: {nodes: 3, share: 4}}\n"
                      "  - {at: 2min, join: 1}\n"),
              HasSubstr("node 3 has not joined yet at 1min"));
}

TEST(ScenarioLoaderTest, ForgeTakesANodeAndOptionalSettings) {
  const Scenario s = ParseScenario(
      "nodes: 5\ntimeline:\n  - {at: 1min, forge: {node: 4}}\n"
      "  - {at: 2min, forge: {node: 3, depth: 0, amount: 5, extra_blocks: 4}}\n",
      "t.yaml");
  ASSERT_EQ(s.timeline.size(), 2u);
  EXPECT_EQ(As<ForgeAction>(s.timeline[0]).node, 4u);
  EXPECT_EQ(As<ForgeAction>(s.timeline[0]).forgery, ForgeryConfig{});
  EXPECT_EQ(As<ForgeAction>(s.timeline[1]).forgery,
            (ForgeryConfig{.depth = 0, .amount = 5, .extra_blocks = 4}));

  EXPECT_EQ(ErrorOf("nodes: 5\nprotocol: {kind: push}\ntimeline: [{at: 1min, forge: {node: 4}}]\n"),
            "test.yaml:3:30: timeline[0].forge: a forging node answers chain requests, which only "
            "the pull protocol sends (expected protocol.kind: pull)");
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, forge: {depth: 1}}]\n"),
              HasSubstr("missing key 'node'"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, forge: {node: 5}}]\n"),
              StartsWith("test.yaml:2:37: timeline[0]: node 5 does not exist"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, forge: {node: 1, extra_blocks: 0}}]\n"),
              StartsWith("test.yaml:2:54: timeline[0].forge.extra_blocks:"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, forge: {node: 1, depth: -1}}]\n"),
              StartsWith("test.yaml:2:47: timeline[0].forge.depth:"));
  EXPECT_THAT(ErrorOf("nodes: 5\ntimeline: [{at: 1min, forge: {node: 1, amont: 3}}]\n"),
              HasSubstr("did you mean 'amount'?"));
}

TEST(ScenarioLoaderTest, DefaultJoinPeersShrinkToTheNodesPresent) {
  const Scenario s = ParseScenario(
      "nodes: 2\ntimeline:\n  - {at: 1min, join: 1}\n  - {at: 2min, join: 3}\n"
      "  - {at: 3min, join: 1}\n",
      "t.yaml");
  ASSERT_EQ(s.timeline.size(), 3u);
  EXPECT_EQ(As<JoinAction>(s.timeline[0]).peers, 2);
  EXPECT_EQ(As<JoinAction>(s.timeline[1]).peers, 3);
  EXPECT_EQ(As<JoinAction>(s.timeline[2]).peers, 4);
}

TEST(ScenarioLoaderTest, TransactionRelayIsOffUnlessAskedFor) {
  EXPECT_FALSE(ParseScenario("", "test.yaml").protocol.transaction_relay);
  EXPECT_TRUE(ParseScenario("protocol: {kind: push, transaction_relay: true}\n", "test.yaml")
                  .protocol.transaction_relay);
  EXPECT_EQ(ErrorOf("protocol:\n  transaction_relay: 1s\n"),
            "test.yaml:2:22: protocol.transaction_relay: got '1s' (expected true or false)");
  EXPECT_THAT(ErrorOf("transaction_relay: true\n"),
              AllOf(StartsWith("test.yaml:1:1: "), HasSubstr("protocol")));
}

TEST(ScenarioLoaderTest, TransactionAmountKeepsIntegerOrFloat) {
  const Scenario s = ParseScenario(
      "timeline: [{at: 1s, transaction: {node: 0, sender: a, recipient: b, amount: 2.5}}]\n",
      "t.yaml");
  const Json& transaction = As<TransactionAction>(s.timeline[0]).transaction;
  EXPECT_TRUE(transaction["amount"].is_number_float());
  EXPECT_EQ(transaction["amount"].get<double>(), 2.5);
}

TEST(ScenarioLoaderTest, LoadsFilesAndReportsUnreadableOnes) {
  try {
    LoadScenarioFile("/no/such/dir/scenario.yaml");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), StartsWith("/no/such/dir/scenario.yaml: cannot open")) << e.what();
  }
}

// Issue 10: text that is not UTF-8 used to pass the loader and abort every
// JSON writer later (validate --json, run --json, run --out after the run).
TEST(ScenarioLoaderTest, TextThatIsNotUtf8IsRefusedWithItsPosition) {
  EXPECT_EQ(ErrorOf("nodes: 2\nname: caf\xe9\n"),
            "test.yaml:2:7: name: the text is not valid UTF-8 (byte 4 of the value; expected UTF-8 "
            "text)");
  EXPECT_THAT(ErrorOf("description: \"\xc3\x28\"\n"),
              StartsWith("test.yaml:1:14: description: the text is not valid UTF-8 (byte 1"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1s, partition: {\"\xed\xa0\x80\": 0}}]\n"),
              StartsWith("test.yaml:1:33: timeline[0].partition: the text is not valid UTF-8"));
  EXPECT_THAT(ErrorOf("timeline: [{at: 1s, transaction: {node: 0, sender: \xff, recipient: b, "
                      "amount: 1}}]\n"),
              StartsWith("test.yaml:1:52: timeline[0].transaction.sender: the text is not valid"));
  EXPECT_EQ(ParseScenario("name: caf\xc3\xa9 \xe2\x82\xac\n", "t.yaml").name,
            "caf\xc3\xa9 \xe2\x82\xac");
}

// Issue 10: node ranges used to expand without bound (3 kB of ranges gave
// over 1 GB in `validate`).
TEST(ScenarioLoaderTest, NodeListsNameAtMostTenMillionNodesInAll) {
  // Ten lists of a million nodes are read (the eleventh list fails, not an
  // earlier one); the eleventh's first item goes beyond.
  std::string yaml = "nodes: 1000000\nduration: 1h\ntimeline:\n";
  for (int i = 0; i < 5; ++i) {
    yaml += "  - {at: " + std::to_string(2 * i + 1) + "s, crash: 0-999999}\n";
    yaml += "  - {at: " + std::to_string(2 * i + 2) + "s, restart: 0-999999}\n";
  }
  EXPECT_EQ(ErrorOf(yaml + "  - {at: 20s, crash: [5, 7-8]}\n"),
            "test.yaml:14:23: timeline[10].crash: the node lists of this scenario name more than "
            "10000000 nodes in all (expected at most 10000000 node indices, ranges counted in "
            "full)");
}

// Issue 10: a directory was read as an empty scenario and ran the defaults.
TEST(ScenarioLoaderTest, ADirectoryIsNotAScenarioFile) {
  const std::string folder = ::testing::TempDir();
  try {
    LoadScenarioFile(folder);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), folder + ": is a directory (expected a readable YAML file)");
  }
}

TEST(ScenarioLoaderTest, FilesAboveTheSizeLimitAreRefusedUnread) {
  const std::string path = ::testing::TempDir() + "/huge.yaml";
  std::ofstream(path) << "# " << std::string(kMaxScenarioFileBytes, 'x') << "\n";
  try {
    LoadScenarioFile(path);
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": the file is larger than 4194304 bytes (expected a readable YAML file)");
  }
}

// Issue 10: a region table was only checked for existence, so a binary file
// passed `validate` and failed in `run`.
TEST(ScenarioLoaderTest, TheRegionTableIsReadWithTheScenario) {
  const std::string table = ::testing::TempDir() + "/binary-table.dat";
  constexpr char kBinary[] =
      "\x7f"
      "ELF\x02\x01\x01\0\0\0{[\x90\xff";
  std::ofstream(table, std::ios::binary) << std::string(kBinary, sizeof kBinary - 1);
  EXPECT_THAT(ErrorOf("network: {topology: {kind: regions, table: " + table + "}}\n"),
              StartsWith("test.yaml:1:44: network.topology.table: bad region table: " +
                         std::filesystem::path(table).lexically_normal().string() + ":"));
  const std::string folder = ::testing::TempDir() + "/regions-folder";
  std::filesystem::create_directories(folder);
  EXPECT_THAT(ErrorOf("network: {topology: {kind: regions, table: " + folder + "}}\n"),
              StartsWith("test.yaml:1:44: network.topology.table: no region table"));
}

// These used to pass the loader and stop `run` midway (an uncaught error
// from the network, a check failure in the engine).
TEST(ScenarioLoaderTest, PartitionGroupsNameOnlyNodesPresentThen) {
  EXPECT_EQ(ErrorOf("nodes: 4\ntimeline:\n  - {at: 1min, partition: {a: [0, 4]}}\n"
                    "  - {at: 2min, join: 1}\n"),
            "test.yaml:3:35: timeline[0]: node 4 has not joined yet at 1min (expected one of the 4 "
            "nodes present then, 0 to 3)");
  EXPECT_NO_THROW(
      ParseScenario("nodes: 4\ntimeline:\n  - {at: 1min, join: 1}\n"
                    "  - {at: 2min, partition: {a: [0, 4]}}\n",
                    "t.yaml"));
}

TEST(ScenarioLoaderTest, AParetoLawWithAShapeNeedsAMeanAboveZero) {
  EXPECT_EQ(ErrorOf("network: {latency: {law: pareto-mean, mean: 0, shape: 2}}\n"),
            "test.yaml:1:45: network.latency.mean: a Pareto law needs a mean above 0 (expected "
            "mean > 0)");
}

TEST(ScenarioLoaderTest, TimeValuesStayWithinFiftyThousandDays) {
  EXPECT_EQ(ErrorOf("duration: 50001d\n"),
            "test.yaml:1:11: duration: 50001d is too long (expected at most 50000d)");
  EXPECT_THAT(ErrorOf("protocol: {resolve_interval: 100000d}\n"),
              StartsWith("test.yaml:1:30: protocol.resolve_interval: 100000d is too long"));
  EXPECT_EQ(ParseScenario("duration: 50000d\n", "t.yaml").duration, kMaxScenarioTime);
}

}  // namespace
}  // namespace chainsim::sim
