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

// Difficulty retargeting (Bitcoin's rule; core/proof_target.h has the exact
// arithmetic). Off by default: every block then needs `difficulty` hex zeros,
// as in the tutorial.
struct RetargetRule {
  // Blocks per period; 0 turns retargeting off. At most kMaxRetargetEvery.
  int every = 0;
  // Seconds one block should take on average; in (0, kMaxTargetInterval],
  // counted in whole milliseconds.
  double target_interval = 600.0;

  bool operator==(const RetargetRule&) const = default;
};

inline constexpr int kMaxRetargetEvery = 1'000'000;
inline constexpr double kMaxTargetInterval = 1e9;  // seconds (about 31 years)

struct ChainRules {
  // Number of leading hex zeros a proof hash needs; the reference uses 4.
  int difficulty = 4;
  ProofVariant proof_variant = ProofVariant::kTutorial;
  ForkChoice fork_choice = ForkChoice::kLongest;
  // Proof targets that follow the block rate; off (the tutorial) by default.
  RetargetRule retarget;
};

inline constexpr int kMaxDifficulty = 64;

// Parses "tutorial" / "article" and "longest" / "most-work".
Result<ProofVariant> ParseProofVariant(std::string_view name);
Result<ForkChoice> ParseForkChoice(std::string_view name);
std::string_view Name(ProofVariant variant);
std::string_view Name(ForkChoice fork_choice);

// Checks 0 <= difficulty <= kMaxDifficulty, 0 <= retarget.every <=
// kMaxRetargetEvery and, when retargeting, a target_interval of at least one
// millisecond and at most kMaxTargetInterval.
Result<void> CheckRules(const ChainRules& rules);

}  // namespace chainsim
