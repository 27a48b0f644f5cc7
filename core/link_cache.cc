#include "core/link_cache.h"

#include <utility>

#include "core/check.h"
#include "core/proof_of_work.h"

namespace chainsim {

const double* LinkCache::Find(const BlockPtr& parent, const BlockPtr& block) const {
  const auto it = links_.find(block.get());
  if (it == links_.end() || it->second.parent != parent) return nullptr;
  return &it->second.work;
}

void LinkCache::Remember(const BlockPtr& parent, const BlockPtr& block, double work) {
  links_.insert_or_assign(block.get(), Link{parent, block, work});
}

ChainVerdict CheckChainCached(const Chain& chain, const ChainRules& rules, bool with_work,
                              LinkCache& cache) {
  CHAINSIM_CHECK(cache.rules().difficulty == rules.difficulty &&
                 cache.rules().proof_variant == rules.proof_variant &&
                 cache.rules().retarget == rules.retarget);
  if (chain.empty()) return CheckChain(chain, rules, with_work);
  ChainVerdict verdict;
  // Under retargeting a link's target depends on the blocks before it; the
  // previous_hash links pin those blocks, so a link found valid once stays
  // valid wherever the same two blocks meet on a chain checked from genesis.
  const bool retarget = rules.retarget.every > 0;
  const auto every = static_cast<std::size_t>(rules.retarget.every);
  ProofTarget target = InitialTarget(rules);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (retarget && StartsPeriod(rules, i)) {
      target = RetargetedTarget(rules, target, *chain[i - 1 - every], *chain[i - 1]);
    }
    double work = 0.0;
    if (const double* known = cache.Find(chain[i - 1], chain[i])) {
      work = *known;
    } else {
      const Block& parent = *chain[i - 1];
      const Block& block = *chain[i];
      const Digest digest =
          ProofDigest(parent.proof_text(), block.proof_text(), parent.hash(), rules.proof_variant);
      const bool proof_ok =
          retarget ? target.Admits(digest) : HasLeadingHexZeros(digest, rules.difficulty);
      if (!block.Follows(parent.hash()) || !proof_ok) {
        // The failing link alone, through the reference code, for its reason.
        LinkVerdict link = CheckLink(parent, block, rules, target);
        CHAINSIM_CHECK(!link.valid);
        ChainVerdict failed;
        failed.valid = false;
        failed.failed_position = i;
        failed.reason = std::move(link.reason);
        failed.work = verdict.work;  // CheckChain reports the work summed before the failure
        return failed;
      }
      work = ProofWork(digest);
      cache.Remember(chain[i - 1], chain[i], work);
    }
    // Summed in chain order, as CheckChain does, so the total is bit-identical.
    if (with_work) verdict.work += work;
  }
  return verdict;
}

}  // namespace chainsim
