#include "sim/behaviour/tie_break.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

BlockId AddBlock(FakeHost& host, NodeIndex miner) {
  return host.AddInvalidBlock(0, miner);  // validity plays no part in the rule
}

TEST(TieBreakTest, GammaZeroNeverPrefersTheAttackerAndOneAlwaysDoes) {
  FakeHost host(40);
  const BlockId attacker = AddBlock(host, 0);
  const BlockId honest = AddBlock(host, 1);
  std::vector<bool> attackers(40, false);
  attackers[0] = true;
  const TieBreak never(host, attackers, 0.0, ForkChoice::kLongest);
  const TieBreak always(host, attackers, 1.0, ForkChoice::kLongest);
  for (NodeIndex node = 1; node < 40; ++node) {
    EXPECT_FALSE(never.SwitchOnTie(node, attacker, honest));
    EXPECT_TRUE(never.SwitchOnTie(node, honest, attacker));
    EXPECT_TRUE(always.SwitchOnTie(node, attacker, honest));
    EXPECT_FALSE(always.SwitchOnTie(node, honest, attacker));
  }
}

TEST(TieBreakTest, ANodeDecidesTheSameWhicheverBranchItHeldFirst) {
  FakeHost host(200);
  const BlockId attacker = AddBlock(host, 0);
  const BlockId honest = AddBlock(host, 1);
  std::vector<bool> attackers(200, false);
  attackers[0] = true;
  const TieBreak rule(host, attackers, 0.3, ForkChoice::kLongest);
  int on_attacker = 0;
  for (NodeIndex node = 1; node < 200; ++node) {
    const bool to_attacker = rule.SwitchOnTie(node, attacker, honest);
    EXPECT_NE(to_attacker, rule.SwitchOnTie(node, honest, attacker));
    on_attacker += to_attacker ? 1 : 0;
  }
  // About 30 % of 199 nodes (binomial: 59.7 +- 6.5).
  EXPECT_GT(on_attacker, 40);
  EXPECT_LT(on_attacker, 80);
}

TEST(TieBreakTest, TiesBetweenHonestBlocksAndUnequalBranchesAreLeftAlone) {
  FakeHost host(4);
  const BlockId a = AddBlock(host, 1);
  const BlockId b = AddBlock(host, 2);
  const BlockId attacker_child = host.AddInvalidBlock(a, 0);
  std::vector<bool> attackers(4, false);
  attackers[0] = true;
  const TieBreak rule(host, attackers, 1.0, ForkChoice::kLongest);
  EXPECT_FALSE(rule.SwitchOnTie(3, b, a));
  EXPECT_FALSE(rule.SwitchOnTie(3, attacker_child, b));  // longer: not a tie
}

}  // namespace
}  // namespace chainsim::sim
