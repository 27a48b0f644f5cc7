#include "core/valid_chain.h"

#include <gtest/gtest.h>

#include <array>
#include <limits>
#include <string>
#include <utility>

#include "core/blockchain.h"
#include "core/link_cache.h"
#include "core/proof_of_work.h"
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
      {"index", [](BlockFields& f) { f.index = IncrementInteger(f.index); }},
      {"timestamp", [](BlockFields& f) { f.timestamp = f.timestamp.get<double>() + 0.001; }},
      {"timestamp float to int",
       [](BlockFields& f) { f.timestamp = static_cast<std::int64_t>(f.timestamp.get<double>()); }},
      {"proof", [](BlockFields& f) { f.proof = IncrementInteger(f.proof); }},
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
  EXPECT_FALSE(ValidChain(
      WithEditedBlock(sample, tip, [](BlockFields& f) { f.proof = IncrementInteger(f.proof); }),
      ChainRules{}));
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

TEST(ProofTextTest, IsPythonsStrOfTheProof) {
  EXPECT_EQ(ProofText(Json(35293)), "35293");
  EXPECT_EQ(ProofText(Json(-7)), "-7");
  EXPECT_EQ(ProofText(Json(35293.0)), "35293.0");
  EXPECT_EQ(ProofText(Json(1e16)), "1e+16");
  EXPECT_EQ(ProofText(Json(0.5)), "0.5");
  EXPECT_EQ(ProofText(Json(std::numeric_limits<double>::infinity())), "inf");
  EXPECT_EQ(ProofText(Json(-std::numeric_limits<double>::infinity())), "-inf");
  EXPECT_EQ(ProofText(Json(std::numeric_limits<double>::quiet_NaN())), "nan");
  EXPECT_EQ(ProofText(IntegerFromDecimal("-123456789012345678901234567890")),
            "-123456789012345678901234567890");
}

// A block after `parent` whose proof is the first candidate(k), k = 0, 1, ...,
// that valid_proof accepts under `rules`.
template <typename Candidate>
BlockPtr MineWithProofs(const Block& parent, const ChainRules& rules, Candidate candidate) {
  for (std::int64_t k = 0;; ++k) {
    const Json proof = candidate(k);
    if (HasLeadingHexZeros(
            ProofDigest(parent.proof_text(), ProofText(proof), parent.hash(), rules.proof_variant),
            rules.difficulty)) {
      BlockFields fields;
      fields.index = IncrementInteger(parent.index());
      fields.proof = proof;
      fields.previous_hash = parent.hash();
      return Block::Create(std::move(fields));
    }
  }
}

TEST(ValidChainTest, ChecksFloatAndBigIntegerProofsOnTheirPythonText) {
  ChainRules rules;
  rules.difficulty = 2;
  const BlockPtr genesis = MakeGenesis(1.0);
  const BlockPtr with_float =
      MineWithProofs(*genesis, rules, [](std::int64_t k) { return Json(static_cast<double>(k)); });
  const BlockPtr with_big = MineWithProofs(*with_float, rules, [](std::int64_t k) {
    return IntegerFromDecimal("1" + std::string(30, '0') + std::to_string(k));
  });
  // valid_proof hashes str(last_proof) + str(proof) + last_hash.
  EXPECT_EQ(ProofDigest(with_float->proof_text(), with_big->proof_text(), with_float->hash(),
                        ProofVariant::kTutorial),
            Sha256(with_float->proof_text() + with_big->proof_text() + with_float->hash()));
  EXPECT_TRUE(with_float->proof_text().ends_with(".0")) << with_float->proof_text();
  EXPECT_TRUE(IsBigInteger(with_big->proof())) << with_big->proof_text();

  const Chain chain{genesis, with_float, with_big};
  const ChainVerdict verdict = CheckChain(chain, rules);
  EXPECT_TRUE(verdict.valid) << verdict.reason;
  LinkCache cache(rules);
  EXPECT_TRUE(CheckChainCached(chain, rules, false, cache).valid);

  // The integer with the float's value is another text: "12" is not "12.0".
  const Chain as_int = WithEditedBlock(
      chain, 1, [](BlockFields& f) { f.proof = static_cast<std::int64_t>(f.proof.get<double>()); });
  const ChainVerdict int_verdict = CheckChain(as_int, rules);
  EXPECT_FALSE(int_verdict.valid);
  EXPECT_NE(int_verdict.reason.find("is not valid on top of proof 100"), std::string::npos)
      << int_verdict.reason;

  // Mining goes on on top of a big proof, as the reference's proof_of_work does.
  Blockchain node(rules, "n", Chain(chain), Json::array());
  node.Mine(2.0);
  EXPECT_TRUE(ValidChain(node.chain(), rules));
  EXPECT_EQ(node.chain().size(), 4U);
}

}  // namespace
}  // namespace chainsim
