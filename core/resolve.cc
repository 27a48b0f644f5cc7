#include "core/resolve.h"

#include "core/valid_chain.h"

namespace chainsim {

namespace {

ChainVerdict Check(const Chain& chain, const ChainRules& rules, bool with_work, LinkCache* cache) {
  return cache != nullptr ? CheckChainCached(chain, rules, with_work, *cache)
                          : CheckChain(chain, rules, with_work);
}

}  // namespace

ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules, LinkCache* cache) {
  ResolveDecision decision;
  decision.verdicts.resize(candidates.size());
  const bool by_work = rules.fork_choice == ForkChoice::kMostWork;
  std::size_t best_length = ours.size();
  double best_work = by_work ? Check(ours, rules, /*with_work=*/true, cache).work : 0.0;

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Chain& candidate = *candidates[i];
    CandidateVerdict& verdict = decision.verdicts[i];
    if (!by_work && candidate.size() <= best_length) continue;  // kNotBetter
    const ChainVerdict check = Check(candidate, rules, by_work, cache);
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
