#include "sim/behaviour/pull_behaviour.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;
using testing::QuietPull;

// Nodes 0 and 1, peers of each other; both run `pull`.
void Pair(FakeHost& host, PullBehaviour& pull) {
  host.AssignAll(&pull);
  host.Link(0, 1);
  host.StartAll();
}

// Node 0 with peers 1 and 2; every node runs `pull`.
void Star(FakeHost& host, PullBehaviour& pull) {
  host.AssignAll(&pull);
  host.Link(0, 1);
  host.Link(0, 2);
  host.StartAll();
}

TEST(PullBehaviourTest, ResolveAdoptsTheLongestReplyOnceEveryPeerAnswered) {
  FakeHost host(3);  // 100 ms per message
  PullBehaviour pull(host, 3, QuietPull());
  Star(host, pull);
  host.MineOn(1);
  const BlockId longest = host.MineOn(1);
  host.MineOn(2);

  pull.RequestResolve(0);
  host.RunUntil(200 * kMillisecond - 1);  // requests out at 0, replies back at 200 ms
  EXPECT_TRUE(host.adoptions(0).empty());
  host.RunAll();
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{longest});
  EXPECT_EQ(host.SentCount(MessageKind::kChainRequest), 2U);
  EXPECT_EQ(host.SentCount(MessageKind::kChainReply), 2U);
  EXPECT_EQ(host.count(BehaviourCounter::kResolveStarted), 1U);
  EXPECT_EQ(host.count(BehaviourCounter::kReplyTimedOut), 0U);
}

TEST(PullBehaviourTest, EveryChainReplyIsReportedReceivedAlsoTheLosingOne) {
  FakeHost host(3);
  PullBehaviour pull(host, 3, QuietPull());
  Star(host, pull);
  host.MineOn(1);
  const BlockId longest = host.MineOn(1);
  const BlockId shorter = host.MineOn(2);

  pull.RequestResolve(0);
  host.RunAll();
  ASSERT_EQ(host.receptions().size(), 2U);
  for (const FakeHost::Reception& reception : host.receptions()) {
    EXPECT_EQ(reception.node, 0U);
    EXPECT_EQ(reception.at, 200 * kMillisecond);
    EXPECT_TRUE(reception.whole_chain);
  }
  // Node 1's longer chain wins; node 2's block came all the same.
  EXPECT_EQ(host.receptions()[0].block, longest);
  EXPECT_EQ(host.receptions()[1].block, shorter);
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{longest});
}

TEST(PullBehaviourTest, APeerThatNeverAnswersIsSkippedAtTheReplyTimeout) {
  FakeHost host(3);
  PullBehaviour pull(host, 3, QuietPull());
  Star(host, pull);
  const BlockId tip = host.MineOn(1);
  host.Silence(2);

  pull.RequestResolve(0);
  host.RunUntil(1 * kSecond - 1);  // node 1 answered; node 2 is awaited
  EXPECT_TRUE(host.adoptions(0).empty());
  host.RunUntil(1 * kSecond);
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{tip});
  EXPECT_EQ(host.count(BehaviourCounter::kReplyTimedOut), 1U);
}

TEST(PullBehaviourTest, ACrashInTheMiddleOfAResolveAbandonsItAndARestartResolvesAgain) {
  FakeHost host(3);
  PullBehaviour pull(host, 3, QuietPull());
  Star(host, pull);
  const BlockId tip = host.MineOn(1);

  pull.RequestResolve(0);
  host.RunUntil(150 * kMillisecond);  // the replies are on their way
  host.Crash(0);
  host.RunUntil(5 * kSecond);
  EXPECT_TRUE(host.adoptions(0).empty());
  EXPECT_EQ(host.count(BehaviourCounter::kReplyTimedOut), 0U);  // its timeout was cancelled

  host.Restart(0);  // catching up is a resolve
  host.RunAll();
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{tip});
  EXPECT_EQ(host.count(BehaviourCounter::kResolveStarted), 2U);
}

TEST(PullBehaviourTest, AReplyToAnAbandonedResolveIsIgnoredByTheNextOne) {
  FakeHost host(2);
  host.KeepMessagesAcrossCrashes();
  PullBehaviour pull(host, 2, QuietPull());
  Pair(host, pull);
  const BlockId old_tip = host.MineOn(1);
  BlockId new_tip = kNoBlock;
  host.SetTimer(220 * kMillisecond, [&host, &new_tip] { new_tip = host.MineOn(1); });

  pull.RequestResolve(0);  // reply (old_tip) lands at 200 ms
  host.RunUntil(150 * kMillisecond);
  host.Crash(0);
  host.Restart(0);  // a new resolve: asks at 150 ms, node 1 answers at 250 ms (new_tip)
  host.RunAll();
  // Had the old reply filled the new resolve, node 0 would have adopted
  // old_tip at 200 ms and ignored the new reply.
  EXPECT_NE(new_tip, old_tip);
  EXPECT_EQ(host.adoptions(0), std::vector<BlockId>{new_tip});
  EXPECT_EQ(host.count(BehaviourCounter::kResolveStarted), 2U);
}

TEST(PullBehaviourTest, AResolveAskedForDuringAResolveRunsRightAfterIt) {
  FakeHost host(2);
  PullBehaviour pull(host, 2, QuietPull());
  Pair(host, pull);
  const BlockId first = host.MineOn(1);

  pull.RequestResolve(0);
  host.SetTimer(50 * kMillisecond, [&pull] { pull.RequestResolve(0); });  // while resolving
  BlockId second = kNoBlock;
  host.SetTimer(150 * kMillisecond, [&host, &second] { second = host.MineOn(1); });
  host.RunAll();
  // First resolve: reply at 200 ms with one block; the second starts then,
  // and node 1's reply (sent at 300 ms) has the block mined at 150 ms.
  EXPECT_EQ(host.adoptions(0), (std::vector<BlockId>{first, second}));
  EXPECT_EQ(host.count(BehaviourCounter::kResolveStarted), 2U);
  EXPECT_EQ(host.Now(), 400 * kMillisecond);
}

TEST(PullBehaviourTest, ANewTipIsAnnouncedAndEveryPeerResolvesToIt) {
  FakeHost host(3);
  ProtocolConfig config = QuietPull();
  config.resolve_on_announce = true;
  PullBehaviour pull(host, 3, config);
  Star(host, pull);
  const BlockId tip = host.MineOn(1);  // announced to node 0, which announces to node 2
  host.RunAll();
  EXPECT_EQ(host.Tip(0), tip);
  EXPECT_EQ(host.Tip(2), tip);
  EXPECT_GE(host.SentCount(MessageKind::kNewBlock), 3U);
}

TEST(PullBehaviourTest, TheResolveTimerFiresEveryIntervalAfterARandomPhase) {
  FakeHost host(2);
  ProtocolConfig config = QuietPull();
  config.resolve_interval = 10 * kSecond;
  PullBehaviour pull(host, 2, config);
  Pair(host, pull);
  host.RunUntil(45 * kSecond);
  std::vector<SimTime> resolves;
  for (const FakeHost::Sent& sent : host.sent()) {
    if (sent.from == 0 && sent.kind == MessageKind::kChainRequest) resolves.push_back(sent.at);
  }
  ASSERT_GE(resolves.size(), 4U);
  EXPECT_LT(resolves[0], 10 * kSecond);
  for (std::size_t i = 1; i < resolves.size(); ++i) {
    EXPECT_EQ(resolves[i] - resolves[i - 1], 10 * kSecond);
  }
}

TEST(PullBehaviourTest, AStoppedNodeNeitherResolvesNorAnswersItsTimer) {
  FakeHost host(2);
  ProtocolConfig config = QuietPull();
  config.resolve_interval = 10 * kSecond;
  PullBehaviour pull(host, 2, config);
  Pair(host, pull);
  host.Crash(0);
  pull.RequestResolve(0);
  host.RunUntil(60 * kSecond);
  for (const FakeHost::Sent& sent : host.sent()) EXPECT_NE(sent.from, 0U);
}

}  // namespace
}  // namespace chainsim::sim
