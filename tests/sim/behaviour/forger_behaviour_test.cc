#include "sim/behaviour/forger_behaviour.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/behaviour/forgery.h"
#include "sim/behaviour/pull_behaviour.h"
#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;
using testing::QuietPull;

// The forger rewrites its tip block and appends one block.
constexpr ForgeryConfig kForgery{.depth = 0, .amount = 1000, .extra_blocks = 1};

// Node 0 resolves against node 1 (honest) and node 2 (forging).
class ForgerBehaviourTest : public ::testing::Test {
 protected:
  ForgerBehaviourTest() : host_(3), pull_(host_, 3, QuietPull()), forger_(host_, pull_, kForgery) {
    host_.AssignAll(&pull_);
    host_.Assign(2, &forger_);
    host_.Link(0, 1);
    host_.Link(0, 2);
    host_.Link(1, 2);
    host_.StartAll();
  }
  FakeHost host_;
  PullBehaviour pull_;
  ForgerBehaviour forger_;
};

TEST_F(ForgerBehaviourTest, ChainRequestsGetTheForgedChainWhichHonestNodesReject) {
  const BlockId honest = host_.MineOn(1);
  host_.MineOn(2);  // the forger's real chain: 2 blocks, as long as node 1's
  pull_.RequestResolve(0);
  host_.RunAll();
  // The forged chain is longer (extra blocks) and would win: rejected, with
  // the peer that sent it, at the block after the rewritten one.
  ASSERT_EQ(host_.rejections().size(), 1U);
  EXPECT_EQ(host_.rejections()[0].node, 0U);
  EXPECT_EQ(host_.rejections()[0].peer, 2U);
  const std::size_t position = ForgedBlockPosition(2, kForgery) + 1;
  EXPECT_NE(host_.rejections()[0].reason.find("position " + std::to_string(position)),
            std::string::npos)
      << host_.rejections()[0].reason;
  EXPECT_EQ(host_.adoptions(0), std::vector<BlockId>{honest});
}

TEST_F(ForgerBehaviourTest, TheForgerItselfResolvesHonestly) {
  host_.MineOn(1);
  const BlockId longer = host_.MineOn(1);
  pull_.RequestResolve(2);  // the forger's own resolve goes through the honest behaviour
  host_.RunAll();
  EXPECT_EQ(host_.Tip(2), longer);
  EXPECT_TRUE(host_.rejections().empty());  // node 1 sends its real chain
}

TEST_F(ForgerBehaviourTest, ANewChainStateIsForgedAfresh) {
  host_.MineOn(2);
  pull_.RequestResolve(0);
  host_.RunAll();
  host_.MineOn(2);  // the forger's chain changed: its next forged chain is longer
  pull_.RequestResolve(0);
  host_.RunAll();
  ASSERT_EQ(host_.rejections().size(), 2U);
  EXPECT_NE(host_.rejections()[0].reason.find("position 2"), std::string::npos);
  EXPECT_NE(host_.rejections()[1].reason.find("position 3"), std::string::npos);
}

}  // namespace
}  // namespace chainsim::sim
