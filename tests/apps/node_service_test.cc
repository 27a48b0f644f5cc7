#include "apps/http/node_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/valid_chain.h"
#include "tests/apps/node_process.h"

namespace chainsim::http {
namespace {

ChainRules Rules() {
  ChainRules rules;
  rules.difficulty = 2;
  return rules;
}

NodeService::Clock FixedClock() {
  return [] { return 1795491520.5; };
}

std::unique_ptr<NodeService> MemoryNode(const std::string& id) {
  return NodeService::Open(Rules(), nullptr, id, FixedClock());
}

// A fetcher that answers every peer with the chain the test gives it.
NodeService::Fetcher Serving(std::map<std::string, PeerFetch> replies) {
  return [replies](std::span<const std::string> nodes) {
    std::vector<PeerFetch> out;
    for (const std::string& node : nodes) out.push_back(replies.at(node));
    return out;
  };
}

PeerFetch Ok(const std::string& node, Chain chain) {
  return PeerFetch{node, FetchStatus::kOk, "", std::move(chain)};
}

TEST(NodeServiceTest, ResolveTakesTheFirstLongestValidChainInRegistrationOrder) {
  auto ours = MemoryNode("00000000000000000000000000000000");
  auto a = MemoryNode("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  auto b = MemoryNode("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
  ASSERT_TRUE(a->Mine().ok());
  ASSERT_TRUE(b->Mine().ok());
  ASSERT_TRUE(ours->RegisterNodes({"http://b:1", "http://a:1", "c:1"}).ok());
  EXPECT_EQ(ours->nodes(), (std::vector<std::string>{"b:1", "a:1", "c:1"}));

  const Result<ResolveReport> report = ours->Resolve(
      Serving({{"a:1", Ok("a:1", a->chain())},
               {"b:1", Ok("b:1", b->chain())},
               {"c:1", PeerFetch{"c:1", FetchStatus::kUnreachable, "cannot connect", {}}}}));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->replaced);
  EXPECT_EQ(report->peers[0].outcome, "adopted");  // b, registered first, wins the tie with a
  EXPECT_EQ(report->peers[1].outcome, "not_longer");
  EXPECT_EQ(report->peers[2].outcome, "unreachable");
  EXPECT_EQ(report->peers[2].detail, "cannot connect");
  EXPECT_EQ(ours->chain().back()->hash(), b->chain().back()->hash());
}

TEST(NodeServiceTest, ResolveReportsAnInvalidLongerChain) {
  auto ours = MemoryNode("00000000000000000000000000000000");
  Chain forged = ours->chain();
  BlockFields fields;
  fields.index = 2;
  fields.timestamp = 1.0;
  fields.proof = 1;  // not a valid proof on this genesis (checked below)
  fields.previous_hash = forged[0]->hash();
  forged.push_back(Block::Create(fields));
  ASSERT_FALSE(ValidChain(forged, Rules()));
  ASSERT_TRUE(ours->RegisterNodes({"x:1"}).ok());
  const Result<ResolveReport> report = ours->Resolve(Serving({{"x:1", Ok("x:1", forged)}}));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->replaced);
  EXPECT_EQ(report->peers[0].outcome, "invalid");
  EXPECT_FALSE(report->peers[0].detail.empty());
  EXPECT_EQ(ours->chain().size(), 1U);
}

TEST(NodeServiceTest, ConcurrentMinesEachAddOneValidBlock) {
  auto node = MemoryNode("00000000000000000000000000000000");
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&node] {
      for (int i = 0; i < 10; ++i) ASSERT_TRUE(node->Mine().ok());
    });
  }
  threads.clear();
  const Chain chain = node->chain();
  EXPECT_EQ(chain.size(), 41U);
  EXPECT_TRUE(ValidChain(chain, Rules()));
}

TEST(NodeServiceTest, AFailedSaveChangesNothing) {
  const std::string dir = testing::MakeTempDir();
  auto node = NodeService::Open(Rules(), std::make_unique<NodeStore>(dir),
                                "00000000000000000000000000000000", FixedClock());
  ASSERT_TRUE(node->NewTransaction({"a", "b", 1}).ok());
  std::filesystem::remove_all(dir);  // every later save fails

  EXPECT_FALSE(node->NewTransaction({"c", "d", 2}).ok());
  EXPECT_FALSE(node->Mine().ok());
  EXPECT_FALSE(node->RegisterNodes({"e:1"}).ok());
  EXPECT_EQ(node->pending_transactions().size(), 1U);
  EXPECT_EQ(node->chain().size(), 1U);
  EXPECT_TRUE(node->nodes().empty());
}

TEST(NodeServiceTest, ReopensWhereItStopped) {
  const std::string dir = testing::MakeTempDir();
  std::string tip;
  {
    auto node = NodeService::Open(Rules(), std::make_unique<NodeStore>(dir),
                                  "11111111111111111111111111111111", FixedClock());
    ASSERT_TRUE(node->Mine().ok());
    ASSERT_TRUE(node->NewTransaction({"a", "b", 1}).ok());
    ASSERT_TRUE(node->RegisterNodes({"http://127.0.0.1:9/", "127.0.0.1:8"}).ok());
    tip = node->chain().back()->hash();
  }
  auto node = NodeService::Open(Rules(), std::make_unique<NodeStore>(dir),
                                "22222222222222222222222222222222", FixedClock());
  EXPECT_EQ(node->node_id(), "11111111111111111111111111111111");
  EXPECT_EQ(node->chain().back()->hash(), tip);
  EXPECT_EQ(node->pending_transactions().size(), 1U);
  EXPECT_EQ(node->nodes(), (std::vector<std::string>{"127.0.0.1:9", "127.0.0.1:8"}));
  std::filesystem::remove_all(dir);
}

// Issue 11: POST /nodes/register with 40,000 addresses held the node's lock
// for about 10 s (a linear search of the peers per address).
TEST(NodeServiceTest, RegisteringFortyThousandPeersTakesWellUnderASecond) {
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

TEST(NodeServiceTest, ResolveRequeuesTheTransactionsOfDiscardedBlocksWhenAsked) {
  for (const bool requeue : {false, true}) {
    auto ours = MemoryNode("00000000000000000000000000000000");
    ours->set_requeue_lost_transactions(requeue);
    auto theirs = MemoryNode("11111111111111111111111111111111");
    ASSERT_TRUE(ours->NewTransaction({"alice", "bob", 5}).ok());
    ASSERT_TRUE(ours->Mine().ok());
    ASSERT_TRUE(theirs->Mine().ok());
    ASSERT_TRUE(theirs->Mine().ok());
    ASSERT_TRUE(ours->RegisterNodes({"peer:1"}).ok());
    const Result<ResolveReport> report =
        ours->Resolve(Serving({{"peer:1", Ok("peer:1", theirs->chain())}}));
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->replaced);
    const Json expected =
        requeue ? Json::array({Json{{"amount", 5}, {"recipient", "bob"}, {"sender", "alice"}}})
                : Json::array();
    EXPECT_EQ(ours->pending_transactions(), expected) << "requeue " << requeue;
  }
}

}  // namespace
}  // namespace chainsim::http
