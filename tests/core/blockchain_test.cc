#include "core/blockchain.h"

#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "core/node_id.h"
#include "core/valid_chain.h"
#include "test_chains.h"

namespace chainsim {
namespace {

using testing::EasyRules;

TEST(BlockchainTest, StartsWithTheReferenceGenesis) {
  const Blockchain node(ChainRules{}, "n", 1795491520.9328644);
  ASSERT_EQ(node.chain().size(), 1U);
  EXPECT_EQ(node.last_block().hash(),
            "af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2");
}

TEST(BlockchainTest, NewTransactionReturnsTheNextBlockIndex) {
  Blockchain node(EasyRules(), "n", 1.0);
  EXPECT_EQ(node.NewTransaction("a", "b", 5), 2);
  node.Mine(2.0);
  EXPECT_EQ(node.NewTransaction("a", "b", Json::array({1, "x"})), 3);
}

TEST(BlockchainTest, MineAppendsRewardAfterPendingTransactionsAndClearsThem) {
  Blockchain node(EasyRules(), "miner-id", 1.0);
  node.NewTransaction("alice", "bob", 1.5);
  node.NewTransaction("carol", "dave", "1.5e3");
  const BlockPtr block = node.Mine(7.25);
  EXPECT_EQ(block->index(), 2);
  EXPECT_EQ(block->previous_hash(), node.chain()[0]->hash());
  EXPECT_EQ(ToJson(block->transactions()),
            R"([{"amount": 1.5, "recipient": "bob", "sender": "alice"}, )"
            R"({"amount": "1.5e3", "recipient": "dave", "sender": "carol"}, )"
            R"({"amount": 1, "recipient": "miner-id", "sender": "0"}])");
  EXPECT_TRUE(node.pending_transactions().empty());
  EXPECT_EQ(block->timestamp(), 7.25);
  EXPECT_TRUE(ValidChain(node.chain(), node.rules()));
}

TEST(BlockchainTest, MinedChainsStayValid) {
  Blockchain node(EasyRules(), "n", 1.0);
  for (int i = 0; i < 20; ++i) node.Mine(1.0 + i, i * 1000);
  EXPECT_EQ(node.chain().size(), 21U);
  EXPECT_TRUE(ValidChain(node.chain(), node.rules()));
}

TEST(BlockchainTest, RegisterNodeIsASetAndRejectsEmptyAddressesWithoutChange) {
  Blockchain node(EasyRules(), "n", 1.0);
  EXPECT_EQ(node.RegisterNode("http://127.0.0.1:5001").value(), "127.0.0.1:5001");
  EXPECT_TRUE(node.RegisterNode("127.0.0.1:5001").ok());
  EXPECT_EQ(node.nodes().size(), 1U);
  EXPECT_FALSE(node.RegisterNode("").ok());
  EXPECT_EQ(node.nodes().size(), 1U);
}

TEST(BlockchainTest, RegisterNodesKeepsOrderDropsRepeatsAndIsAllOrNothing) {
  Blockchain node(EasyRules(), "n", 1.0);
  ASSERT_TRUE(node.RegisterNode("http://b:1").ok());
  const std::vector<std::string> batch = {"a:1", "http://b:1/", "c:1", "a:1"};
  EXPECT_EQ(node.RegisterNodes(batch).value(), 2U);
  EXPECT_EQ(node.nodes(), (std::vector<std::string>{"b:1", "a:1", "c:1"}));
  const std::vector<std::string> bad = {"d:1", ""};
  const Result<std::size_t> rejected = node.RegisterNodes(bad);
  ASSERT_FALSE(rejected.ok());
  EXPECT_NE(rejected.error().message.find("bad peer address ''"), std::string::npos);
  EXPECT_EQ(node.nodes().size(), 3U);  // d:1 was not registered either
}

// Two nodes that fork from a shared chain of `base` blocks: ours mined
// `ours` blocks holding transaction payments, theirs `theirs` blocks.
struct Fork {
  Blockchain ours;
  Chain theirs;
};
Fork MakeFork(bool requeue) {
  Blockchain shared(EasyRules(), "shared", 1.0);
  shared.Mine(2.0);
  Blockchain ours = shared;
  ours.set_requeue_lost_transactions(requeue);
  ours.NewTransaction("alice", "bob", 1);
  ours.NewTransaction("carol", "dave", 2);
  ours.Mine(3.0);
  ours.NewTransaction("erin", "frank", 3);
  ours.Mine(4.0);
  Blockchain theirs = shared;
  theirs.NewTransaction("carol", "dave", 2);  // also in their branch: not lost
  theirs.Mine(3.5);
  theirs.Mine(4.5);
  theirs.Mine(5.5);
  return Fork{ours, theirs.chain()};
}

TEST(BlockchainTest, AdoptLosesTheTransactionsOfDiscardedBlocksByDefault) {
  Fork fork = MakeFork(/*requeue=*/false);
  EXPECT_EQ(fork.ours.Adopt(fork.theirs), 0U);
  EXPECT_EQ(fork.ours.chain(), fork.theirs);
  EXPECT_TRUE(fork.ours.pending_transactions().empty());
}

TEST(BlockchainTest, AdoptWithRequeuePutsBackLostTransactionsButNotRewards) {
  Fork fork = MakeFork(/*requeue=*/true);
  fork.ours.NewTransaction("gina", "hal", 4);  // already pending: stays first
  EXPECT_EQ(fork.ours.Adopt(fork.theirs), 2U);
  EXPECT_EQ(fork.ours.chain(), fork.theirs);
  EXPECT_EQ(ToJson(fork.ours.pending_transactions()),
            R"([{"amount": 4, "recipient": "hal", "sender": "gina"}, )"
            R"({"amount": 1, "recipient": "bob", "sender": "alice"}, )"
            R"({"amount": 3, "recipient": "frank", "sender": "erin"}])");
}

TEST(BlockchainTest, AdoptFindsTheForkByHashForChainsParsedAnew) {
  // A chain received over HTTP holds new Block objects: the shared prefix is
  // found by hash, so only our own blocks after it count as discarded.
  Fork fork = MakeFork(/*requeue=*/true);
  Chain copied;
  for (const BlockPtr& block : fork.theirs) copied.push_back(Block::Create(block->fields()));
  EXPECT_EQ(fork.ours.Adopt(copied), 2U);
}

TEST(BlockchainTest, AdoptTailEqualsAdoptOfTheWholeChain) {
  Fork whole = MakeFork(true);
  Fork tail = MakeFork(true);
  whole.ours.Adopt(whole.theirs);
  const std::span<const BlockPtr> theirs(tail.theirs);
  EXPECT_EQ(tail.ours.AdoptTail(2, theirs.subspan(2)), 2U);
  ASSERT_EQ(tail.ours.chain().size(), whole.ours.chain().size());
  for (std::size_t i = 0; i < whole.ours.chain().size(); ++i) {
    EXPECT_EQ(tail.ours.chain()[i]->hash(), whole.ours.chain()[i]->hash()) << i;
  }
  EXPECT_EQ(tail.ours.pending_transactions(), whole.ours.pending_transactions());
}

TEST(BlockchainTest, ExtendingOurChainRequeuesNothing) {
  Blockchain node(EasyRules(), "n", 1.0);
  node.set_requeue_lost_transactions(true);
  node.NewTransaction("a", "b", 1);
  node.Mine(2.0);
  Blockchain longer = node;
  longer.Mine(3.0);
  EXPECT_EQ(node.Adopt(longer.chain()), 0U);
  EXPECT_TRUE(node.pending_transactions().empty());
}

TEST(BlockchainTest, DropPendingInRemovesEveryCopyOfWhatTheBlocksHoldAndKeepsTheRest) {
  Blockchain miner(EasyRules(), "m", 1.0);
  miner.NewTransaction("a", "b", 1);
  const BlockPtr block = miner.Mine(2.0);
  Blockchain other(EasyRules(), "o", 1.0);
  other.NewTransaction("c", "d", 2);
  other.NewTransaction("a", "b", 1);
  other.NewTransaction("e", "f", 3);
  other.NewTransaction("a", "b", 1);
  EXPECT_EQ(other.DropPendingIn(std::span<const BlockPtr>(&block, 1)), 2U);
  EXPECT_EQ(ToJson(other.pending_transactions()),
            R"([{"amount": 2, "recipient": "d", "sender": "c"}, )"
            R"({"amount": 3, "recipient": "f", "sender": "e"}])");
  EXPECT_EQ(other.DropPendingIn(std::span<const BlockPtr>(&block, 1)), 0U);
}

TEST(BlockchainTest, RewardsAreObjectsWhoseSenderIsTheStringZero) {
  EXPECT_TRUE(IsRewardTransaction(RewardTransaction("n")));
  EXPECT_FALSE(IsRewardTransaction(Json{{"amount", 1}, {"recipient", "x"}, {"sender", 0}}));
  EXPECT_FALSE(IsRewardTransaction(Json{{"amount", 1}, {"recipient", "x"}}));
  EXPECT_FALSE(IsRewardTransaction(Json::array({"sender", "0"})));
}

TEST(BlockchainTest, ArticleVariantMinesValidArticleChains) {
  ChainRules rules = EasyRules();
  rules.proof_variant = ProofVariant::kArticle;
  Blockchain node(rules, "n", 1.0);
  node.Mine(2.0);
  node.Mine(3.0);
  EXPECT_TRUE(node.chain()[0]->previous_hash().is_number_integer());
  EXPECT_TRUE(ValidChain(node.chain(), rules));
}

TEST(NodeIdTest, LooksLikeAUuid4WithoutDashes) {
  const std::string id = NodeIdFromBits(0xFFFFFFFFFFFFFFFFULL, 0);
  ASSERT_EQ(id.size(), 32U);
  EXPECT_EQ(id[12], '4');
  EXPECT_EQ(id[16], '8');
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
}

}  // namespace
}  // namespace chainsim
