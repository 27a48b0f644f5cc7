#include "core/proof_of_work.h"

#include <gtest/gtest.h>

#include "core/blockchain.h"
#include "core/sha256.h"
#include "sample_chain.h"

namespace chainsim {
namespace {

constexpr char kGenesisHash[] = "af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2";

TEST(ProofOfWorkTest, ReproducesTheReferenceVector) {
  EXPECT_EQ(Sha256Hex(std::string("100") + "32373" + kGenesisHash),
            "000093d8562168692bfba57c2bc6bb4f5a7390140bcd1a0dbe7527de453ec276");
  EXPECT_TRUE(ValidProof(100, 32373, kGenesisHash, ChainRules{}));
  EXPECT_FALSE(ValidProof(100, 32372, kGenesisHash, ChainRules{}));
}

TEST(ProofOfWorkTest, CountsFromZeroToTheFirstValidProofLikeTheReference) {
  const Chain sample = testing::SampleChain();
  // Every proof in the sample is the first valid one from 0: the reference's rule.
  for (std::size_t i = 0; i + 1 < sample.size(); ++i) {
    EXPECT_EQ(ProofOfWork(*sample[i], ChainRules{}), sample[i + 1]->proof()) << i;
  }
}

TEST(ProofOfWorkTest, StartNonceFindsTheFirstValidProofAtOrAfterIt) {
  const BlockPtr genesis = MakeGenesis(1795491520.9328644);
  EXPECT_EQ(ProofOfWork(*genesis, ChainRules{}, 32373), 32373);
  const std::int64_t next = ProofOfWork(*genesis, ChainRules{}, 32374);
  EXPECT_GT(next, 32374);
  for (std::int64_t p = 32374; p < next; ++p) {
    ASSERT_FALSE(ValidProof(100, p, genesis->hash(), ChainRules{})) << p;
  }
  EXPECT_TRUE(ValidProof(100, next, genesis->hash(), ChainRules{}));
}

TEST(ProofOfWorkTest, DifficultyIsTheNumberOfLeadingHexZeros) {
  const BlockPtr genesis = MakeGenesis(1.5);
  for (int difficulty = 0; difficulty <= 5; ++difficulty) {
    ChainRules rules;
    rules.difficulty = difficulty;
    const std::int64_t proof = ProofOfWork(*genesis, rules);
    const std::string hex = ToHex(ProofDigest(100, proof, genesis->hash(), rules.proof_variant));
    EXPECT_EQ(hex.substr(0, static_cast<std::size_t>(difficulty)),
              std::string(static_cast<std::size_t>(difficulty), '0'));
    if (difficulty == 0) {
      EXPECT_EQ(proof, 0);
    }
  }
}

TEST(ProofOfWorkTest, ArticleVariantHashesWithoutThePreviousHash) {
  ChainRules article;
  article.proof_variant = ProofVariant::kArticle;
  const BlockPtr genesis = MakeGenesis(1.5, ProofVariant::kArticle);
  const std::int64_t proof = ProofOfWork(*genesis, article);
  EXPECT_TRUE(HasLeadingHexZeros(Sha256("100" + std::to_string(proof)), 4));
  for (std::int64_t p = 0; p < proof; ++p) {
    ASSERT_FALSE(HasLeadingHexZeros(Sha256("100" + std::to_string(p)), 4));
  }
}

TEST(ProofOfWorkTest, SearchCrossesDigitBoundariesCorrectly) {
  // Difficulty 1: about one proof in 16 is valid; check against the plain rule.
  ChainRules rules;
  rules.difficulty = 1;
  const ProofMessage message = ProofMessageFor(7, kGenesisHash, rules.proof_variant);
  for (const std::int64_t start : {0LL, 5LL, 9LL, 95LL, 99LL, 995LL, 99995LL}) {
    const std::optional<std::int64_t> found = SearchProof(message, 1, start, 1000);
    ASSERT_TRUE(found.has_value());
    std::int64_t expected = start;
    while (!ValidProof(7, expected, kGenesisHash, rules)) ++expected;
    EXPECT_EQ(*found, expected) << start;
  }
}

TEST(ProofOfWorkTest, SearchReportsNothingWhenTheRangeHasNoProof) {
  const ProofMessage message = ProofMessageFor(100, kGenesisHash, ProofVariant::kTutorial);
  EXPECT_FALSE(SearchProof(message, 4, 0, 32373).has_value());
  EXPECT_EQ(SearchProof(message, 4, 0, 32374), 32373);
}

TEST(HasLeadingHexZerosTest, ChecksNibblesNotBytes) {
  Digest digest{};
  digest[0] = 0x00;
  digest[1] = 0x0f;
  EXPECT_TRUE(HasLeadingHexZeros(digest, 3));
  EXPECT_FALSE(HasLeadingHexZeros(digest, 4));
  EXPECT_TRUE(HasLeadingHexZeros(Digest{}, 64));
}

}  // namespace
}  // namespace chainsim
