#include "sim/chain/branch_checker.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>

#include "core/blockchain.h"
#include "core/chain_json.h"
#include "core/json.h"
#include "core/proof_of_work.h"
#include "core/valid_chain.h"
#include "tests/sim/chain/child_block.h"

namespace chainsim::sim {
namespace {

// A block on `parent` stamped `seconds`: with the first valid proof under
// `rules`, or with the first proof from 0 that fails them.
BlockPtr Child(const BlockPtr& parent, const ChainRules& rules, int seconds,
               bool valid_proof = true) {
  const auto make = [&](std::int64_t proof) { return ChildBlock(parent, proof, 1.0 * seconds); };
  std::int64_t proof = ProofOfWork(*parent, rules);
  if (!valid_proof) {
    proof = 0;
    while (CheckLink(*parent, *make(proof), rules).valid) ++proof;
  }
  return make(proof);
}

// genesis(0) - a(1) - b(2) - c(3)      b's proof fails
//                  \- d(4) - e(5)      all valid
class BranchCheckerTest : public ::testing::TestWithParam<ForkChoice> {
 protected:
  BranchCheckerTest() : tree_(MakeGenesis(1.0)) {
    rules_.difficulty = 2;
    rules_.fork_choice = GetParam();
    a_ = Add(0, 10);
    b_ = Add(a_, 20, /*valid_proof=*/false);
    c_ = Add(b_, 30);
    d_ = Add(a_, 25);
    e_ = Add(d_, 35);
  }
  BlockId Add(BlockId parent, int seconds, bool valid_proof = true) {
    return tree_.Add(Child(tree_[parent].block, rules_, seconds, valid_proof), parent, 0, 0);
  }
  ChainRules rules_;
  BlockTree tree_;
  BlockId a_, b_, c_, d_, e_;
};

TEST_P(BranchCheckerTest, GivesCheckChainsVerdictOnEveryBranch) {
  BranchChecker checker(tree_, rules_);
  const bool with_work = rules_.fork_choice == ForkChoice::kMostWork;
  // Asked from the deepest tip first, and again: the answers must not depend
  // on the order the facts were filled in.
  for (int pass = 0; pass < 2; ++pass) {
    for (const BlockId tip : {c_, e_, b_, a_, d_, BlockId{0}}) {
      const ChainVerdict expected = CheckChain(tree_.ChainTo(tip), rules_, with_work);
      const ChainVerdict actual = checker.Check(tip, with_work);
      EXPECT_EQ(actual.valid, expected.valid) << "tip " << tip;
      EXPECT_EQ(actual.failed_position, expected.failed_position) << "tip " << tip;
      EXPECT_EQ(actual.reason, expected.reason) << "tip " << tip;
      EXPECT_EQ(actual.work, expected.work) << "tip " << tip;  // bit-identical sums
    }
  }
  EXPECT_EQ(checker.FirstInvalid(c_), b_);
  EXPECT_EQ(checker.FirstInvalid(e_), kNoBlock);
  EXPECT_FALSE(checker.LinkValid(b_));
  EXPECT_TRUE(checker.LinkValid(c_));  // its own link is fine; its branch is not
}

TEST_P(BranchCheckerTest, LinksCheckedBeforeTheirBranchGiveTheSameWork) {
  BranchChecker checker(tree_, rules_);
  // The relay checks single links in any order (a child before its parent).
  EXPECT_TRUE(checker.LinkValid(e_));
  EXPECT_TRUE(checker.LinkValid(d_));
  const bool with_work = rules_.fork_choice == ForkChoice::kMostWork;
  EXPECT_EQ(checker.Check(e_, with_work).work,
            CheckChain(tree_.ChainTo(e_), rules_, with_work).work);
}

TEST_P(BranchCheckerTest, FollowsBlocksAddedAfterItWasMade) {
  BranchChecker checker(tree_, rules_);
  EXPECT_TRUE(checker.Check(e_, false).valid);
  const BlockId f = Add(e_, 40);
  const BlockId g = Add(c_, 45);
  EXPECT_TRUE(checker.Check(f, false).valid);
  EXPECT_EQ(checker.Check(g, false).failed_position, 2u);
}

TEST_P(BranchCheckerTest, ABranchCandidateIsJudgedAsItsBlocksWouldBe) {
  BranchChecker checker(tree_, rules_);
  const Chain ours = tree_.ChainTo(a_);
  const Chain longer_invalid = tree_.ChainTo(c_);
  const Chain longer_valid = tree_.ChainTo(e_);
  const std::array<const Chain*, 3> vectors = {&longer_invalid, nullptr, &longer_valid};
  const ResolveDecision expected = ChooseChain(ours, vectors, rules_);

  const TreeBranchCandidate our_branch(checker, tree_, a_);
  const TreeBranchCandidate c_branch(checker, tree_, c_);
  const TreeBranchCandidate e_branch(checker, tree_, e_);
  const std::array<const CandidateChain*, 3> branches = {&c_branch, nullptr, &e_branch};
  const ResolveDecision actual = ChooseChain(our_branch, branches, rules_.fork_choice);
  EXPECT_EQ(actual.winner, expected.winner);
  ASSERT_EQ(actual.verdicts.size(), expected.verdicts.size());
  for (std::size_t i = 0; i < actual.verdicts.size(); ++i) {
    EXPECT_EQ(actual.verdicts[i].outcome, expected.verdicts[i].outcome) << i;
    EXPECT_EQ(actual.verdicts[i].reason, expected.verdicts[i].reason) << i;
  }
  EXPECT_EQ(actual.winner, std::optional<std::size_t>(2));
  EXPECT_EQ(actual.verdicts[0].outcome, CandidateOutcome::kInvalid);
}

INSTANTIATE_TEST_SUITE_P(ForkChoices, BranchCheckerTest,
                         ::testing::Values(ForkChoice::kLongest, ForkChoice::kMostWork));

TEST(BlockTreeChainBytesTest, KeepWhatTheBranchWeighsOnTheWire) {
  BlockTree tree(MakeGenesis(1.0));
  ChainRules rules;
  rules.difficulty = 1;
  BlockId tip = 0;
  for (int k = 0; k < 5; ++k) {
    tip = tree.Add(Child(tree[tip].block, rules, 10 + k), tip, 0, 0);
    const Chain chain = tree.ChainTo(tip);
    EXPECT_EQ(ChainResponseSize(chain.size(), tree[tip].chain_bytes), ChainResponseSize(chain));
    EXPECT_EQ(ChainResponseSize(chain), ChainResponseBody(chain).size());
  }
}

}  // namespace
}  // namespace chainsim::sim
