#include "core/resolve.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/blockchain.h"
#include "core/valid_chain.h"
#include "test_chains.h"

namespace chainsim {
namespace {

using testing::EasyRules;

Chain Mined(std::size_t length, const std::string& miner, Chain base = {}) {
  return testing::MinedChain(length, miner, std::move(base));
}

TEST(ResolveTest, AdoptsTheLongestValidChain) {
  const Chain ours = Mined(3, "a");
  const Chain longer = Mined(5, "b", ours);
  const Chain longest = Mined(6, "c", ours);
  const std::vector<const Chain*> candidates = {&longer, &longest};
  const ResolveDecision decision = ChooseChain(ours, candidates, EasyRules());
  ASSERT_TRUE(decision.winner.has_value());
  EXPECT_EQ(*decision.winner, 1U);
}

TEST(ResolveTest, TiesKeepOurChain) {
  const Chain base = Mined(2, "a");
  const Chain ours = Mined(4, "a", base);
  const Chain theirs = Mined(4, "b", base);
  ASSERT_NE(ours.back()->hash(), theirs.back()->hash());
  const std::vector<const Chain*> candidates = {&theirs};
  EXPECT_FALSE(ChooseChain(ours, candidates, EasyRules()).winner.has_value());
}

TEST(ResolveTest, FirstSeenWinsAmongEquallyLongCandidates) {
  const Chain ours = Mined(2, "a");
  const Chain first = Mined(4, "b", ours);
  const Chain second = Mined(4, "c", ours);
  const std::vector<const Chain*> candidates = {&first, &second};
  const ResolveDecision decision = ChooseChain(ours, candidates, EasyRules());
  EXPECT_EQ(decision.winner, 0U);
  EXPECT_EQ(decision.verdicts[1].outcome, CandidateOutcome::kNotBetter);
}

TEST(ResolveTest, SkipsALongerInvalidChainForAShorterValidOne) {
  const Chain ours = Mined(2, "a");
  Chain broken = Mined(8, "b", ours);
  BlockFields fields = broken[4]->fields();
  fields.proof = IncrementInteger(fields.proof);
  broken[4] = Block::Create(fields);
  const Chain valid = Mined(5, "c", ours);
  const std::vector<const Chain*> candidates = {&broken, &valid};
  const ResolveDecision decision = ChooseChain(ours, candidates, EasyRules());
  EXPECT_EQ(decision.winner, 1U);
  EXPECT_EQ(decision.verdicts[0].outcome, CandidateOutcome::kInvalid);
  EXPECT_NE(decision.verdicts[0].reason.find("position 4"), std::string::npos);
}

TEST(ResolveTest, EmptySlotsAreSkippedAndVerdictsStayInPeerOrder) {
  const Chain ours = Mined(2, "a");
  const Chain shorter = Mined(1, "b");
  const Chain longer = Mined(4, "c", ours);
  const std::vector<const Chain*> slots = {nullptr, &shorter, nullptr, &longer};
  const ResolveDecision decision = ChooseChain(ours, slots, EasyRules());
  EXPECT_EQ(decision.winner, 3U);
  ASSERT_EQ(decision.verdicts.size(), 4U);
  EXPECT_EQ(decision.verdicts[0].outcome, CandidateOutcome::kNoReply);
  EXPECT_EQ(decision.verdicts[1].outcome, CandidateOutcome::kNotBetter);
  EXPECT_EQ(decision.verdicts[2].outcome, CandidateOutcome::kNoReply);
  EXPECT_EQ(decision.verdicts[3].outcome, CandidateOutcome::kBest);
}

TEST(ResolveTest, OutranksIsStrictUnderBothRules) {
  EXPECT_TRUE(Outranks(ForkChoice::kLongest, {5, 0.0}, {4, 9.0}));
  EXPECT_FALSE(Outranks(ForkChoice::kLongest, {4, 9.0}, {4, 1.0}));  // ties keep ours
  EXPECT_TRUE(Outranks(ForkChoice::kMostWork, {3, 9.5}, {4, 9.0}));  // shorter, more work
  EXPECT_FALSE(Outranks(ForkChoice::kMostWork, {5, 9.0}, {4, 9.0}));
}

TEST(ResolveTest, NoCandidatesKeepsOurs) {
  EXPECT_FALSE(ChooseChain(Mined(2, "a"), {}, EasyRules()).winner.has_value());
}

TEST(ResolveTest, BlockchainResolveReplacesChainButKeepsPendingTransactions) {
  Blockchain node(EasyRules(), "ours", 1.0);
  node.NewTransaction("x", "y", 3);
  const Chain longer = Mined(3, "b");
  const std::vector<const Chain*> candidates = {&longer};
  EXPECT_TRUE(node.Resolve(candidates).winner.has_value());
  EXPECT_EQ(node.chain().back()->hash(), longer.back()->hash());
  EXPECT_EQ(node.pending_transactions().size(), 1U);
}

TEST(ResolveTest, MostWorkPrefersMoreProvenWorkOverLength) {
  ChainRules rules = EasyRules();
  rules.fork_choice = ForkChoice::kMostWork;
  const Chain ours = Mined(3, "a");
  const Chain candidate = Mined(4, "b", ours);
  const double our_work = CheckChain(ours, rules, true).work;
  const double their_work = CheckChain(candidate, rules, true).work;
  EXPECT_GT(their_work, our_work);  // every block adds positive work
  const std::vector<const Chain*> candidates = {&candidate};
  EXPECT_EQ(ChooseChain(ours, candidates, rules).winner, 0U);
  // The reverse direction never wins, and equal work keeps ours.
  const std::vector<const Chain*> back = {&ours};
  EXPECT_FALSE(ChooseChain(candidate, back, rules).winner.has_value());
  const std::vector<const Chain*> same = {&candidate};
  EXPECT_FALSE(ChooseChain(candidate, same, rules).winner.has_value());
}

TEST(ResolveTest, ProofWorkIsTwoToThe256OverHashPlusOne) {
  Digest digest{};
  digest[2] = 0x01;  // H = 2^232
  EXPECT_DOUBLE_EQ(ProofWork(digest), std::ldexp(1.0, 24));
}

}  // namespace
}  // namespace chainsim
