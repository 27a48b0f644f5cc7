#include "sim/sweep/sweep_plan.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sim/engine/random.h"
#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

SweepPlan PlanOf(const std::string& text) {
  return SweepPlan::Make(ParseSweepFile(text, "s.yaml"), "test");
}

std::string PlanError(const std::string& text) {
  try {
    PlanOf(text);
  } catch (const SweepError& e) {
    return e.what();
  }
  return "(no error)";
}

const char* kGrid =
    "seed: 5\n"
    "replications: 3\n"
    "scenario: {nodes: 4, duration: 2min, network: {topology: ring}}\n"
    "parameters:\n"
    "  - {path: network.topology, values: [ring, full-mesh]}\n"
    "  - {path: protocol.block_size, values: [1kB, 2kB, 3kB]}\n";

TEST(SweepPlanTest, AGridVariesTheFirstParameterSlowest) {
  const SweepPlan plan = PlanOf(kGrid);
  ASSERT_EQ(plan.points().size(), 6u);
  EXPECT_EQ(plan.run_count(), 18u);
  EXPECT_EQ(plan.points()[0].value_index, (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(plan.points()[1].value_index, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(plan.points()[3].value_index, (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(plan.points()[3].scenario.network.topology.kind, TopologyKind::kFullMesh);
  EXPECT_EQ(plan.points()[3].scenario.protocol.block_wire_size, 1000u);
  EXPECT_EQ(plan.points()[5].scenario.protocol.block_wire_size, 3000u);
  EXPECT_EQ(plan.resolved()["points"][4]["values"]["protocol.block_size"], "2kB");
}

TEST(SweepPlanTest, PairedListsGoTogether) {
  const SweepPlan plan = PlanOf(
      "scenario: {nodes: 4, duration: 2min}\n"
      "combine: paired\n"
      "parameters:\n"
      "  - {path: nodes, values: [2, 3, 5]}\n"
      "  - {name: label, values: [two, three, five]}\n");
  ASSERT_EQ(plan.points().size(), 3u);
  EXPECT_EQ(plan.points()[2].scenario.nodes, 5);
  EXPECT_EQ(plan.resolved()["points"][2]["values"]["label"], "five");
}

TEST(SweepPlanTest, EachRunsSeedComesFromTheSweepSeedPointAndReplication) {
  const SweepPlan plan = PlanOf(kGrid);
  const PlannedRun run = plan.Run(7);  // point 2, replication 1
  EXPECT_EQ(run.point, 2u);
  EXPECT_EQ(run.replication, 1u);
  EXPECT_EQ(run.seed, DeriveSeed(DeriveSeed(5, "sweep-point", 2), "sweep-replication", 1));
  EXPECT_EQ(plan.RunScenario(run).seed, run.seed);
  std::set<std::uint64_t> seeds;
  for (std::size_t r = 0; r < plan.run_count(); ++r) seeds.insert(plan.Run(r).seed);
  EXPECT_EQ(seeds.size(), plan.run_count());
}

TEST(SweepPlanTest, ThePointsScenarioIsTheLoadersWithTheOverridesOnly) {
  const SweepPlan plan = PlanOf(kGrid);
  // Everything else is the base scenario's.
  EXPECT_EQ(plan.points()[0].scenario.nodes, 4);
  EXPECT_EQ(plan.points()[0].scenario.duration, 2 * 60 * kSecond);
  EXPECT_FALSE(plan.resolved()["points"][0]["scenario"].contains("seed"));
}

TEST(SweepPlanTest, APointTheLoaderRefusesIsReportedAtTheValueThatBrokeIt) {
  // Point 1 sets kind ring under a map that also has degree: line 5, column 45.
  EXPECT_EQ(PlanError("scenario:\n"
                      "  nodes: 6\n"
                      "  network: {topology: {kind: small-world, degree: 2}}\n"
                      "parameters:\n"
                      "  - {path: network.topology.kind, values: [small-world, ring]}\n"),
            "s.yaml:5:57: point 1 (network.topology.kind=ring): unknown key 'degree' in "
            "network.topology (kind ring) (allowed keys: kind)");
  // The loader's own words follow the point.
  const std::string error = PlanError(
      "scenario: {nodes: 3}\n"
      "parameters:\n"
      "  - {path: duration, values: [1min]}\n"
      "  - {path: protocol.block_size, values: [1kB, 5 parsecs]}\n");
  EXPECT_EQ(error.rfind("s.yaml:4:47: point 1 (duration=1min, protocol.block_size=5 parsecs): "
                        "protocol.block_size: ",
                        0),
            0u)
      << error;
  EXPECT_NE(error.find("parsecs", 80), std::string::npos) << error;
}

TEST(SweepPlanTest, APathThatDoesNotFitTheBaseIsReportedAtItsValue) {
  EXPECT_EQ(PlanError("scenario: {nodes: 3, network: {topology: ring}}\n"
                      "parameters:\n"
                      "  - path: network.topology.kind\n"
                      "    values: [line]\n"),
            "s.yaml:4:14: network.topology.kind: network.topology is a single value in the base "
            "scenario, so it has no key 'kind' (vary network.topology itself, or write it as a map "
            "in the base scenario)");
}

TEST(SweepPlanTest, TheFingerprintFollowsWhatDecidesResultsOnly) {
  const std::string base = PlanOf(kGrid).fingerprint();
  EXPECT_EQ(PlanOf(std::string("name: renamed\ndescription: new words\n") + kGrid).fingerprint(),
            base);
  std::string other_value = kGrid;
  other_value.replace(other_value.find("3kB"), 3, "4kB");
  EXPECT_NE(PlanOf(other_value).fingerprint(), base);
  std::string other_seed = kGrid;
  other_seed.replace(0, 7, "seed: 6");
  EXPECT_NE(PlanOf(other_seed).fingerprint(), base);
  EXPECT_NE(SweepPlan::Make(ParseSweepFile(kGrid, "s.yaml"), "other version").fingerprint(), base);
  EXPECT_EQ(SweepFingerprint(PlanOf(kGrid).resolved()), base);
}

TEST(SweepPlanTest, RefusesAGridOfMorePointsThanTheLimit) {
  EXPECT_NE(PlanError("scenario: {nodes: 3}\n"
                      "parameters:\n"
                      "  - {path: nodes, range: {from: 1, to: 200, step: 1}}\n"
                      "  - {path: duration, range: {from: 1s, to: 200s, step: 1s}}\n")
                .find("the grid has more than 20000 points"),
            std::string::npos);
}

TEST(SweepPlanTest, RefusesMoreRunsThanTheLimit) {
  EXPECT_NE(PlanError("scenario: {nodes: 3}\n"
                      "replications: 100000\n"
                      "parameters:\n"
                      "  - {path: duration, values: [1min, 2min, 3min]}\n")
                .find("more than 200000 runs"),
            std::string::npos);
}

}  // namespace
}  // namespace chainsim::sim
