#include "core/resolve.h"

#include "core/valid_chain.h"

namespace chainsim {

namespace {

ChainVerdict Check(const Chain& chain, const ChainRules& rules, bool with_work, LinkCache* cache) {
  return cache != nullptr ? CheckChainCached(chain, rules, with_work, *cache)
                          : CheckChain(chain, rules, with_work);
}

}  // namespace

bool Outranks(ForkChoice choice, const ChainStrength& candidate, const ChainStrength& current) {
  return choice == ForkChoice::kMostWork ? candidate.work > current.work
                                         : candidate.length > current.length;
}

ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules, LinkCache* cache) {
  ResolveDecision decision;
  decision.verdicts.resize(candidates.size());
  const bool by_work = rules.fork_choice == ForkChoice::kMostWork;
  ChainStrength best{ours.size(),
                     by_work ? Check(ours, rules, /*with_work=*/true, cache).work : 0.0};

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    CandidateVerdict& verdict = decision.verdicts[i];
    if (candidates[i] == nullptr) {
      verdict.outcome = CandidateOutcome::kNoReply;
      continue;
    }
    const Chain& candidate = *candidates[i];
    // Under kLongest the length decides before any validation (the reference
    // validates only longer chains).
    if (!by_work && !Outranks(rules.fork_choice, {candidate.size()}, best)) continue;
    const ChainVerdict check = Check(candidate, rules, by_work, cache);
    if (!check.valid) {
      verdict.outcome = CandidateOutcome::kInvalid;
      verdict.reason =
          "block at position " + std::to_string(check.failed_position) + ": " + check.reason;
      continue;
    }
    const ChainStrength strength{candidate.size(), check.work};
    if (!Outranks(rules.fork_choice, strength, best)) continue;  // kNotBetter
    verdict.outcome = CandidateOutcome::kBest;
    best = strength;
    decision.winner = i;
  }
  return decision;
}

}  // namespace chainsim
