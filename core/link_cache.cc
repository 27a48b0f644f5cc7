#include "core/link_cache.h"

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
                 cache.rules().proof_variant == rules.proof_variant);
  if (chain.empty()) return CheckChain(chain, rules, with_work);
  ChainVerdict verdict;
  for (std::size_t i = 1; i < chain.size(); ++i) {
    double work = 0.0;
    if (const double* known = cache.Find(chain[i - 1], chain[i])) {
      work = *known;
    } else {
      const Block& parent = *chain[i - 1];
      const Block& block = *chain[i];
      const Digest digest =
          ProofDigest(parent.proof_text(), block.proof_text(), parent.hash(), rules.proof_variant);
      if (!block.Follows(parent.hash()) || !HasLeadingHexZeros(digest, rules.difficulty)) {
        // The failing link alone, through the reference code, for its reason.
        ChainVerdict link = CheckChain(Chain{chain[i - 1], chain[i]}, rules);
        CHAINSIM_CHECK(!link.valid);
        link.failed_position = i;
        link.work = verdict.work;  // CheckChain reports the work summed before the failure
        return link;
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
