#include "sim/behaviour/forgery.h"

#include <gtest/gtest.h>

#include <string>

#include "core/blockchain.h"
#include "core/valid_chain.h"

namespace chainsim::sim {
namespace {

// An honest chain of `length` blocks mined under `rules`.
Chain MineChain(const ChainRules& rules, int length) {
  Blockchain chain(rules, "honest", 1795491520.0);
  while (static_cast<int>(chain.chain().size()) < length) chain.Mine(1795491530.0);
  return chain.chain();
}

ChainRules Rules(int difficulty, ProofVariant variant = ProofVariant::kTutorial,
                 ForkChoice choice = ForkChoice::kLongest) {
  ChainRules rules;
  rules.difficulty = difficulty;
  rules.proof_variant = variant;
  rules.fork_choice = choice;
  return rules;
}

TEST(ForgeryTest, RewritesTheBlockAtDepthPaysTheForgerAndPads) {
  const ChainRules rules = Rules(2);
  const Chain honest = MineChain(rules, 6);
  ASSERT_TRUE(ValidChain(honest, rules));
  const ForgeryConfig config{.depth = 2, .amount = 1000, .extra_blocks = 3};
  const Chain forged = ForgeChain(honest, config, "forger", 1795491600.0);

  ASSERT_EQ(forged.size(), honest.size() + 3);
  const std::size_t position = ForgedBlockPosition(honest.size(), config);
  EXPECT_EQ(position, 3u);
  for (std::size_t i = 0; i < honest.size(); ++i) {
    if (i == position) continue;
    EXPECT_EQ(forged[i], honest[i]) << "block " << i << " is shared, not copied";
  }
  const Json& paid = forged[position]->transactions().back();
  EXPECT_EQ(paid, (Json{{"amount", 1000}, {"recipient", "forger"}, {"sender", "0"}}));
  EXPECT_EQ(forged[position]->transactions().size(), honest[position]->transactions().size() + 1);
  EXPECT_NE(forged[position]->hash(), honest[position]->hash());
  for (std::size_t i = honest.size(); i < forged.size(); ++i) {
    EXPECT_EQ(forged[i]->index(), IncrementInteger(forged[i - 1]->index()));
    EXPECT_TRUE(forged[i]->Follows(forged[i - 1]->hash()));
    EXPECT_EQ(forged[i]->proof(), 0);
  }
  // The honest chain the forgery came from is untouched.
  EXPECT_TRUE(ValidChain(honest, rules));
}

TEST(ForgeryTest, ValidChainRejectsEveryForgeryRightAfterTheRewrittenBlock) {
  for (const ChainRules& rules : {Rules(1), Rules(2), Rules(2, ProofVariant::kArticle),
                                  Rules(2, ProofVariant::kTutorial, ForkChoice::kMostWork)}) {
    for (int length : {1, 2, 5}) {
      const Chain honest = MineChain(rules, length);
      for (int depth : {0, 1, 2, 10}) {
        for (int extra : {1, 2}) {
          const ForgeryConfig config{.depth = depth, .amount = 1, .extra_blocks = extra};
          const Chain forged = ForgeChain(honest, config, "f", 1795491600.0);
          const ChainVerdict verdict = CheckChain(forged, rules);
          SCOPED_TRACE("length " + std::to_string(length) + " depth " + std::to_string(depth) +
                       " extra " + std::to_string(extra));
          EXPECT_FALSE(verdict.valid);
          EXPECT_EQ(verdict.failed_position, ForgedBlockPosition(honest.size(), config) + 1);
          EXPECT_NE(verdict.reason.find("previous_hash"), std::string::npos) << verdict.reason;
        }
      }
    }
  }
}

TEST(ForgeryTest, DepthBeyondTheChainRewritesGenesis) {
  EXPECT_EQ(ForgedBlockPosition(5, ForgeryConfig{.depth = 0}), 4u);
  EXPECT_EQ(ForgedBlockPosition(5, ForgeryConfig{.depth = 4}), 0u);
  EXPECT_EQ(ForgedBlockPosition(5, ForgeryConfig{.depth = 99}), 0u);
  EXPECT_EQ(ForgedBlockPosition(1, ForgeryConfig{.depth = 2}), 0u);
}

}  // namespace
}  // namespace chainsim::sim
