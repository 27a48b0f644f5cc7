#include "sim/node/peer_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "sim/engine/random.h"

namespace chainsim::sim {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

std::vector<NodeIndex> ListOf(const PeerTable& table, NodeIndex node) {
  const std::span<const NodeIndex> peers = table.Of(node);
  return {peers.begin(), peers.end()};
}

TEST(PeerTableTest, StartsWithNoPeers) {
  const PeerTable table(3);
  EXPECT_EQ(table.size(), 3U);
  for (NodeIndex node = 0; node < 3; ++node) EXPECT_THAT(ListOf(table, node), IsEmpty());
}

TEST(PeerTableTest, KeepsEachNodesPeersInTheOrderAdded) {
  PeerTable table(3);
  table.Append(0, 2);
  table.Append(1, 0);
  table.Append(0, 1);
  EXPECT_THAT(ListOf(table, 0), ElementsAre(2, 1));
  EXPECT_THAT(ListOf(table, 1), ElementsAre(0));
  EXPECT_THAT(ListOf(table, 2), IsEmpty());
}

TEST(PeerTableTest, AListLongerThanABlockKeepsItsOrderAndCanBeClearedAndRefilled) {
  const std::size_t n = 3 * PeerTable::kInline;
  PeerTable table(n + 1);
  std::vector<NodeIndex> expected;
  for (NodeIndex peer = 1; peer <= n; ++peer) {
    table.Append(0, peer);
    expected.push_back(peer);
    ASSERT_THAT(ListOf(table, 0), ElementsAreArray(expected)) << "after " << peer << " peers";
  }
  table.Clear(0);
  EXPECT_THAT(ListOf(table, 0), IsEmpty());
  table.Append(0, 7);
  EXPECT_THAT(ListOf(table, 0), ElementsAre(7));
}

TEST(PeerTableTest, ChangingOtherNodesListsLeavesASpanValid) {
  // Spans of a short (inline) and a long list are held while many other
  // nodes' long lists are made, grown and dropped.
  constexpr NodeIndex kNodes = 200;
  PeerTable table(kNodes);
  std::vector<NodeIndex> short_list;
  std::vector<NodeIndex> long_list;
  for (NodeIndex peer = 0; peer < 5; ++peer) {
    table.Append(0, peer + 10);
    short_list.push_back(peer + 10);
  }
  for (NodeIndex peer = 0; peer < 2 * PeerTable::kInline; ++peer) {
    table.Append(1, peer + 100);
    long_list.push_back(peer + 100);
  }
  const std::span<const NodeIndex> held_short = table.Of(0);
  const std::span<const NodeIndex> held_long = table.Of(1);
  for (NodeIndex node = 2; node < kNodes; ++node) {
    for (NodeIndex peer = 0; peer < 2 * PeerTable::kInline; ++peer) table.Append(node, peer);
  }
  for (NodeIndex node = 2; node < kNodes; node += 2) table.Clear(node);
  EXPECT_THAT(std::vector<NodeIndex>(held_short.begin(), held_short.end()),
              ElementsAreArray(short_list));
  EXPECT_THAT(std::vector<NodeIndex>(held_long.begin(), held_long.end()),
              ElementsAreArray(long_list));
}

TEST(PeerTableTest, RandomAppendsAndClearsMatchAVectorPerNode) {
  constexpr std::size_t kNodes = 50;
  PeerTable table(kNodes);
  std::vector<std::vector<NodeIndex>> model(kNodes);
  Random rng(11);
  for (int step = 0; step < 20000; ++step) {
    const auto node = static_cast<NodeIndex>(rng.UniformInt(kNodes));
    if (rng.UniformInt(40) == 0) {
      table.Clear(node);
      model[node].clear();
    } else {
      const auto peer = static_cast<NodeIndex>(rng.UniformInt(1000));
      table.Append(node, peer);
      model[node].push_back(peer);
    }
    if (step % 97 == 0) {
      for (NodeIndex n = 0; n < kNodes; ++n) {
        ASSERT_THAT(ListOf(table, n), ElementsAreArray(model[n])) << "node " << n;
      }
    }
  }
  for (NodeIndex n = 0; n < kNodes; ++n) EXPECT_THAT(ListOf(table, n), ElementsAreArray(model[n]));
}

TEST(PeerTableTest, PrefetchChangesNothing) {
  PeerTable table(2);
  table.Append(1, 0);
  table.Prefetch(0);
  table.Prefetch(1);
  EXPECT_THAT(ListOf(table, 0), IsEmpty());
  EXPECT_THAT(ListOf(table, 1), ElementsAre(0));
}

}  // namespace
}  // namespace chainsim::sim
