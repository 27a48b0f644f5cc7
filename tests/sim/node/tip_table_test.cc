#include "sim/node/tip_table.h"

#include <gtest/gtest.h>

#include "core/blockchain.h"
#include "tests/sim/chain/child_block.h"

namespace chainsim::sim {
namespace {

TEST(TipTableTest, EveryNodeStartsAtGenesis) {
  const TipTable tips(3);
  EXPECT_EQ(tips.size(), 3U);
  for (NodeIndex node = 0; node < 3; ++node) EXPECT_EQ(tips.Tip(node), 0U);
}

TEST(TipTableTest, MovesOneNodeOnly) {
  TipTable tips(3);
  tips.Move(1, 7);
  EXPECT_EQ(tips.Tip(0), 0U);
  EXPECT_EQ(tips.Tip(1), 7U);
  EXPECT_EQ(tips.Tip(2), 0U);
}

// The snapshot is the branch ending at the tip, made once per tip and shared
// until the tip moves.
TEST(TipTableTest, SnapshotIsTheBranchToTheTipMadeOncePerTip) {
  BlockTree tree(MakeGenesis(1.0));
  const BlockId a = tree.Add(ChildBlock(tree[0].block, 1), 0, 0, 10);
  const BlockId b = tree.Add(ChildBlock(tree[a].block, 2), a, 0, 20);
  TipTable tips(2);
  tips.Move(0, a);
  const auto first = tips.Snapshot(0, tree);
  ASSERT_EQ(first->size(), 2U);
  EXPECT_EQ(first->back(), tree[a].block);
  EXPECT_EQ(tips.Snapshot(0, tree), first);  // the same vector, not a copy
  tips.Move(0, b);
  const auto second = tips.Snapshot(0, tree);
  EXPECT_NE(second, first);
  ASSERT_EQ(second->size(), 3U);
  EXPECT_EQ(second->back(), tree[b].block);
  EXPECT_EQ(first->size(), 2U);  // a snapshot handed out stays as it was
  EXPECT_EQ(tips.Snapshot(1, tree)->size(), 1U);
}

// Moving one node drops its snapshot only; each move of a node drops the
// snapshot made since the last one.
TEST(TipTableTest, AMoveDropsOnlyThatNodesSnapshotEveryTime) {
  BlockTree tree(MakeGenesis(1.0));
  BlockId tip = 0;
  TipTable tips(2);
  const auto other = tips.Snapshot(1, tree);
  for (int round = 1; round <= 3; ++round) {
    const auto before = tips.Snapshot(0, tree);
    tip = tree.Add(ChildBlock(tree[tip].block, round), tip, 0, 10 * round);
    tips.Move(0, tip);
    const auto after = tips.Snapshot(0, tree);
    EXPECT_NE(after, before) << round;
    EXPECT_EQ(after->size(), static_cast<std::size_t>(round) + 1) << round;
    EXPECT_EQ(tips.Snapshot(1, tree), other) << round;  // untouched
  }
}

}  // namespace
}  // namespace chainsim::sim
