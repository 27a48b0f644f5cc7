#include "sim/behaviour/push_behaviour.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

ProtocolConfig Config() {
  ProtocolConfig config;
  config.kind = ProtocolKind::kPush;
  config.request_timeout = 1 * kSecond;
  return config;
}

std::vector<BlockId> GetDataBlocks(const FakeHost& host, NodeIndex from) {
  std::vector<BlockId> blocks;
  for (const FakeHost::Sent& sent : host.sent()) {
    if (sent.from == from && sent.kind == MessageKind::kGetData) blocks.push_back(sent.block);
  }
  return blocks;
}

TEST(PushBehaviourTest, AMinedBlockReachesEveryNodeOfALine) {
  FakeHost host(4);  // 100 ms per message: inv, getdata, block = 300 ms per hop
  PushBehaviour push(host, 4, Config(), ForkChoice::kLongest, /*nodes_may_crash=*/false);
  host.AssignAll(&push);
  host.Link(0, 1);
  host.Link(1, 2);
  host.Link(2, 3);
  host.StartAll();
  const BlockId block = host.MineOn(0);
  host.RunUntil(900 * kMillisecond - 1);
  EXPECT_EQ(host.Tip(2), block);
  EXPECT_NE(host.Tip(3), block);
  host.RunAll();
  EXPECT_EQ(host.Tip(3), block);
  EXPECT_EQ(host.SentCount(MessageKind::kBlock), 3U);  // one copy per hop
}

TEST(PushBehaviourTest, AnOrphanWaitsWhileItsParentIsAskedFromTheSamePeer) {
  FakeHost host(2);
  PushBehaviour push(host, 2, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);  // no links: nothing is announced on its own
  host.StartAll();
  const BlockId parent = host.MineOn(1);
  const BlockId child = host.MineOn(1);

  host.Inject(1, 0, Message::Inventory(child));  // node 0 hears of the child first
  host.RunAll();
  EXPECT_EQ(GetDataBlocks(host, 0), (std::vector<BlockId>{child, parent}));
  EXPECT_EQ(host.adoptions(0), (std::vector<BlockId>{parent, child}));
}

TEST(PushBehaviourTest, EachNodesOrphanIsAcceptedWithItsParentAndACrashForgetsOnlyItsOwn) {
  FakeHost host(4);
  PushBehaviour push(host, 4, Config(), ForkChoice::kLongest, /*nodes_may_crash=*/true);
  host.AssignAll(&push);  // no links
  host.StartAll();
  const BlockId parent = host.MineOn(3);
  const BlockId child = host.MineOn(3);
  host.Silence(3);  // the parent is asked for but never sent
  for (const NodeIndex node : {0U, 1U, 2U}) host.Inject(3, node, Message::BlockData(child));
  host.RunAll();
  for (const NodeIndex node : {0U, 1U, 2U}) EXPECT_EQ(host.Tip(node), 0U);  // orphans wait

  host.Crash(1);  // forgets its orphan; the others keep theirs
  host.Inject(3, 2, Message::BlockData(parent));
  EXPECT_EQ(host.adoptions(2), (std::vector<BlockId>{parent, child}));
  host.Inject(3, 0, Message::BlockData(parent));
  EXPECT_EQ(host.adoptions(0), (std::vector<BlockId>{parent, child}));
  host.Restart(1);
  host.Inject(3, 1, Message::BlockData(parent));
  EXPECT_EQ(host.Tip(1), parent);  // the child was forgotten in the crash
  host.Inject(3, 1, Message::BlockData(child));
  EXPECT_EQ(host.Tip(1), child);
}

TEST(PushBehaviourTest, ABlockIsReportedReceivedWhenItArrivesAlsoAsAnOrphan) {
  FakeHost host(2);
  PushBehaviour push(host, 2, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);
  host.StartAll();
  const BlockId parent = host.MineOn(1);
  const BlockId child = host.MineOn(1);

  host.Inject(1, 0,
              Message::Inventory(child));  // getdata 0.1 s, child 0.2 s, getdata, parent 0.4 s
  host.RunAll();
  ASSERT_EQ(host.receptions().size(), 2U);
  // The orphan child is reported when it arrives, before its parent.
  EXPECT_EQ(host.receptions()[0].node, 0U);
  EXPECT_EQ(host.receptions()[0].block, child);
  EXPECT_EQ(host.receptions()[0].at, 200 * kMillisecond);
  EXPECT_FALSE(host.receptions()[0].whole_chain);
  EXPECT_EQ(host.receptions()[1].block, parent);
  EXPECT_EQ(host.receptions()[1].at, 400 * kMillisecond);
  // A second copy of a block it has is not reported again.
  host.Inject(1, 0, Message::BlockData(child));
  EXPECT_EQ(host.receptions().size(), 2U);
}

// Node 2 mines a block and node 1 (silenced) announces it to node 0 at time
// 0: node 0 asks node 1, which never answers. Returns the block.
BlockId AskASilentNode(FakeHost& host) {
  host.StartAll();
  const BlockId block = host.MineOn(2);
  host.Silence(1);
  host.Inject(1, 0, Message::Inventory(block));
  return block;
}

TEST(PushBehaviourTest, AnUnansweredRequestTimesOutAndTheNextAnnouncerIsAsked) {
  FakeHost host(3);
  PushBehaviour push(host, 3, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);
  const BlockId block = AskASilentNode(host);
  host.SetTimer(500 * kMillisecond, [&host, block] {
    host.Inject(2, 0, Message::Inventory(block));  // still waiting for node 1: ignored
  });
  host.SetTimer(1500 * kMillisecond, [&host, block] {
    host.Inject(2, 0, Message::Inventory(block));  // after the timeout: asked from node 2
  });
  host.RunUntil(1700 * kMillisecond - 1);  // asked node 2 at 1.5 s; the block comes at 1.7 s
  EXPECT_TRUE(host.adoptions(0).empty());
  host.RunAll();
  EXPECT_EQ(GetDataBlocks(host, 0), (std::vector<BlockId>{block, block}));
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{block});
}

TEST(PushBehaviourTest, ARequestTimesOutAtItsDeadlineWithoutAnEventOfItsOwn) {
  FakeHost host(3);
  PushBehaviour push(host, 3, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);
  const BlockId block = AskASilentNode(host);
  host.RunAll();
  // Only the unanswered getdata was scheduled: nothing waits for the deadline.
  EXPECT_EQ(host.Now(), host.delay());
  // An announcement at the deadline itself finds the request timed out.
  host.SetTimer(1 * kSecond - host.Now(),
                [&host, block] { host.Inject(2, 0, Message::Inventory(block)); });
  host.RunAll();
  std::vector<FakeHost::Sent> asks;
  for (const FakeHost::Sent& sent : host.sent()) {
    if (sent.kind == MessageKind::kGetData) asks.push_back(sent);
  }
  ASSERT_EQ(asks.size(), 2U);
  EXPECT_EQ(asks[1].at, 1 * kSecond);
  EXPECT_EQ(asks[1].to, 2U);
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{block});
}

TEST(PushBehaviourTest, AnInvalidRelayedBlockIsCountedNeitherAdoptedNorRelayed) {
  FakeHost host(3);
  PushBehaviour push(host, 3, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);
  host.Link(0, 1);
  host.StartAll();
  const BlockId bad = host.AddInvalidBlock(/*parent=*/0, /*miner=*/2);

  host.Inject(2, 1, Message::Inventory(bad));
  host.RunAll();
  EXPECT_EQ(host.count(BehaviourCounter::kInvalidBlock), 1U);
  EXPECT_EQ(host.Tip(1), 0U);
  EXPECT_TRUE(host.adoptions(1).empty());
  EXPECT_EQ(host.SentCount(MessageKind::kInventory), 0U);  // node 1 told node 0 nothing
}

TEST(PushBehaviourTest, TiesKeepTheBranchSeenFirst) {
  FakeHost host(3);
  PushBehaviour push(host, 3, Config(), ForkChoice::kLongest, false);
  host.AssignAll(&push);
  host.StartAll();
  const BlockId first = host.MineOn(1);
  const BlockId second = host.MineOn(2);  // same height, another branch
  host.Inject(1, 0, Message::Inventory(first));
  host.RunAll();
  host.Inject(2, 0, Message::Inventory(second));
  host.RunAll();
  EXPECT_EQ(host.Tip(0), first);
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{first});
}

TEST(PushBehaviourTest, ARestartedNodeAsksItsPeersForTheirTipsAndCatchesUp) {
  FakeHost host(3);
  PushBehaviour push(host, 3, Config(), ForkChoice::kLongest, /*nodes_may_crash=*/true);
  host.AssignAll(&push);
  host.Link(0, 1);
  host.Link(0, 2);
  host.StartAll();
  host.Crash(0);
  host.MineOn(1);
  const BlockId tip = host.MineOn(1);
  host.RunAll();
  EXPECT_EQ(host.Tip(0), 0U);  // down: heard nothing

  host.Restart(0);
  host.RunAll();
  EXPECT_EQ(host.SentCount(MessageKind::kTipRequest), 2U);
  EXPECT_EQ(host.Tip(0), tip);
}

TEST(PushBehaviourTest, IdleUntilPromisesOnlyWhatHolds) {
  for (const bool may_crash : {false, true}) {
    FakeHost host(2);
    PushBehaviour push(host, 2, Config(), ForkChoice::kLongest, may_crash);
    host.AssignAll(&push);
    host.StartAll();
    const BlockId held = host.MineOn(0);
    const BlockId asked = host.MineOn(1);
    // Node 0 holds `held` and genesis; it asks node 1 for `asked` at 0 s.
    EXPECT_EQ(push.IdleUntil(0, 1, Message::Inventory(held)), kNever);
    EXPECT_EQ(push.IdleUntil(0, 1, Message::Inventory(asked)), 0);  // not asked for yet
    host.Inject(1, 0, Message::Inventory(asked));
    // Asked for, and its parent (genesis) held: node 0 accepts the block when
    // it comes, so without crashes an inv does nothing until the timeout.
    EXPECT_EQ(push.IdleUntil(0, 1, Message::Inventory(asked)), may_crash ? 0 : 1 * kSecond);
    EXPECT_EQ(push.IdleUntil(0, 1, Message::BlockData(asked)), 0);  // only inventories
  }
}

TEST(PushBehaviourTest, IdleUntilGivesEachRequestsOwnTimeoutWithManyRequestsOut) {
  FakeHost host(5);
  PushBehaviour push(host, 5, Config(), ForkChoice::kLongest, /*nodes_may_crash=*/false);
  host.AssignAll(&push);
  host.StartAll();
  // Four sibling blocks on genesis, announced to node 0 by silent nodes 100 ms
  // apart: four requests out at once, timing out at 1.0, 1.1, 1.2, 1.3 s.
  std::vector<BlockId> blocks;
  for (NodeIndex miner = 1; miner <= 4; ++miner) {
    blocks.push_back(host.MineOn(miner));
    host.Silence(miner);
    const SimTime at = static_cast<SimTime>(miner - 1) * 100 * kMillisecond;
    host.SetTimer(at, [&host, miner, block = blocks.back()] {
      host.Inject(miner, 0, Message::Inventory(block));
    });
  }
  const auto idle = [&](BlockId block) { return push.IdleUntil(0, 1, Message::Inventory(block)); };
  host.RunUntil(350 * kMillisecond);
  for (std::size_t k = 0; k < blocks.size(); ++k) {
    EXPECT_EQ(idle(blocks[k]), 1 * kSecond + static_cast<SimTime>(k) * 100 * kMillisecond) << k;
  }
  host.RunUntil(1150 * kMillisecond);  // the first two timed out
  EXPECT_EQ(idle(blocks[0]), 0);
  EXPECT_EQ(idle(blocks[1]), 0);
  EXPECT_EQ(idle(blocks[2]), 1200 * kMillisecond);
  EXPECT_EQ(idle(blocks[3]), 1300 * kMillisecond);
}

}  // namespace
}  // namespace chainsim::sim
