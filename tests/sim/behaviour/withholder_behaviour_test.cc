#include "sim/behaviour/withholder_behaviour.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>

#include "tests/sim/behaviour/adversary_world.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

using testing::PushConfig;

// Node 0 withholds; nodes 1 and 2 are honest push nodes, all linked.
struct World : testing::AdversaryWorld {
  WithholderBehaviour* withholder;

  explicit World(SimTime release_after) : AdversaryWorld(3, {{0, 1}, {0, 2}, {1, 2}}) {
    auto behaviour = std::make_unique<WithholderBehaviour>(
        host, 0, WithholdConfig{.release_after = release_after}, PushConfig(),
        ForkChoice::kLongest);
    withholder = behaviour.get();
    HandOver(std::move(behaviour));  // the handshake, not the release
  }
};

TEST(WithholderBehaviourTest, ShowsNoBlockAndIgnoresThePublicChain) {
  World w(0);
  EXPECT_FALSE(w.withholder->released());
  const BlockId own = w.host.MineOn(0);
  w.host.MineOn(1);
  w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(0), own);  // still on its private branch
  EXPECT_EQ(w.host.Blocks()[w.host.Tip(1)].height, 2u);
  for (const FakeHost::Sent& sent : w.host.sent()) {
    EXPECT_FALSE(sent.from == 0 && sent.kind == MessageKind::kBlock);
  }
  ASSERT_EQ(w.host.attacks().size(), 2u);
  EXPECT_EQ(w.host.attacks()[1].step, AttackStep::kWithheld);
}

TEST(WithholderBehaviourTest, ALongerBranchReleasedLaterReplacesTheHonestChain) {
  World w(1 * kMinute);
  w.host.MineOn(0);
  w.host.MineOn(0);
  const BlockId top = w.host.MineOn(0);
  w.host.MineOn(1);
  w.host.RunUntil(59 * kSecond);
  EXPECT_FALSE(w.withholder->released());
  EXPECT_EQ(w.host.Blocks()[w.host.Tip(1)].miner, 1u);
  w.host.RunUntil(1 * kMinute + 1 * kSecond);
  EXPECT_TRUE(w.withholder->released());
  EXPECT_EQ(w.host.Tip(1), top);
  EXPECT_EQ(w.host.Tip(2), top);
  EXPECT_EQ(w.host.attacks().back().step, AttackStep::kPublished);
  EXPECT_EQ(w.host.attacks().back().count, 3u);
}

TEST(WithholderBehaviourTest, AShorterBranchReleasedLaterLosesAndTheMinerFollowsThePublicChain) {
  World w(1 * kMinute);
  w.host.MineOn(0);
  w.host.MineOn(1);
  const BlockId honest_top = w.host.MineOn(1);
  w.host.RunUntil(1 * kMinute + 1 * kSecond);
  EXPECT_EQ(w.host.Tip(0), honest_top);
  EXPECT_EQ(w.host.Tip(1), honest_top);
  // Afterwards its blocks are announced at once.
  const BlockId next = w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(2), next);
}

}  // namespace
}  // namespace chainsim::sim
