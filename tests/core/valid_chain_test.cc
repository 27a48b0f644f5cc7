#include "core/valid_chain.h"

#include <gtest/gtest.h>

#include <array>
#include <utility>

#include "core/blockchain.h"
#include "core/resolve.h"
#include "sample_chain.h"

namespace chainsim {
namespace {

// Returns `chain` with block `position` rebuilt after `edit` changed its fields.
template <typename Edit>
Chain WithEditedBlock(Chain chain, std::size_t position, Edit edit) {
  BlockFields fields = chain[position]->fields();
  edit(fields);
  chain[position] = Block::Create(std::move(fields));
  return chain;
}

// Every kind of field change a tamperer could make.
const std::vector<std::pair<std::string, void (*)(BlockFields&)>>& Tamperings() {
  static const std::vector<std::pair<std::string, void (*)(BlockFields&)>> kTamperings = {
      {"index", [](BlockFields& f) { f.index += 1; }},
      {"timestamp", [](BlockFields& f) { f.timestamp = f.timestamp.get<double>() + 0.001; }},
      {"timestamp float to int",
       [](BlockFields& f) { f.timestamp = static_cast<std::int64_t>(f.timestamp.get<double>()); }},
      {"proof", [](BlockFields& f) { f.proof += 1; }},
      {"previous_hash", [](BlockFields& f) { f.previous_hash = std::string(64, '0'); }},
      {"add transaction",
       [](BlockFields& f) {
         f.transactions.push_back({{"amount", 1}});
       }},
      {"amount int to float",
       [](BlockFields& f) {
         if (!f.transactions.empty() && f.transactions[0]["amount"].is_number_integer()) {
           f.transactions[0]["amount"] = f.transactions[0]["amount"].get<double>();
         } else {
           f.transactions = Json::array({Json::object()});
         }
       }},
  };
  return kTamperings;
}

TEST(ValidChainTest, AcceptsTheReferenceSample) {
  const ChainVerdict verdict = CheckChain(testing::SampleChain(), ChainRules{});
  EXPECT_TRUE(verdict.valid) << verdict.reason;
}

TEST(ValidChainTest, RejectsAnyChangedFieldInAnyBlockBeforeTheTip) {
  const Chain sample = testing::SampleChain();
  for (std::size_t position = 0; position + 1 < sample.size(); ++position) {
    for (const auto& [name, edit] : Tamperings()) {
      const Chain tampered = WithEditedBlock(sample, position, edit);
      if (tampered[position]->hash() == sample[position]->hash()) continue;  // edit was a no-op
      const ChainVerdict verdict = CheckChain(tampered, ChainRules{});
      EXPECT_FALSE(verdict.valid) << name << " at " << position;
      // A block's own link breaks when its proof or previous_hash changes;
      // any other change breaks the next block's previous_hash.
      const bool own_link = position > 0 && (name == "proof" || name == "previous_hash");
      EXPECT_EQ(verdict.failed_position, own_link ? position : position + 1)
          << name << " at " << position;
    }
  }
}

TEST(ValidChainTest, RejectsAChangedProofOrLinkOfTheTip) {
  const Chain sample = testing::SampleChain();
  const std::size_t tip = sample.size() - 1;
  EXPECT_FALSE(
      ValidChain(WithEditedBlock(sample, tip, [](BlockFields& f) { f.proof += 1; }), ChainRules{}));
  EXPECT_FALSE(ValidChain(
      WithEditedBlock(sample, tip, [](BlockFields& f) { f.previous_hash = "1"; }), ChainRules{}));
}

TEST(ValidChainTest, LikeTheReferenceDoesNotCoverTheTipsOwnContent) {
  // The proof covers only the previous block, so the tip's transactions can
  // be changed without valid_chain noticing: a property of the tutorial.
  const Chain sample = testing::SampleChain();
  const Chain edited = WithEditedBlock(
      sample, sample.size() - 1, [](BlockFields& f) { f.transactions[0]["amount"] = 1000000; });
  EXPECT_TRUE(ValidChain(edited, ChainRules{}));
}

TEST(ValidChainTest, RejectsSwappedAndDroppedBlocks) {
  const Chain sample = testing::SampleChain();
  for (std::size_t i = 0; i + 1 < sample.size(); ++i) {
    Chain swapped = sample;
    std::swap(swapped[i], swapped[i + 1]);
    EXPECT_FALSE(ValidChain(swapped, ChainRules{})) << "swap " << i;
  }
  for (std::size_t i = 1; i + 1 < sample.size(); ++i) {
    Chain dropped = sample;
    dropped.erase(dropped.begin() + static_cast<std::ptrdiff_t>(i));
    const ChainVerdict verdict = CheckChain(dropped, ChainRules{});
    EXPECT_FALSE(verdict.valid) << "drop " << i;
    EXPECT_EQ(verdict.failed_position, i);
  }
}

TEST(ValidChainTest, ResolveKeepsOurChainAgainstAnyTamperedLongerChain) {
  const Chain sample = testing::SampleChain();
  const Chain ours(sample.begin(), sample.begin() + 3);
  for (std::size_t position = 0; position + 1 < sample.size(); ++position) {
    for (const auto& [name, edit] : Tamperings()) {
      const Chain tampered = WithEditedBlock(sample, position, edit);
      if (tampered[position]->hash() == sample[position]->hash()) continue;
      const std::array<const Chain*, 1> candidates = {&tampered};
      const ResolveDecision decision = ChooseChain(ours, candidates, ChainRules{});
      EXPECT_FALSE(decision.winner.has_value()) << name << " at " << position;
      EXPECT_EQ(decision.verdicts[0].outcome, CandidateOutcome::kInvalid);
    }
  }
}

TEST(ValidChainTest, ExplainsTheFailingLink) {
  Chain sample = testing::SampleChain();
  const ChainVerdict verdict =
      CheckChain(WithEditedBlock(sample, 3, [](BlockFields& f) { f.proof = 7; }), ChainRules{});
  ASSERT_FALSE(verdict.valid);
  EXPECT_EQ(verdict.failed_position, 3U);
  EXPECT_NE(verdict.reason.find("proof 7 is not valid"), std::string::npos) << verdict.reason;
}

TEST(ValidChainTest, EmptyChainIsInvalidAndGenesisAloneIsValid) {
  EXPECT_FALSE(ValidChain(Chain{}, ChainRules{}));
  EXPECT_TRUE(ValidChain(Chain{MakeGenesis(1.0)}, ChainRules{}));
}

TEST(ValidChainTest, DifficultyAndVariantAreTheValidatorsRules) {
  const Chain sample = testing::SampleChain();
  ChainRules harder;
  harder.difficulty = 6;
  EXPECT_FALSE(ValidChain(sample, harder));
  ChainRules article;
  article.proof_variant = ProofVariant::kArticle;
  EXPECT_FALSE(ValidChain(sample, article));
}

}  // namespace
}  // namespace chainsim
