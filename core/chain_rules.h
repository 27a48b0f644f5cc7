#pragma once
// ChainRules: the options that decide which chains are valid and which wins.
// Defaults reproduce the tutorial's reference node exactly.

#include <string>
#include <string_view>

#include "core/result.h"

namespace chainsim {

// Which text the proof of work hashes.
enum class ProofVariant {
  // dvf/blockchain as published: str(last_proof) + str(proof) + last_hash,
  // genesis previous_hash is the string "1".
  kTutorial,
  // The 2017 article text: str(last_proof) + str(proof), genesis
  // previous_hash is the integer 1.
  kArticle,
};

// How resolve picks among valid chains.
enum class ForkChoice {
  // The reference: strictly longer chains win, ties keep ours.
  kLongest,
  // Most accumulated work. With a fixed difficulty every block has the same
  // expected work, so this counts the work each proof actually shows:
  // 2^256 / (H + 1) for a proof hash H read as a 256-bit number. Strictly
  // more work wins, ties keep ours. See docs/consensus.md.
  kMostWork,
};

struct ChainRules {
  // Number of leading hex zeros a proof hash needs; the reference uses 4.
  int difficulty = 4;
  ProofVariant proof_variant = ProofVariant::kTutorial;
  ForkChoice fork_choice = ForkChoice::kLongest;
};

inline constexpr int kMaxDifficulty = 64;

// Parses "tutorial" / "article" and "longest" / "most-work".
Result<ProofVariant> ParseProofVariant(std::string_view name);
Result<ForkChoice> ParseForkChoice(std::string_view name);
std::string_view Name(ProofVariant variant);
std::string_view Name(ForkChoice fork_choice);

// Checks 0 <= difficulty <= kMaxDifficulty.
Result<void> CheckRules(const ChainRules& rules);

}  // namespace chainsim
