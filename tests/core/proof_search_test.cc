#include "core/proof_search.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/blockchain.h"
#include "core/parallel_search.h"
#include "core/proof_of_work.h"
#include "core/sha256.h"
#include "core/sha256_lanes.h"

namespace chainsim {
namespace {

constexpr char kGenesisHash[] = "af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2";

std::vector<ProofSearchPath> AvailablePaths() {
  std::vector<ProofSearchPath> paths;
  for (const ProofSearchPath path : kAllProofSearchPaths) {
    if (IsAvailable(path)) paths.push_back(path);
  }
  return paths;
}

// The reference rule, straight from core's valid_proof: the smallest proof
// in [start, start + count) whose digest has `difficulty` hex zeros.
std::optional<std::int64_t> ReferenceSearch(std::int64_t last_proof, const std::string& last_hash,
                                            ProofVariant variant, int difficulty,
                                            std::int64_t start, std::int64_t count) {
  ChainRules rules;
  rules.difficulty = difficulty;
  rules.proof_variant = variant;
  for (std::int64_t proof = start; proof < start + count; ++proof) {
    if (ValidProof(last_proof, proof, last_hash, rules)) return proof;
  }
  return std::nullopt;
}

TEST(ProofSearchTest, EveryPathFindsTheTutorialVector) {
  const ProofMessage message{"100", kGenesisHash};
  for (const ProofSearchPath path : AvailablePaths()) {
    EXPECT_EQ(SearchProofWith(path, message, 4, 0, 100000), 32373) << Name(path);
    EXPECT_EQ(SearchProofWith(path, message, 4, 32373, 1), 32373) << Name(path);
    EXPECT_EQ(SearchProofWith(path, message, 4, 32000, 373), std::nullopt) << Name(path);
  }
  EXPECT_EQ(Sha256Hex(std::string("100") + "32373" + kGenesisHash),
            "000093d8562168692bfba57c2bc6bb4f5a7390140bcd1a0dbe7527de453ec276");
  EXPECT_EQ(SearchProof(message, 4, 0, 100000), 32373);
}

TEST(ProofSearchTest, ThisMachineRunsAtLeastTheOpenSslAndPortablePaths) {
  EXPECT_TRUE(IsAvailable(ProofSearchPath::kOpenSslFormatted));
  EXPECT_TRUE(IsAvailable(ProofSearchPath::kOpenSslBlock));
  EXPECT_TRUE(IsAvailable(ProofSearchPath::kPortable));
  EXPECT_TRUE(IsAvailable(DefaultProofSearchPath()));
  std::string names;
  for (const ProofSearchPath path : AvailablePaths()) names += std::string(Name(path)) + " ";
  RecordProperty("available_paths", names);
}

// Tips of several digit counts, starts on both sides of the 9->10, 99->100,
// 99999->100000 and longer digit boundaries, difficulties 0..3, both variants.
TEST(ProofSearchTest, AllPathsMatchTheReferenceRuleAcrossDigitBoundaries) {
  const std::vector<std::int64_t> last_proofs = {100, 7, 35293, 123456789, 4611686018427387904};
  const std::vector<std::int64_t> starts = {0,      3,         85,         99990,
                                            999983, 999999990, 1000000000, 99999999999999995};
  const std::int64_t count = 1500;
  for (const std::int64_t last_proof : last_proofs) {
    const std::string last_hash = Sha256Hex("tip " + std::to_string(last_proof));
    for (const ProofVariant variant : {ProofVariant::kTutorial, ProofVariant::kArticle}) {
      const ProofMessage message = ProofMessageFor(last_proof, last_hash, variant);
      for (int difficulty = 0; difficulty <= 3; ++difficulty) {
        for (const std::int64_t start : starts) {
          const auto expected =
              ReferenceSearch(last_proof, last_hash, variant, difficulty, start, count);
          for (const ProofSearchPath path : AvailablePaths()) {
            ASSERT_EQ(SearchProofWith(path, message, difficulty, start, count), expected)
                << Name(path) << " last_proof " << last_proof << " variant " << Name(variant)
                << " difficulty " << difficulty << " start " << start;
          }
        }
      }
    }
  }
}

TEST(ProofSearchTest, EveryStartOffsetAroundHundredAndDigitBoundaries) {
  // Each start puts the first valid proof in a different lane of a batch,
  // and batches across x99 -> (x+1)00 and 99999 -> 100000.
  const std::string last_hash = Sha256Hex("offsets");
  const ProofMessage message = ProofMessageFor(35293, last_hash, ProofVariant::kTutorial);
  for (std::int64_t start = 99870; start < 100130; ++start) {
    const auto expected = ReferenceSearch(35293, last_hash, ProofVariant::kTutorial, 2, start, 40);
    for (const ProofSearchPath path : AvailablePaths()) {
      ASSERT_EQ(SearchProofWith(path, message, 2, start, 40), expected)
          << Name(path) << " start " << start;
    }
  }
}

TEST(ProofSearchTest, AllPathsAgreeAtDifficultyFourAndFive) {
  for (const std::int64_t last_proof : {std::int64_t{100}, std::int64_t{2024}}) {
    const std::string last_hash = Sha256Hex("five " + std::to_string(last_proof));
    const ProofMessage message = ProofMessageFor(last_proof, last_hash, ProofVariant::kTutorial);
    for (int difficulty = 4; difficulty <= 5; ++difficulty) {
      // The default path finds it; every path, started a little before,
      // agrees; the reference rule confirms nothing smaller in that window.
      const auto found = SearchProof(message, difficulty, 0, std::uint64_t{1} << 30);
      ASSERT_TRUE(found.has_value());
      ChainRules rules;
      rules.difficulty = difficulty;
      EXPECT_TRUE(ValidProof(last_proof, *found, last_hash, rules));
      const std::int64_t start = std::max<std::int64_t>(0, *found - 700);
      EXPECT_EQ(ReferenceSearch(last_proof, last_hash, ProofVariant::kTutorial, difficulty, start,
                                *found - start + 1),
                found);
      for (const ProofSearchPath path : AvailablePaths()) {
        EXPECT_EQ(SearchProofWith(path, message, difficulty, start, 1000), found) << Name(path);
        EXPECT_EQ(SearchProofWith(path, message, difficulty, *found + 1, 0), std::nullopt);
      }
    }
  }
}

TEST(ProofSearchTest, HighDifficultyChecksTheWholeDigestNotJustTheFirstWord) {
  // At difficulty >= 8 the kernels flag lanes whose first word is zero; the
  // search must still confirm the rest. Nothing in this small range has 9.
  const ProofMessage message{"100", kGenesisHash};
  for (const ProofSearchPath path : AvailablePaths()) {
    EXPECT_EQ(SearchProofWith(path, message, 9, 0, 3000), std::nullopt) << Name(path);
    EXPECT_EQ(SearchProofWith(path, message, 64, 0, 3000), std::nullopt) << Name(path);
  }
}

TEST(ProofSearchTest, LongMessagesFallBackAndStillAgree) {
  // A suffix of 300 bytes needs 5 blocks: more than the lane kernels lay out.
  const std::string suffix(300, 'x');
  const ProofMessage message{"42", suffix};
  std::optional<std::int64_t> expected;
  for (std::int64_t proof = 0; proof < 2000 && !expected; ++proof) {
    if (HasLeadingHexZeros(Sha256("42" + std::to_string(proof) + suffix), 2)) expected = proof;
  }
  ASSERT_TRUE(expected.has_value());
  for (const ProofSearchPath path : AvailablePaths()) {
    EXPECT_EQ(SearchProofWith(path, message, 2, 0, 2000), expected) << Name(path);
  }
}

TEST(ProofSearchTest, RangeEndsAtInt64Max) {
  const ProofMessage message{"100", kGenesisHash};
  const std::int64_t max = INT64_MAX;
  for (const ProofSearchPath path : AvailablePaths()) {
    const auto found = SearchProofWith(path, message, 1, max - 100, UINT64_MAX);
    const auto expected =
        ReferenceSearch(100, kGenesisHash, ProofVariant::kTutorial, 1, max - 100, 100);
    EXPECT_EQ(found, expected) << Name(path);
    EXPECT_EQ(SearchProofWith(path, message, 64, max - 40, UINT64_MAX), std::nullopt);
  }
}

TEST(Sha256LanesTest, CompressMatchesOpenSsl) {
  // "abc", padded: one block.
  std::array<std::uint32_t, 16> block{};
  block[0] = 0x61626380;
  block[15] = 24;
  std::array<std::uint32_t, 8> state = kSha256Iv;
  Sha256Compress(state, block.data());
  const Digest expected = Sha256("abc");
  for (std::size_t i = 0; i < 8; ++i) {
    const std::uint32_t word = std::uint32_t{expected[4 * i]} << 24 |
                               std::uint32_t{expected[4 * i + 1]} << 16 |
                               std::uint32_t{expected[4 * i + 2]} << 8 | expected[4 * i + 3];
    EXPECT_EQ(state[i], word) << i;
  }
}

TEST(ParallelSearchTest, FindsTheSameProofAsTheSerialSearch) {
  for (const std::int64_t last_proof : {std::int64_t{100}, std::int64_t{555}}) {
    const std::string last_hash = Sha256Hex("parallel " + std::to_string(last_proof));
    const ProofMessage message{std::to_string(last_proof), last_hash};
    for (const int difficulty : {3, 4}) {
      for (const std::int64_t start : {std::int64_t{0}, std::int64_t{123456}}) {
        const auto serial = SearchProof(message, difficulty, start, 4000000);
        for (const int threads : {2, 3, 0}) {
          EXPECT_EQ(ParallelSearchProof(message, difficulty, start, 4000000, threads), serial)
              << "threads " << threads << " difficulty " << difficulty << " start " << start;
        }
      }
    }
  }
}

TEST(ParallelSearchTest, ReturnsNothingWhenTheRangeHasNoProof) {
  const ProofMessage message{"100", kGenesisHash};
  EXPECT_EQ(ParallelSearchProof(message, 12, 0, 300000, 3), std::nullopt);
  EXPECT_EQ(ParallelSearchProof(message, 4, 32000, 373, 2), std::nullopt);
  EXPECT_EQ(ParallelSearchProof(message, 4, 32000, 374, 2), 32373);
}

TEST(ParallelSearchTest, TheSmallestProofWinsWhenLaterChunksHoldProofsToo) {
  // Difficulty 2: every chunk of 65536 nonces holds hundreds of proofs, so
  // all threads find one; only the first in nonce order may win.
  const ProofMessage message{"100", kGenesisHash};
  for (const ProofSearchPath path : AvailablePaths()) {
    const auto serial = SearchProofWith(path, message, 2, 65000, 1 << 20);
    for (int repeat = 0; repeat < 5; ++repeat) {
      EXPECT_EQ(ParallelSearchProofWith(path, message, 2, 65000, 1 << 20, 4), serial) << Name(path);
    }
  }
}

TEST(ParallelSearchTest, ProofOfWorkWithThreadsMatchesOneThread) {
  const BlockPtr genesis = MakeGenesis(1795491520.9328644);
  EXPECT_EQ(ProofOfWork(*genesis, ChainRules{}, 0, 2), 32373);
  EXPECT_EQ(ProofOfWork(*genesis, ChainRules{}, 32374, 2),
            ProofOfWork(*genesis, ChainRules{}, 32374));
}

}  // namespace
}  // namespace chainsim

namespace chainsim {
namespace {

TEST(ProofDigestTest, MatchesSha256OfTheFormattedText) {
  const std::string hash = Sha256Hex("digest");
  for (const std::int64_t last_proof :
       {std::int64_t{0}, std::int64_t{100}, std::int64_t{-7}, INT64_MAX, INT64_MIN}) {
    for (const std::int64_t proof : {std::int64_t{0}, std::int64_t{32373}, INT64_MAX, INT64_MIN}) {
      const std::string text = std::to_string(last_proof) + std::to_string(proof);
      EXPECT_EQ(ProofDigest(last_proof, proof, hash, ProofVariant::kTutorial), Sha256(text + hash));
      EXPECT_EQ(ProofDigest(last_proof, proof, hash, ProofVariant::kArticle), Sha256(text));
    }
  }
}

}  // namespace
}  // namespace chainsim
