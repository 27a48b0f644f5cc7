#include "core/resolve.h"

#include "core/valid_chain.h"

namespace chainsim {

bool Outranks(ForkChoice choice, const ChainStrength& candidate, const ChainStrength& current) {
  return choice == ForkChoice::kMostWork ? candidate.work > current.work
                                         : candidate.length > current.length;
}

ChainVerdict VectorCandidate::Check(bool with_work) const {
  return cache_ != nullptr ? CheckChainCached(chain_, rules_, with_work, *cache_)
                           : CheckChain(chain_, rules_, with_work);
}

ResolveDecision ChooseChain(const CandidateChain& ours,
                            std::span<const CandidateChain* const> candidates, ForkChoice choice) {
  ResolveDecision decision;
  decision.verdicts.resize(candidates.size());
  const bool by_work = choice == ForkChoice::kMostWork;
  ChainStrength best{ours.length(), by_work ? ours.Check(/*with_work=*/true).work : 0.0};

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    CandidateVerdict& verdict = decision.verdicts[i];
    if (candidates[i] == nullptr) {
      verdict.outcome = CandidateOutcome::kNoReply;
      continue;
    }
    const CandidateChain& candidate = *candidates[i];
    // Under kLongest the length decides before any validation (the reference
    // validates only longer chains).
    if (!by_work && !Outranks(choice, {candidate.length()}, best)) continue;
    const ChainVerdict check = candidate.Check(by_work);
    if (!check.valid) {
      verdict.outcome = CandidateOutcome::kInvalid;
      verdict.reason =
          "block at position " + std::to_string(check.failed_position) + ": " + check.reason;
      continue;
    }
    const ChainStrength strength{candidate.length(), check.work};
    if (!Outranks(choice, strength, best)) continue;  // kNotBetter
    verdict.outcome = CandidateOutcome::kBest;
    best = strength;
    decision.winner = i;
  }
  return decision;
}

ResolveDecision ChooseChain(const Chain& ours, std::span<const Chain* const> candidates,
                            const ChainRules& rules, LinkCache* cache) {
  const VectorCandidate our_chain(ours, rules, cache);
  std::vector<VectorCandidate> held;
  held.reserve(candidates.size());
  std::vector<const CandidateChain*> slots(candidates.size(), nullptr);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i] != nullptr) slots[i] = &held.emplace_back(*candidates[i], rules, cache);
  }
  return ChooseChain(our_chain, slots, rules.fork_choice);
}

}  // namespace chainsim
