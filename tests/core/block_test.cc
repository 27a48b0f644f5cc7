#include "core/block.h"

#include <gtest/gtest.h>

#include "core/blockchain.h"
#include "core/sha256.h"
#include "sample_chain.h"

namespace chainsim {
namespace {

constexpr char kGenesisCanonical[] =
    R"({"index": 1, "previous_hash": "1", "proof": 100, "timestamp": 1795491520.9328644, )"
    R"("transactions": []})";

TEST(BlockTest, GenesisSerializesAndHashesAsThePythonReference) {
  const BlockPtr genesis = MakeGenesis(1795491520.9328644);
  EXPECT_EQ(genesis->canonical_json(), kGenesisCanonical);
  EXPECT_EQ(genesis->hash(), "af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2");
}

TEST(BlockTest, HashIsSha256OfTheCanonicalJson) {
  const BlockPtr genesis = MakeGenesis(1795491520.9328644);
  EXPECT_EQ(genesis->hash(), Sha256Hex(kGenesisCanonical));
}

TEST(BlockTest, EverySampleBlockReserializesByteIdenticalToPython) {
  const Chain chain = testing::SampleChain();
  const std::vector<std::string> texts = testing::SampleBlockTexts();
  ASSERT_EQ(chain.size(), 7U);
  ASSERT_EQ(texts.size(), 7U);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    EXPECT_EQ(chain[i]->canonical_json(), testing::CompactToPythonCanonical(texts[i])) << i;
    EXPECT_EQ(chain[i]->wire_size(), texts[i].size()) << i;
  }
}

TEST(BlockTest, EverySampleHashMatchesTheNextBlocksPreviousHash) {
  const Chain chain = testing::SampleChain();
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    EXPECT_EQ(chain[i]->hash(), chain[i + 1]->previous_hash().get<std::string>()) << i;
  }
  EXPECT_EQ(chain.back()->hash(),
            "1ef6ef8d06742bfe2760c863faaf28ee8361fb0b2ce8a1f04779287d20612f68");
}

TEST(BlockTest, Block7RecipientEscapesAsPythonEnsureAscii) {
  const Chain chain = testing::SampleChain();
  EXPECT_NE(
      chain[6]->canonical_json().find(R"("recipient": "b\u00e9b\u00e9 \ud83d\ude00 \"q\" /")"),
      std::string::npos);
}

TEST(BlockTest, IntegerAndFloatTimestampsHashDifferently) {
  BlockFields as_int;
  as_int.timestamp = 1;
  BlockFields as_float;
  as_float.timestamp = 1.0;
  EXPECT_NE(Block::Create(as_int)->hash(), Block::Create(as_float)->hash());
  EXPECT_NE(Block::Create(as_int)->canonical_json().find("\"timestamp\": 1,"), std::string::npos);
  EXPECT_NE(Block::Create(as_float)->canonical_json().find("\"timestamp\": 1.0,"),
            std::string::npos);
}

TEST(BlockTest, ArticleGenesisHasIntegerPreviousHash) {
  const BlockPtr genesis = MakeGenesis(5.0, ProofVariant::kArticle);
  EXPECT_NE(genesis->canonical_json().find("\"previous_hash\": 1,"), std::string::npos);
}

}  // namespace
}  // namespace chainsim
