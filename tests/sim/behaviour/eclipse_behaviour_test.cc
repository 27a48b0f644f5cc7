#include "sim/behaviour/eclipse_behaviour.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/behaviour/push_behaviour.h"
#include "tests/sim/behaviour/adversary_world.h"
#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;
using testing::PushConfig;

// Node 0 is the victim, node 1 the attacker, nodes 2-4 honest; all run the
// push relay (nodes may crash). The victim's honest peers are 2 and 3; the
// attacker is linked to 2.
struct World {
  explicit World(SimTime duration)
      : host(5),
        honest(host, 5, PushConfig(), ForkChoice::kLongest, true),
        eclipse(host, honest, EclipseConfig{.victim = 0, .attackers = {1}, .duration = duration}) {
    host.Link(0, 2);
    host.Link(0, 3);
    host.Link(1, 2);
    host.Link(2, 3);
    host.Link(3, 4);
    host.AssignAll(&honest);
    host.StartAll();
    host.Assign(0, &eclipse);
    host.Assign(1, &eclipse);
  }
  std::vector<NodeIndex> Peers(NodeIndex node) const {
    const auto peers = host.Peers(node);
    return {peers.begin(), peers.end()};
  }
  std::vector<AttackStep> Steps() const { return testing::StepsOf(host); }

  FakeHost host;
  PushBehaviour honest;
  EclipseBehaviour eclipse;
};

TEST(EclipseBehaviourTest, TheVictimRegistersOnlyTheAttackersAndHearsNothingElse) {
  World w(0);
  w.eclipse.Arm();
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kActive);
  EXPECT_EQ(w.Peers(0), std::vector<NodeIndex>{1});
  EXPECT_EQ(w.Peers(1), std::vector<NodeIndex>{0});
  const BlockId honest_block = w.host.MineOn(2);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(3), honest_block);
  EXPECT_EQ(w.host.Tip(0), 0u);  // its honest peers' announcements are refused
  EXPECT_EQ(w.host.Tip(1), 0u);  // the attacker turned away from the network
  const BlockId fed = w.host.MineOn(1);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(0), fed);
  EXPECT_EQ(w.host.Tip(2), honest_block);  // the attacker shows the network nothing
}

TEST(EclipseBehaviourTest, AVictimThatIsDownIsTakenWhenItRestarts) {
  World w(0);
  w.host.Crash(0);
  w.eclipse.Arm();
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kArmed);
  EXPECT_EQ(w.Peers(0), (std::vector<NodeIndex>{2, 3}));
  EXPECT_TRUE(w.host.attacks().empty());
  w.host.Restart(0);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kActive);
  EXPECT_EQ(w.Peers(0), std::vector<NodeIndex>{1});
  EXPECT_EQ(w.Steps(), std::vector<AttackStep>{AttackStep::kStarted});
}

TEST(EclipseBehaviourTest, AfterItsDurationTheVictimRejoinsTheLongerHonestChain) {
  World w(1 * kMinute);
  w.eclipse.Arm();
  const BlockId own = w.host.MineOn(0);
  w.host.MineOn(2);
  const BlockId honest_top = w.host.MineOn(2);
  w.host.RunUntil(59 * kSecond);
  EXPECT_EQ(w.host.Tip(0), own);
  EXPECT_EQ(w.host.Tip(1), own);  // the attacker follows the victim's blocks
  w.host.RunUntil(2 * kMinute);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kEnded);
  EXPECT_EQ(w.Peers(0), (std::vector<NodeIndex>{2, 3}));
  EXPECT_EQ(w.Peers(1), std::vector<NodeIndex>{2});
  EXPECT_EQ(w.host.Tip(0), honest_top);
  EXPECT_EQ(w.host.Tip(1), honest_top);
  EXPECT_TRUE(w.eclipse.rejoined());
  EXPECT_EQ(w.Steps(), (std::vector<AttackStep>{AttackStep::kStarted, AttackStep::kVictimTip,
                                                AttackStep::kEnded, AttackStep::kRejoined}));
  const AttackEvent& rejoin = w.host.attacks().back();
  EXPECT_EQ(rejoin.block, honest_top);
  EXPECT_EQ(rejoin.other, own);
  EXPECT_EQ(rejoin.count, 1u);  // its one block is discarded
}

TEST(EclipseBehaviourTest, WithoutADurationTheVictimsNextRestartEndsIt) {
  World w(0);
  w.eclipse.Arm();
  const BlockId honest_top = w.host.MineOn(3);
  w.host.RunUntil(10 * kMinute);
  EXPECT_EQ(w.host.Tip(0), 0u);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kActive);
  w.host.Crash(0);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kActive);
  w.host.Restart(0);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kEnded);
  w.host.RunAll();
  EXPECT_EQ(w.host.Tip(0), honest_top);
  EXPECT_EQ(w.host.attacks().back().step, AttackStep::kRejoined);
  EXPECT_EQ(w.host.attacks().back().count, 0u);  // it mined nothing: only behind
}

TEST(EclipseBehaviourTest, WithADurationARestartDoesNotFreeTheVictim) {
  World w(1 * kHour);
  w.eclipse.Arm();
  w.host.Crash(0);
  w.host.Restart(0);
  EXPECT_EQ(w.eclipse.phase(), EclipseBehaviour::Phase::kActive);
  EXPECT_EQ(w.Peers(0), std::vector<NodeIndex>{1});
}

}  // namespace
}  // namespace chainsim::sim
