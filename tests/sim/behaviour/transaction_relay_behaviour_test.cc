#include "sim/behaviour/transaction_relay_behaviour.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "fake_host.h"
#include "sim/behaviour/pull_behaviour.h"
#include "sim/behaviour/push_behaviour.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;
using testing::QuietPull;

// The relay around a quiet pull protocol, running every node of `host`.
std::unique_ptr<TransactionRelayBehaviour> RelayOverPull(FakeHost& host, int nodes) {
  auto relay = std::make_unique<TransactionRelayBehaviour>(
      host, std::make_unique<PullBehaviour>(host, nodes, QuietPull()), nodes);
  host.AssignAll(relay.get());
  host.StartAll();
  return relay;
}

// The messages of `kind` sent, as (from, to, transaction).
std::vector<std::vector<std::uint32_t>> SentOf(const FakeHost& host, MessageKind kind) {
  std::vector<std::vector<std::uint32_t>> out;
  for (const FakeHost::Sent& s : host.sent()) {
    if (s.kind == kind) out.push_back({s.from, s.to, s.transaction});
  }
  return out;
}
std::vector<std::vector<std::uint32_t>> TransactionsSent(const FakeHost& host) {
  return SentOf(host, MessageKind::kTransaction);
}

TEST(TransactionRelayBehaviourTest, ASubmittedTransactionGoesOnceToEachPeer) {
  FakeHost host(3);
  host.Link(0, 1);
  host.Link(0, 2);
  auto relay = RelayOverPull(host, 3);
  host.Submit(0, 7);
  EXPECT_EQ(TransactionsSent(host),
            (std::vector<std::vector<std::uint32_t>>{{0, 1, 7}, {0, 2, 7}}));
  EXPECT_TRUE(relay->Seen(0, 7));
  EXPECT_FALSE(relay->Seen(1, 7));
}

TEST(TransactionRelayBehaviourTest, ARelayedTransactionIsQueuedAndForwardedButNotSentBack) {
  FakeHost host(3);
  host.Link(0, 1);
  host.Link(1, 2);
  auto relay = RelayOverPull(host, 3);
  host.Submit(0, 5);
  host.RunAll();
  EXPECT_EQ(TransactionsSent(host),
            (std::vector<std::vector<std::uint32_t>>{{0, 1, 5}, {1, 2, 5}}));
  EXPECT_EQ(host.State(2).pending_transactions(), Json::array({FakeHost::TransactionJson(5)}));
  EXPECT_EQ(host.State(1).pending_transactions(), Json::array({FakeHost::TransactionJson(5)}));
  EXPECT_EQ(host.sent().back().at, host.delay());  // 1 forwards it on arrival
}

TEST(TransactionRelayBehaviourTest, ATransactionHeardTwiceIsQueuedAndRelayedOnce) {
  FakeHost host(3);
  host.Link(0, 1);
  host.Link(0, 2);
  host.Link(1, 2);
  auto relay = RelayOverPull(host, 3);
  host.Submit(0, 3);
  host.RunAll();
  // 0 to 1 and 2; then 1 and 2 each to the other (not back to 0); the
  // copies they send each other are dropped unqueued and unrelayed.
  EXPECT_EQ(TransactionsSent(host).size(), 4U);
  for (NodeIndex node = 0; node < 3; ++node) {
    EXPECT_EQ(host.State(node).pending_transactions().size(), 1U) << "node " << node;
  }
}

TEST(TransactionRelayBehaviourTest, TwoTransactionsAreRelayedApart) {
  FakeHost host(2);
  host.Link(0, 1);
  auto relay = RelayOverPull(host, 2);
  host.Submit(0, 1);
  host.Submit(1, 2);
  host.RunAll();
  EXPECT_EQ(host.State(0).pending_transactions(),
            Json::array({FakeHost::TransactionJson(1), FakeHost::TransactionJson(2)}));
  EXPECT_EQ(host.State(1).pending_transactions(),
            Json::array({FakeHost::TransactionJson(2), FakeHost::TransactionJson(1)}));
}

TEST(TransactionRelayBehaviourTest, ANodeThatSawTheTransactionPromisesToIgnoreIt) {
  FakeHost host(2);
  host.Link(0, 1);
  auto relay = RelayOverPull(host, 2);
  host.Submit(0, 4);
  EXPECT_EQ(relay->IdleUntil(0, 1, Message::Transaction(4)), kNever);
  EXPECT_EQ(relay->IdleUntil(1, 0, Message::Transaction(4)), 0);
  EXPECT_EQ(relay->IdleUntil(1, 0, Message::Transaction(9)), 0);
}

TEST(TransactionRelayBehaviourTest, BlocksStillGoThroughTheWrappedPushProtocol) {
  FakeHost host(2);
  host.Link(0, 1);
  TransactionRelayBehaviour relay(
      host,
      std::make_unique<PushBehaviour>(host, 2, QuietPull(), ForkChoice::kLongest,
                                      /*nodes_may_crash=*/false),
      2);
  host.AssignAll(&relay);
  host.StartAll();
  host.Submit(1, 8);
  host.RunAll();
  const BlockId block = host.MineOn(0);
  host.RunAll();
  EXPECT_EQ(host.Tip(1), block);
  // Node 0 mined the transaction node 1 relayed to it.
  EXPECT_EQ(host.Blocks()[block].block->transactions()[0], FakeHost::TransactionJson(8));
  // The protocol's promise is kept through the wrapper: 0 holds the block.
  EXPECT_EQ(relay.IdleUntil(0, 1, Message::Inventory(block)), kNever);
}

TEST(TransactionRelayBehaviourTest, ARestartedNodeGetsTheTransactionsFloodedWhileItWasDown) {
  FakeHost host(3);
  host.Link(0, 1);
  host.Link(1, 2);
  auto relay = RelayOverPull(host, 3);
  host.Crash(2);
  host.Submit(0, 4);
  host.RunAll();
  EXPECT_FALSE(relay->Seen(2, 4));
  host.Restart(2);
  EXPECT_EQ(SentOf(host, MessageKind::kPendingRequest),
            (std::vector<std::vector<std::uint32_t>>{{2, 1, 0}}));
  host.RunAll();
  EXPECT_TRUE(relay->Seen(2, 4));
  EXPECT_EQ(host.State(2).pending_transactions(), Json::array({FakeHost::TransactionJson(4)}));
  // 1 answered with its pending one; 2 forwards it to nobody (1 sent it).
  EXPECT_EQ(TransactionsSent(host).back(), (std::vector<std::uint32_t>{1, 2, 4}));
}

TEST(TransactionRelayBehaviourTest, AfterAHealANodeAsksItsPeersForTheirPendingTransactions) {
  FakeHost host(3);
  host.Link(0, 1);
  auto relay = RelayOverPull(host, 3);
  host.Submit(0, 6);
  host.RunAll();
  host.Link(1, 2);  // node 2 was cut off; now the link is back
  relay->OnHeal(2);
  host.RunAll();
  EXPECT_TRUE(relay->Seen(2, 6));
  EXPECT_EQ(host.State(2).pending_transactions(), Json::array({FakeHost::TransactionJson(6)}));
}

TEST(TransactionRelayBehaviourTest, ACatchUpAnswerIsBoundedInBytes) {
  FakeHost host(2);
  host.Link(0, 1);
  auto relay = RelayOverPull(host, 2);
  host.Crash(1);
  const std::size_t per_message = kAnnounceBytes + 50;  // the fake's transaction size
  const std::size_t fit = TransactionRelayBehaviour::kCatchUpBytes / per_message;
  for (TransactionId t = 0; t < fit + 10; ++t) host.Submit(0, t);
  host.Restart(1);
  const std::size_t before = TransactionsSent(host).size();
  host.RunAll();
  EXPECT_EQ(TransactionsSent(host).size() - before, fit);  // the oldest that fit
  EXPECT_TRUE(relay->Seen(1, static_cast<TransactionId>(fit - 1)));
  EXPECT_FALSE(relay->Seen(1, static_cast<TransactionId>(fit)));
}

}  // namespace
}  // namespace chainsim::sim
