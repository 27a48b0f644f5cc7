#include "sim/behaviour/selfish_miner_behaviour.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "sim/behaviour/pull_behaviour.h"
#include "tests/sim/behaviour/adversary_world.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

using testing::PushConfig;

// Node 0 is the pool, nodes 1 and 2 honest push nodes, in a line 0 - 1 - 2.
struct PushWorld : testing::AdversaryWorld {
  SelfishMinerBehaviour* pool;

  PushWorld() : AdversaryWorld(3, {{0, 1}, {1, 2}}) {
    auto behaviour =
        std::make_unique<SelfishMinerBehaviour>(host, 0, PushConfig(), ForkChoice::kLongest);
    pool = behaviour.get();
    HandOver(std::move(behaviour));
  }
  // Blocks node 0 sent inventories of, in order.
  std::vector<BlockId> Announced() const {
    std::vector<BlockId> blocks;
    for (const FakeHost::Sent& sent : host.sent()) {
      if (sent.from == 0 && sent.kind == MessageKind::kInventory && sent.block != 0) {
        blocks.push_back(sent.block);
      }
    }
    return blocks;
  }
};

TEST(SelfishMinerBehaviourTest, KeepsItsBlockPrivateAndAnnouncesNothing) {
  PushWorld w;
  const BlockId block = w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_TRUE(w.Announced().empty());
  EXPECT_EQ(w.host.Tip(0), block);
  EXPECT_EQ(w.host.Tip(1), 0U);
  EXPECT_EQ(w.pool->branch(), 1);
  EXPECT_EQ(w.Steps(), (std::vector<AttackStep>{AttackStep::kStarted, AttackStep::kWithheld}));
}

TEST(SelfishMinerBehaviourTest, RefusesGetDataForAPrivateBlock) {
  PushWorld w;
  const BlockId block = w.host.MineOn(0);
  w.host.Inject(1, 0, Message::GetData(block));
  w.host.RunAll();
  EXPECT_EQ(w.host.SentCount(MessageKind::kBlock), 0U);
}

TEST(SelfishMinerBehaviourTest, WithALeadOfOneItRacesTheHonestBlock) {
  PushWorld w;
  const BlockId pool_block = w.host.MineOn(0);
  const BlockId honest_block = w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.Announced(), (std::vector<BlockId>{pool_block}));
  ASSERT_EQ(w.host.attacks().back().step, AttackStep::kRace);
  EXPECT_EQ(w.host.attacks().back().block, pool_block);
  EXPECT_EQ(w.host.attacks().back().other, honest_block);
  // First-seen: node 1 keeps its own block.
  EXPECT_EQ(w.host.Tip(1), honest_block);
  EXPECT_EQ(w.host.Tip(0), pool_block);
  EXPECT_EQ(w.pool->branch(), 1);
}

TEST(SelfishMinerBehaviourTest, WinsTheRaceByPublishingItsNextBlock) {
  PushWorld w;
  const BlockId first = w.host.MineOn(0);
  w.host.MineOn(1);
  w.host.RunAll();  // race
  const BlockId second = w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_EQ(w.Announced(), (std::vector<BlockId>{first, second}));
  EXPECT_EQ(w.host.Tip(1), second);
  EXPECT_EQ(w.host.Tip(2), second);
  EXPECT_EQ(w.pool->branch(), 0);
}

TEST(SelfishMinerBehaviourTest, WithALeadOfTwoItPublishesAllAndWins) {
  PushWorld w;
  const BlockId a = w.host.MineOn(0);
  const BlockId b = w.host.MineOn(0);
  w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.Announced(), (std::vector<BlockId>{a, b}));
  EXPECT_EQ(w.host.Tip(1), b);
  EXPECT_EQ(w.host.Tip(2), b);
  EXPECT_EQ(w.pool->branch(), 0);
}

TEST(SelfishMinerBehaviourTest, WithALeadOfThreeItPublishesOnlyTheBlockThatMatches) {
  PushWorld w;
  const BlockId a = w.host.MineOn(0);
  w.host.MineOn(0);
  const BlockId c = w.host.MineOn(0);
  w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.Announced(), (std::vector<BlockId>{a}));
  EXPECT_EQ(w.host.Tip(0), c);
  EXPECT_EQ(w.pool->view().SecretCount(), 2U);
}

TEST(SelfishMinerBehaviourTest, WithNoLeadItAdoptsTheHonestBlock) {
  PushWorld w;
  const BlockId honest_block = w.host.MineOn(2);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(0), honest_block);
  EXPECT_TRUE(w.Announced().empty());
  EXPECT_EQ(w.Steps(), (std::vector<AttackStep>{AttackStep::kStarted}));  // nothing abandoned
}

TEST(SelfishMinerBehaviourTest, LosingTheRaceAbandonsItsBlock) {
  PushWorld w;
  const BlockId pool_block = w.host.MineOn(0);
  const BlockId honest_first = w.host.MineOn(1);
  w.host.RunAll();  // race; node 1 stays on its block
  const BlockId honest_second = w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(0), honest_second);
  EXPECT_EQ(w.host.Blocks()[honest_second].parent, honest_first);
  ASSERT_EQ(w.host.attacks().back().step, AttackStep::kAbandoned);
  EXPECT_EQ(w.host.attacks().back().other, pool_block);
  EXPECT_EQ(w.host.attacks().back().count, 0U);  // it was published
}

TEST(SelfishMinerBehaviourTest, PullPeersSeeOnlyThePublishedChain) {
  ProtocolConfig pull = testing::QuietPull();
  FakeHost host(2);
  PullBehaviour honest(host, 2, pull);
  host.Link(0, 1);
  host.AssignAll(&honest);
  host.StartAll();
  SelfishMinerBehaviour pool(host, 0, pull, ForkChoice::kLongest);
  host.Assign(0, &pool);
  pool.OnStart(0);
  host.MineOn(0);
  honest.RequestResolve(1);
  host.RunAll();
  EXPECT_EQ(host.Tip(1), 0U);  // the pool showed only genesis
  // An honest block makes the pool race: it tells node 1, which asks.
  const BlockId honest_block = host.MineOn(1);
  host.Inject(1, 0, Message::NewBlock());
  host.RunAll();
  ASSERT_EQ(host.attacks().back().step, AttackStep::kRace);
  EXPECT_EQ(host.attacks().back().other, honest_block);
}

}  // namespace
}  // namespace chainsim::sim
