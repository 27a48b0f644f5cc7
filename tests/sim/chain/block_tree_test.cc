#include "sim/chain/block_tree.h"

#include <gtest/gtest.h>

#include "core/blockchain.h"
#include "core/check.h"
#include "core/json.h"
#include "tests/sim/chain/child_block.h"

namespace chainsim::sim {
namespace {

// genesis(0) - a(1) - b(2) - c(3)
//                  \- d(4) - e(5)
class BlockTreeTest : public ::testing::Test {
 protected:
  BlockTreeTest() : tree_(MakeGenesis(1.0)) {
    a_ = tree_.Add(ChildBlock(tree_[0].block, 1), 0, 0, 10, 1.5);
    b_ = tree_.Add(ChildBlock(tree_[a_].block, 2), a_, 1, 20, 2.0);
    c_ = tree_.Add(ChildBlock(tree_[b_].block, 3), b_, 0, 30);
    d_ = tree_.Add(ChildBlock(tree_[a_].block, 4), a_, 2, 25, 0.5);
    e_ = tree_.Add(ChildBlock(tree_[d_].block, 5), d_, 2, 35);
  }
  BlockTree tree_;
  BlockId a_, b_, c_, d_, e_;
};

TEST_F(BlockTreeTest, GivesDenseIdsInCreationOrderWithHeightsAndWork) {
  EXPECT_EQ(tree_.size(), 6U);
  EXPECT_EQ((std::vector<BlockId>{a_, b_, c_, d_, e_}), (std::vector<BlockId>{1, 2, 3, 4, 5}));
  EXPECT_EQ(tree_[0].parent, kNoBlock);
  EXPECT_EQ(tree_[0].miner, kNoMiner);
  EXPECT_EQ(tree_[e_].height, 3U);
  EXPECT_EQ(tree_[e_].miner, 2U);
  EXPECT_EQ(tree_[e_].mined_at, 35);
  EXPECT_DOUBLE_EQ(tree_[b_].chain_work, 3.5);
  EXPECT_DOUBLE_EQ(tree_[d_].chain_work, 2.0);
}

TEST_F(BlockTreeTest, FindsIdsOfItsOwnBlocksOnly) {
  EXPECT_EQ(tree_.IdOf(tree_[d_].block), d_);
  EXPECT_EQ(tree_.IdOf(ChildBlock(tree_[0].block, 1)), kNoBlock);  // equal content, another object
}

TEST_F(BlockTreeTest, CommonAncestorAndAncestry) {
  EXPECT_EQ(tree_.CommonAncestor(c_, e_), a_);
  EXPECT_EQ(tree_.CommonAncestor(e_, b_), a_);
  EXPECT_EQ(tree_.CommonAncestor(c_, b_), b_);
  EXPECT_EQ(tree_.CommonAncestor(c_, c_), c_);
  EXPECT_TRUE(tree_.IsAncestor(a_, e_));
  EXPECT_TRUE(tree_.IsAncestor(e_, e_));
  EXPECT_FALSE(tree_.IsAncestor(b_, e_));
  EXPECT_FALSE(tree_.IsAncestor(e_, a_));
}

TEST_F(BlockTreeTest, ChainToIsTheBranchFromGenesis) {
  const Chain chain = tree_.ChainTo(e_);
  ASSERT_EQ(chain.size(), 4U);
  EXPECT_EQ(chain[0], tree_[0].block);
  EXPECT_EQ(chain[1], tree_[a_].block);
  EXPECT_EQ(chain[2], tree_[d_].block);
  EXPECT_EQ(chain[3], tree_[e_].block);
}

TEST_F(BlockTreeTest, RejectsABlockThatDoesNotFollowItsParent) {
  EXPECT_DEATH(tree_.Add(ChildBlock(tree_[b_].block, 9), c_, 0, 40), "");
}

}  // namespace
}  // namespace chainsim::sim
