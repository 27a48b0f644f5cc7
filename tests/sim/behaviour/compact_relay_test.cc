// Compact block relay in PushBehaviour (protocol.compact_blocks), on the fake
// host: reconstruction from the pending pool, getblocktxn / blocktxn for
// what is missing, drawn failures, and the orphan fallback.

#include <gtest/gtest.h>

#include <vector>

#include "sim/behaviour/push_behaviour.h"
#include "tests/sim/behaviour/fake_host.h"

namespace chainsim::sim {
namespace {

using testing::FakeHost;

ProtocolConfig CompactConfig() {
  ProtocolConfig config;
  config.kind = ProtocolKind::kPush;
  config.request_timeout = 1 * kSecond;
  config.compact_blocks.enabled = true;
  return config;
}

// Two linked push nodes running `config`, started (100 ms per message).
struct LinkedPair {
  explicit LinkedPair(const ProtocolConfig& config)
      : push(host, 2, config, ForkChoice::kLongest, false) {
    host.AssignAll(&push);
    host.Link(0, 1);
    host.StartAll();
  }
  FakeHost host{2};
  PushBehaviour push;
};

std::vector<std::uint64_t> GetBlockTxnCounts(const FakeHost& host, NodeIndex from) {
  std::vector<std::uint64_t> counts;
  for (const FakeHost::Sent& sent : host.sent()) {
    if (sent.from == from && sent.kind == MessageKind::kGetBlockTxn) counts.push_back(sent.tag);
  }
  return counts;
}

TEST(CompactRelayTest, AReceiverWithEveryTransactionRebuildsTheBlockInOneMessage) {
  LinkedPair pair(CompactConfig());
  FakeHost& host = pair.host;
  host.Submit(0, 1);
  host.Submit(1, 1);  // both pools hold transaction 1
  const BlockId block = host.MineOn(0);
  host.RunAll();
  EXPECT_EQ(host.Tip(1), block);
  EXPECT_EQ(host.SentCount(MessageKind::kCompactBlock), 1U);  // not back to its sender
  EXPECT_EQ(host.SentCount(MessageKind::kInventory), 0U);
  EXPECT_EQ(host.SentCount(MessageKind::kGetBlockTxn), 0U);
  EXPECT_EQ(host.SentCount(MessageKind::kBlock), 0U);
  ASSERT_EQ(host.receptions().size(), 1U);
  EXPECT_EQ(host.receptions()[0].at, 100 * kMillisecond);  // one hop, no round trip
}

TEST(CompactRelayTest, AReceiverMissingTransactionsAsksForExactlyThoseAndThenHasTheBlock) {
  LinkedPair pair(CompactConfig());
  FakeHost& host = pair.host;
  host.Submit(0, 1);
  host.Submit(0, 2);
  host.Submit(0, 3);
  host.Submit(1, 2);  // node 1 lacks transactions 1 and 3
  const BlockId block = host.MineOn(0);
  host.RunAll();
  EXPECT_EQ(host.Tip(1), block);
  EXPECT_EQ(GetBlockTxnCounts(host, 1), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(host.SentCount(MessageKind::kBlockTxn), 1U);
  ASSERT_EQ(host.receptions().size(), 1U);
  EXPECT_EQ(host.receptions()[0].at, 300 * kMillisecond);  // compact, getblocktxn, blocktxn
}

TEST(CompactRelayTest, ADrawnFailureAsksForEveryTransaction) {
  ProtocolConfig config = CompactConfig();
  config.compact_blocks.control_failure_rate = 1.0;  // every reconstruction fails
  LinkedPair pair(config);
  FakeHost& host = pair.host;
  host.Submit(0, 1);
  host.Submit(0, 2);
  host.Submit(1, 1);
  host.Submit(1, 2);  // node 1 has both, but fails anyway
  const BlockId block = host.MineOn(0);
  host.RunAll();
  EXPECT_EQ(host.Tip(1), block);
  EXPECT_EQ(GetBlockTxnCounts(host, 1), (std::vector<std::uint64_t>{2}));
}

TEST(CompactRelayTest, ChurnNodesFailAtTheirOwnRate) {
  ProtocolConfig config = CompactConfig();
  config.compact_blocks.churn_share = 1.0;  // every node is a churn node
  config.compact_blocks.control_failure_rate = 1.0;
  config.compact_blocks.churn_failure_rate = 0.0;
  LinkedPair pair(config);
  FakeHost& host = pair.host;
  host.Submit(0, 1);
  host.Submit(1, 1);
  host.MineOn(0);
  host.RunAll();
  EXPECT_TRUE(GetBlockTxnCounts(host, 1).empty());
}

TEST(CompactRelayTest, ACompactBlockWithAnUnknownParentIsFetchedWhole) {
  FakeHost host(2);
  PushBehaviour push(host, 2, CompactConfig(), ForkChoice::kLongest, false);
  host.AssignAll(&push);  // no links: nothing is announced on its own
  host.StartAll();
  const BlockId parent = host.MineOn(1);
  const BlockId child = host.MineOn(1);
  host.Inject(1, 0, Message::CompactBlock(child));
  host.RunAll();
  EXPECT_EQ(host.SentCount(MessageKind::kGetData), 2U);  // the child, then its parent
  EXPECT_EQ(host.adoptions(0), (std::vector<BlockId>{parent, child}));
}

TEST(CompactRelayTest, WithoutTheOptionBlocksGoByInventory) {
  ProtocolConfig config = CompactConfig();
  config.compact_blocks.enabled = false;
  LinkedPair pair(config);
  FakeHost& host = pair.host;
  host.MineOn(0);
  host.RunAll();
  EXPECT_EQ(host.SentCount(MessageKind::kCompactBlock), 0U);
  EXPECT_EQ(host.SentCount(MessageKind::kBlock), 1U);
}

}  // namespace
}  // namespace chainsim::sim
