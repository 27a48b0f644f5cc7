#include "sim/net/graph_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace chainsim::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// `n` nodes with the given undirected links.
Topology Graph(int n, const std::vector<std::pair<NodeIndex, NodeIndex>>& links) {
  Topology t;
  t.peers.resize(static_cast<std::size_t>(n));
  for (const auto& [a, b] : links) {
    t.peers[a].push_back(b);
    t.peers[b].push_back(a);
  }
  for (auto& peers : t.peers) std::sort(peers.begin(), peers.end());
  return t;
}

Scenario WithPartition(std::vector<std::vector<NodeIndex>> groups) {
  Scenario s;
  PartitionAction partition;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    partition.group_names.push_back(std::string(1, static_cast<char>('a' + g)));
  }
  partition.groups = std::move(groups);
  s.timeline.push_back(TimelineEvent{60 * kSecond, partition});
  return s;
}

TEST(GraphWarningsTest, AConnectedGraphWithoutPartitionsGivesNone) {
  EXPECT_TRUE(GraphWarnings(Graph(3, {{0, 1}, {1, 2}}), Scenario{}).empty());
}

TEST(GraphWarningsTest, ADisconnectedStartNamesItsParts) {
  EXPECT_THAT(GraphWarnings(Graph(5, {{0, 1}, {1, 2}, {3, 4}}), Scenario{}),
              ElementsAre("the network is disconnected at the start: 2 parts of 3, 2 nodes; "
                          "blocks never cross between them"));
}

TEST(GraphWarningsTest, AGroupMemberWithoutALinkInsideItsGroupIsNamed) {
  // Ring 0-1-2-3-4-0 split {0, 1, 2} | {3, 4}: fine. Split {0, 2} | {1, 3, 4}:
  // 0 and 2 are not linked to each other, nor 1 to 3 or 4.
  const Topology ring = Graph(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}});
  EXPECT_TRUE(GraphWarnings(ring, WithPartition({{0, 1, 2}, {3, 4}})).empty());
  EXPECT_THAT(GraphWarnings(ring, WithPartition({{0, 2}, {1, 3, 4}})),
              ElementsAre("the partition at 1min: group 'a': nodes 0, 2 have no link to another "
                          "node of the group and will hear of no block during the split",
                          "the partition at 1min: group 'b': node 1 has no link to another "
                          "node of the group and will hear of no block during the split"));
}

TEST(GraphWarningsTest, AGroupInTwoLinkedPartsIsReported) {
  // Line 0-1-2-3-4-5; group a = {0, 1, 4, 5} holds two linked pairs.
  const Topology line = Graph(6, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 5}});
  const std::vector<std::string> warnings = GraphWarnings(line, WithPartition({{0, 1, 4, 5}}));
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_THAT(warnings[0], HasSubstr("group 'a' falls into 2 parts of linked nodes (2, 2 nodes)"));
}

}  // namespace
}  // namespace chainsim::sim
