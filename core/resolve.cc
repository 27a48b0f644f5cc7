#include "core/resolve.h"

#include "core/valid_chain.h"

namespace chainsim {

ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules) {
  ResolveDecision decision;
  decision.verdicts.resize(candidates.size());
  const bool by_work = rules.fork_choice == ForkChoice::kMostWork;
  std::size_t best_length = ours.size();
  double best_work = by_work ? CheckChain(ours, rules, /*with_work=*/true).work : 0.0;

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Chain& candidate = *candidates[i];
    CandidateVerdict& verdict = decision.verdicts[i];
    if (!by_work && candidate.size() <= best_length) continue;  // kNotBetter
    const ChainVerdict check = CheckChain(candidate, rules, by_work);
    if (!check.valid) {
      verdict.outcome = CandidateOutcome::kInvalid;
      verdict.reason =
          "block at position " + std::to_string(check.failed_position) + ": " + check.reason;
      continue;
    }
    if (by_work && check.work <= best_work) continue;  // kNotBetter
    verdict.outcome = CandidateOutcome::kBest;
    best_length = candidate.size();
    best_work = check.work;
    decision.winner = i;
  }
  return decision;
}

}  // namespace chainsim
