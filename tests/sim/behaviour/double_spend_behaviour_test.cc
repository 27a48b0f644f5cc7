#include "sim/behaviour/double_spend_behaviour.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "tests/sim/behaviour/adversary_world.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

using testing::PushConfig;

// Node 0 attacks; nodes 1 and 2 are honest push nodes, all linked.
struct World : testing::AdversaryWorld {
  DoubleSpendBehaviour* attacker;

  explicit World(DoubleSpendConfig config) : AdversaryWorld(3, {{0, 1}, {0, 2}, {1, 2}}) {
    auto behaviour =
        std::make_unique<DoubleSpendBehaviour>(host, 0, config, PushConfig(), ForkChoice::kLongest);
    attacker = behaviour.get();
    HandOver(std::move(behaviour));
    host.RunAll();
  }
  const AttackEvent& Last() const { return host.attacks().back(); }
  bool Pending(NodeIndex node) const {
    for (const Json& tx : host.State(node).pending_transactions()) {
      if (tx == attacker->payment()) return true;
    }
    return false;
  }
};

DoubleSpendConfig Config(int confirmations, int give_up = 20, int premine = 0) {
  DoubleSpendConfig config;
  config.confirmations = confirmations;
  config.give_up = give_up;
  config.premine = premine;
  return config;
}

TEST(DoubleSpendBehaviourTest, WithoutPreMiningItPaysAtOnceAndTheHonestNodesHoldThePayment) {
  World w(Config(1));
  EXPECT_EQ(w.host.broadcasts(), 1u);
  EXPECT_TRUE(w.Pending(1));
  EXPECT_TRUE(w.Pending(2));
  EXPECT_FALSE(w.Pending(0));
  EXPECT_EQ(w.Steps(), (std::vector<AttackStep>{AttackStep::kStarted, AttackStep::kPaymentSent}));
  EXPECT_EQ(w.Last().block, 0u);  // the fork point: genesis
}

TEST(DoubleSpendBehaviourTest, ALongerBranchAfterAcceptanceIsReleasedAndReversesThePayment) {
  World w(Config(1));
  const BlockId paid = w.host.MineOn(1);  // holds the payment
  w.host.RunAll();
  ASSERT_EQ(w.Last().step, AttackStep::kAccepted);
  EXPECT_EQ(w.Last().other, paid);
  w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(1), paid);  // equal length: not yet
  const BlockId top = w.host.MineOn(0);
  w.host.RunAll();
  ASSERT_EQ(w.Last().step, AttackStep::kSucceeded);
  EXPECT_EQ(w.Last().count, 2u);
  EXPECT_EQ(w.host.Tip(1), top);
  EXPECT_EQ(w.host.Tip(2), top);
  EXPECT_FALSE(w.host.Blocks().IsAncestor(paid, w.host.Tip(1)));
  EXPECT_EQ(w.attacker->phase(), DoubleSpendBehaviour::Phase::kDone);
}

TEST(DoubleSpendBehaviourTest, ALongerBranchWaitsUntilTheMerchantHasAccepted) {
  World w(Config(2));
  w.host.MineOn(0);
  w.host.MineOn(0);
  w.host.MineOn(1);  // the payment's block: one confirmation
  w.host.RunAll();
  // Nothing released: the merchant has not accepted (2 against 1).
  EXPECT_EQ(w.host.Blocks()[w.host.Tip(2)].miner, 1u);
  EXPECT_EQ(w.Last().step, AttackStep::kWithheld);
  w.host.MineOn(1);  // two confirmations: accepted, but 2 against 2
  w.host.RunAll();
  ASSERT_EQ(w.Last().step, AttackStep::kAccepted);
  const BlockId top = w.host.MineOn(0);
  w.host.RunAll();
  ASSERT_EQ(w.Last().step, AttackStep::kSucceeded);
  EXPECT_EQ(w.host.Tip(2), top);
}

TEST(DoubleSpendBehaviourTest, GivesUpWhenThePublicChainLeadsByTheDeficit) {
  World w(Config(1, /*give_up=*/2));
  w.host.MineOn(1);
  w.host.RunAll();
  const BlockId second = w.host.MineOn(1);
  w.host.RunAll();
  ASSERT_EQ(w.Last().step, AttackStep::kGaveUp);
  EXPECT_EQ(w.host.Tip(0), second);
  // Afterwards it mines honestly: its next block is announced.
  const BlockId next = w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(1), next);
}

TEST(DoubleSpendBehaviourTest, PreMiningRestartsWhenTheHonestChainMovesFirst) {
  World w(Config(1, 20, /*premine=*/1));
  EXPECT_EQ(w.host.broadcasts(), 0u);
  const BlockId honest_block = w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.attacker->fork(), honest_block);
  EXPECT_EQ(w.host.broadcasts(), 0u);
  w.host.MineOn(0);
  w.host.RunAll();
  EXPECT_EQ(w.host.broadcasts(), 1u);
  ASSERT_EQ(w.Last().step, AttackStep::kPaymentSent);
  EXPECT_EQ(w.Last().block, honest_block);
  EXPECT_EQ(w.Last().count, 1u);
}

}  // namespace
}  // namespace chainsim::sim
