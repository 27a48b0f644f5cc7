#include "core/proof_target.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/blockchain.h"
#include "core/link_cache.h"
#include "core/proof_of_work.h"
#include "core/valid_chain.h"

namespace chainsim {
namespace {

ChainRules RetargetRules(int every, double interval, int difficulty = 1) {
  ChainRules rules;
  rules.difficulty = difficulty;
  rules.retarget.every = every;
  rules.retarget.target_interval = interval;
  return rules;
}

// A chain mined by core's Blockchain with block i stamped at times[i - 1]
// (genesis at 0).
Chain MinedAt(const ChainRules& rules, const std::vector<double>& times) {
  Blockchain node(rules, "miner", 0.0);
  for (const double t : times) node.Mine(t);
  return node.chain();
}

TEST(ProofTargetTest, ForDifficultyAdmitsExactlyTheHashesWithThatManyHexZeros) {
  Digest digest{};
  digest[0] = 0x00;
  digest[1] = 0x0f;  // hex 000f...: three zeros
  EXPECT_TRUE(ProofTarget::ForDifficulty(3).Admits(digest));
  EXPECT_FALSE(ProofTarget::ForDifficulty(4).Admits(digest));
  EXPECT_EQ(HasLeadingHexZeros(digest, 3), ProofTarget::ForDifficulty(3).Admits(digest));
  EXPECT_TRUE(ProofTarget::ForDifficulty(0).Admits(Digest{0xff, 0xff}));
  EXPECT_FALSE(ProofTarget::ForDifficulty(64).Admits(Digest{0, 0, 0, 1}));
  EXPECT_TRUE(ProofTarget::ForDifficulty(64).Admits(Digest{}));
}

TEST(ProofTargetTest, HexZerosAndExpectedHashesOfTutorialTargets) {
  EXPECT_EQ(ProofTarget::ForDifficulty(4).HexZeros(), 4);
  EXPECT_EQ(ProofTarget::ForDifficulty(0).HexZeros(), 0);
  EXPECT_EQ(ProofTarget::ForDifficulty(64).HexZeros(), 64);
  EXPECT_DOUBLE_EQ(ProofTarget::ForDifficulty(4).ExpectedHashes(), 65536.0);
  EXPECT_EQ(ProofTarget::ForDifficulty(2).MaxDigestHex(), "00" + std::string(62, 'f'));
}

TEST(ProofTargetTest, ScaledTakesRationalFactorsBetweenHexSteps) {
  const ProofTarget half = ProofTarget::ForDifficulty(4).Scaled(1, 2);
  EXPECT_DOUBLE_EQ(half.ExpectedHashes(), 131072.0);
  EXPECT_EQ(half.HexZeros(), 4);
  EXPECT_EQ(half.MaxDigestHex(), "00007" + std::string(59, 'f'));
  EXPECT_EQ(ProofTarget::ForDifficulty(4).Scaled(16, 1), ProofTarget::ForDifficulty(3));
  // Kept in [1, 2^256].
  EXPECT_EQ(ProofTarget::ForDifficulty(1).Scaled(32, 1), ProofTarget::ForDifficulty(0));
  EXPECT_EQ(ProofTarget::ForDifficulty(64).Scaled(1, 4), ProofTarget::ForDifficulty(64));
}

TEST(ProofTargetTest, PeriodsStartAfterEveryBlocks) {
  const ChainRules rules = RetargetRules(3, 10.0);
  EXPECT_FALSE(StartsPeriod(rules, 1));
  EXPECT_FALSE(StartsPeriod(rules, 3));
  EXPECT_TRUE(StartsPeriod(rules, 4));
  EXPECT_FALSE(StartsPeriod(rules, 5));
  EXPECT_TRUE(StartsPeriod(rules, 7));
  EXPECT_FALSE(StartsPeriod(ChainRules{}, 4));
}

TEST(ProofTargetTest, BlocksTwiceTooFastHalveTheTarget) {
  const ChainRules rules = RetargetRules(2, 10.0);
  // Blocks 1 and 2 took 5 s each (10 s for 20 s expected).
  const Chain chain = MinedAt(rules, {5.0, 10.0, 15.0});
  const std::vector<ProofTarget> targets = ChainTargets(chain, rules);
  EXPECT_EQ(targets[1], ProofTarget::ForDifficulty(1));
  EXPECT_EQ(targets[2], ProofTarget::ForDifficulty(1));
  EXPECT_EQ(targets[3], ProofTarget::ForDifficulty(1).Scaled(1, 2));
  EXPECT_EQ(NextTarget(chain, rules), targets[3]);
  EXPECT_TRUE(CheckChain(chain, rules).valid);
}

TEST(ProofTargetTest, RetargetIsClampedToAFactorFourEitherWay) {
  const ChainRules rules = RetargetRules(2, 10.0);
  // 100x too fast and 100x too slow: the target moves by exactly 4.
  const Chain fast = MinedAt(rules, {0.1, 0.2, 0.3});
  EXPECT_EQ(ChainTargets(fast, rules)[3], ProofTarget::ForDifficulty(1).Scaled(1, 4));
  const Chain slow = MinedAt(rules, {1000.0, 2000.0, 2001.0});
  EXPECT_EQ(ChainTargets(slow, rules)[3], ProofTarget::ForDifficulty(1).Scaled(4, 1));
  // Time going backwards counts as the lower clamp.
  const Chain backwards = MinedAt(rules, {-50.0, -60.0, -61.0});
  EXPECT_EQ(ChainTargets(backwards, rules)[3], ProofTarget::ForDifficulty(1).Scaled(1, 4));
}

TEST(ProofTargetTest, AChainMinedAtTheTutorialTargetFailsWhereTheRetargetedTargetIsHarder) {
  const ChainRules rules = RetargetRules(2, 10.0, 2);
  ChainRules tutorial = rules;
  tutorial.retarget = {};
  // Mined ignoring the retarget (always 2 zeros): blocks 1 and 2 came 100x
  // too fast, so block 3 needed a target 4x smaller.
  Blockchain node(tutorial, "miner", 0.0);
  node.Mine(0.1);
  node.Mine(0.2);
  std::int64_t proof = ProofOfWork(node.last_block(), tutorial, 0);
  const ProofTarget harder = ProofTarget::ForDifficulty(2).Scaled(1, 4);
  while (harder.Admits(ProofDigest(node.last_block().proof_text(), std::to_string(proof),
                                   node.last_block().hash(), rules.proof_variant))) {
    proof = ProofOfWork(node.last_block(), tutorial, proof + 1);
  }
  node.Forge(proof, 0.3);
  const Chain chain = node.chain();
  EXPECT_TRUE(CheckChain(chain, tutorial).valid);
  const ChainVerdict verdict = CheckChain(chain, rules);
  EXPECT_FALSE(verdict.valid);
  EXPECT_EQ(verdict.failed_position, 3u);
  EXPECT_NE(verdict.reason.find("retargeted target"), std::string::npos) << verdict.reason;
  // The cached check agrees, reason included.
  LinkCache cache(rules);
  const ChainVerdict cached = CheckChainCached(chain, rules, false, cache);
  EXPECT_FALSE(cached.valid);
  EXPECT_EQ(cached.failed_position, 3u);
  EXPECT_EQ(cached.reason, verdict.reason);
}

TEST(ProofTargetTest, ProofOfWorkUnderTheInitialTargetIsTheTutorialProof) {
  const ChainRules rules = RetargetRules(5, 1.0, 3);
  ChainRules tutorial;
  tutorial.difficulty = 3;
  Blockchain node(tutorial, "miner", 0.0);
  EXPECT_EQ(ProofOfWork(node.last_block(), rules, InitialTarget(rules), 7),
            ProofOfWork(node.last_block(), node.rules(), 7));
}

TEST(ProofTargetTest, CheckRulesRefusesBadRetargetSettings) {
  EXPECT_TRUE(CheckRules(RetargetRules(2016, 600.0)).ok());
  EXPECT_FALSE(CheckRules(RetargetRules(-1, 600.0)).ok());
  EXPECT_FALSE(CheckRules(RetargetRules(kMaxRetargetEvery + 1, 600.0)).ok());
  EXPECT_FALSE(CheckRules(RetargetRules(10, 0.0)).ok());
  EXPECT_FALSE(CheckRules(RetargetRules(10, 2e9)).ok());
}

}  // namespace
}  // namespace chainsim
