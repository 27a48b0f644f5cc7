#include "core/chain_rules.h"

namespace chainsim {

Result<ProofVariant> ParseProofVariant(std::string_view name) {
  if (name == "tutorial") return ProofVariant::kTutorial;
  if (name == "article") return ProofVariant::kArticle;
  return Error{"unknown proof variant '" + std::string(name) + "' (expected tutorial or article)"};
}

Result<ForkChoice> ParseForkChoice(std::string_view name) {
  if (name == "longest") return ForkChoice::kLongest;
  if (name == "most-work") return ForkChoice::kMostWork;
  return Error{"unknown fork choice '" + std::string(name) + "' (expected longest or most-work)"};
}

std::string_view Name(ProofVariant variant) {
  return variant == ProofVariant::kTutorial ? "tutorial" : "article";
}

std::string_view Name(ForkChoice fork_choice) {
  return fork_choice == ForkChoice::kLongest ? "longest" : "most-work";
}

Result<void> CheckRules(const ChainRules& rules) {
  if (rules.difficulty < 0 || rules.difficulty > kMaxDifficulty) {
    return Error{"difficulty " + std::to_string(rules.difficulty) + " is out of range (0.." +
                 std::to_string(kMaxDifficulty) + " hex zeros)"};
  }
  const RetargetRule& retarget = rules.retarget;
  if (retarget.every < 0 || retarget.every > kMaxRetargetEvery) {
    return Error{"retarget every " + std::to_string(retarget.every) + " is out of range (0.." +
                 std::to_string(kMaxRetargetEvery) + " blocks)"};
  }
  if (retarget.every > 0 &&
      !(retarget.target_interval >= 0.001 && retarget.target_interval <= kMaxTargetInterval)) {
    return Error{"retarget target_interval " + std::to_string(retarget.target_interval) +
                 " s is out of range (0.001 s .. 1e9 s)"};
  }
  return {};
}

}  // namespace chainsim
