#include "sim/sweep/parameter_path.h"

#include <gtest/gtest.h>

#include <string>

namespace chainsim::sim {
namespace {

std::string Emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

std::vector<PathStep> Steps(const std::string& text) { return ParseParameterPath(text).value(); }

TEST(ParameterPathTest, ReadsKeysAndIndicesAsTheLoaderWritesThem) {
  const std::vector<PathStep> steps = Steps("timeline[1].partition.east");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(std::get<std::string>(steps[0]), "timeline");
  EXPECT_EQ(std::get<std::size_t>(steps[1]), 1u);
  EXPECT_EQ(std::get<std::string>(steps[3]), "east");
  EXPECT_EQ(PathText(steps), "timeline[1].partition.east");
  EXPECT_EQ(PathText(Steps("mining.hash_shares[0]")), "mining.hash_shares[0]");
}

TEST(ParameterPathTest, RefusesMalformedPaths) {
  for (const char* bad : {"", ".a", "a.", "a..b", "a[", "a[x]", "a b", "[0]", "a[1234567]"}) {
    EXPECT_FALSE(ParseParameterPath(bad).ok()) << bad;
  }
}

TEST(ParameterPathTest, SetsAnExistingValueAndAddsMissingKeys) {
  YAML::Node root = YAML::Load("nodes: 5\nprotocol: {kind: push}\n");
  ASSERT_TRUE(SetAt(root, Steps("protocol.block_size"), YAML::Node("1MB")).ok());
  ASSERT_TRUE(SetAt(root, Steps("nodes"), YAML::Node("7")).ok());
  ASSERT_TRUE(SetAt(root, Steps("network.topology.kind"), YAML::Node("ring")).ok());
  EXPECT_EQ(root["protocol"]["kind"].Scalar(), "push");
  EXPECT_EQ(root["protocol"]["block_size"].Scalar(), "1MB");
  EXPECT_EQ(root["nodes"].Scalar(), "7");
  EXPECT_EQ(root["network"]["topology"]["kind"].Scalar(), "ring");
}

TEST(ParameterPathTest, SetsAListEntryAndAMapValue) {
  YAML::Node root =
      YAML::Load("timeline:\n  - {at: 1min, heal: true}\n  - {at: 2min, heal: true}\n");
  ASSERT_TRUE(SetAt(root, Steps("timeline[1].at"), YAML::Node("5min")).ok());
  EXPECT_EQ(root["timeline"][1]["at"].Scalar(), "5min");
  EXPECT_EQ(root["timeline"][0]["at"].Scalar(), "1min");
  ASSERT_TRUE(
      SetAt(root, Steps("network.topology"), YAML::Load("{kind: small-world, degree: 6}")).ok());
  EXPECT_EQ(root["network"]["topology"]["degree"].Scalar(), "6");
}

TEST(ParameterPathTest, RefusesAKeyUnderASingleValueAndLeavesTheTreeAlone) {
  YAML::Node root = YAML::Load("network: {topology: ring}\n");
  const std::string before = Emit(root);
  const Result<void> set = SetAt(root, Steps("network.topology.kind"), YAML::Node("mesh"));
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().message.find("network.topology is a single value"), std::string::npos)
      << set.error().message;
  EXPECT_EQ(Emit(root), before);
}

TEST(ParameterPathTest, RefusesAnIndexBeyondTheList) {
  YAML::Node root = YAML::Load("timeline: [{at: 1min, heal: true}]\n");
  const Result<void> set = SetAt(root, Steps("timeline[3].at"), YAML::Node("1s"));
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.error().message.find("timeline has 1 entries"), std::string::npos)
      << set.error().message;
  EXPECT_FALSE(SetAt(root, Steps("nodes[0]"), YAML::Node("1")).ok());
}

TEST(ParameterPathTest, DoesNotShareTheValueBetweenTrees) {
  const YAML::Node value = YAML::Load("{kind: ring}");
  YAML::Node a = YAML::Load("{}");
  YAML::Node b = YAML::Load("{}");
  ASSERT_TRUE(SetAt(a, Steps("topology"), value).ok());
  ASSERT_TRUE(SetAt(b, Steps("topology"), value).ok());
  a["topology"]["kind"] = "line";
  EXPECT_EQ(b["topology"]["kind"].Scalar(), "ring");
  EXPECT_EQ(value["kind"].Scalar(), "ring");
}

TEST(ParameterPathTest, PrefixesFollowPathParts) {
  EXPECT_TRUE(PathHasPrefix("network.topology.kind", "network.topology"));
  EXPECT_TRUE(PathHasPrefix("timeline[1].at", "timeline[1]"));
  EXPECT_TRUE(PathHasPrefix("timeline[1].at", "timeline"));
  EXPECT_TRUE(PathHasPrefix("nodes", "nodes"));
  EXPECT_FALSE(PathHasPrefix("network.topology_x", "network.topology"));
  EXPECT_FALSE(PathHasPrefix("network", "network.topology"));
}

}  // namespace
}  // namespace chainsim::sim
