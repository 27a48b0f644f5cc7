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
