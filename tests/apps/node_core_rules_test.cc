// The HTTP node makes its per-node decisions with core's Blockchain, as the
// simulator's nodes do: registration order, and re-queueing the
// transactions of discarded blocks when asked (--requeue-lost-transactions).

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "apps/http/node_service.h"
#include "tests/apps/node_process.h"

namespace chainsim::http {
namespace {

ChainRules Rules() {
  ChainRules rules;
  rules.difficulty = 2;
  return rules;
}

std::unique_ptr<NodeService> MemoryNode(const std::string& id) {
  return NodeService::Open(Rules(), nullptr, id, [] { return 1795491520.5; });
}

// Issue 11: POST /nodes/register with 40,000 addresses held the node's lock
// for about 10 s (a linear search of the peers per address).
TEST(NodeCoreRulesTest, RegisteringFortyThousandPeersTakesWellUnderASecond) {
  auto node = MemoryNode("00000000000000000000000000000000");
  std::vector<std::string> addresses;
  for (int i = 0; i < 40'000; ++i)
    addresses.push_back("http://10.0." + std::to_string(i) + ":5000");
  const auto start = std::chrono::steady_clock::now();
  const Result<std::vector<std::string>> nodes = node->RegisterNodes(addresses);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(nodes.ok());
  EXPECT_EQ(nodes->size(), 40'000U);
  EXPECT_EQ(nodes->front(), "10.0.0:5000");
  EXPECT_EQ(nodes->back(), "10.0.39999:5000");
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

// A fetcher that answers every peer with `chain`.
NodeService::Fetcher Serving(const Chain& chain) {
  return [chain](std::span<const std::string> nodes) {
    std::vector<PeerFetch> out;
    for (const std::string& node : nodes)
      out.push_back(PeerFetch{node, FetchStatus::kOk, "", chain});
    return out;
  };
}

TEST(NodeCoreRulesTest, ResolveRequeuesTheTransactionsOfDiscardedBlocksWhenAsked) {
  for (const bool requeue : {false, true}) {
    auto ours = MemoryNode("00000000000000000000000000000000");
    ours->set_requeue_lost_transactions(requeue);
    auto theirs = MemoryNode("11111111111111111111111111111111");
    ASSERT_TRUE(ours->NewTransaction({"alice", "bob", 5}).ok());
    ASSERT_TRUE(ours->Mine().ok());
    ASSERT_TRUE(theirs->Mine().ok());
    ASSERT_TRUE(theirs->Mine().ok());
    ASSERT_TRUE(ours->RegisterNodes({"peer:1"}).ok());
    const Result<ResolveReport> report = ours->Resolve(Serving(theirs->chain()));
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->replaced);
    const Json expected =
        requeue ? Json::array({Json{{"amount", 5}, {"recipient", "bob"}, {"sender", "alice"}}})
                : Json::array();
    EXPECT_EQ(ours->pending_transactions(), expected) << "requeue " << requeue;
  }
}

TEST(NodeCoreRulesTest, TheRequeueFlagReachesARealNode) {
  testing::NodeProcess ours({"--difficulty", "2", "--requeue-lost-transactions"});
  testing::NodeProcess theirs({"--difficulty", "2"});
  ASSERT_NE(ours.port(), 0) << ours.output();
  ASSERT_NE(theirs.port(), 0) << theirs.output();
  ASSERT_EQ(testing::PostJson(ours.port(), "/transactions/new",
                              Json{{"sender", "alice"}, {"recipient", "bob"}, {"amount", 5}})
                .status,
            201);
  ASSERT_EQ(testing::Get(ours.port(), "/mine").status, 200);
  ASSERT_EQ(testing::Get(theirs.port(), "/mine").status, 200);
  ASSERT_EQ(testing::Get(theirs.port(), "/mine").status, 200);
  ASSERT_EQ(
      testing::PostJson(ours.port(), "/nodes/register", Json{{"nodes", {theirs.address()}}}).status,
      201);
  ASSERT_EQ(testing::Get(ours.port(), "/nodes/resolve").json["message"], "Our chain was replaced");
  // The next block carries alice's payment again, then the reward.
  const testing::Reply mined = testing::Get(ours.port(), "/mine");
  ASSERT_EQ(mined.status, 200);
  const Json& transactions = mined.json["transactions"];
  ASSERT_EQ(transactions.size(), 2U) << mined.body;
  EXPECT_EQ(transactions[0]["sender"], "alice");
  EXPECT_EQ(transactions[1]["sender"], "0");
}

}  // namespace
}  // namespace chainsim::http
