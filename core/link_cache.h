#pragma once
// LinkCache: remembers which links (parent block -> block) have been checked
// valid, so that validating chains that share blocks by pointer (as the
// simulator's nodes do) hashes each shared link once.
//
// Blocks are immutable, so whether `block` is a valid successor of `parent`
// under fixed rules never changes: a link is identified by the two block
// objects (pointer identity) and the cache's rules. The cache holds a
// reference to every block it remembers, so an address can never be reused
// by another block while its entry exists. Only valid links are remembered;
// an invalid or unseen link is checked exactly as CheckChain checks it. The
// result of CheckChainCached is therefore identical to CheckChain's,
// including for tampered chains (tested in tests/core/proof_search_test.cc).
// Thread safety: none; one owner at a time.

#include <cstddef>
#include <unordered_map>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/valid_chain.h"

namespace chainsim {

class LinkCache {
 public:
  explicit LinkCache(const ChainRules& rules) : rules_(rules) {}

  const ChainRules& rules() const { return rules_; }
  // Number of remembered links.
  std::size_t size() const { return links_.size(); }
  // Forgets every link and releases the blocks it held.
  void Clear() { links_.clear(); }

  // The remembered proof work of the valid link parent -> block, or nullptr.
  const double* Find(const BlockPtr& parent, const BlockPtr& block) const;
  // Remembers the valid link parent -> block with its proof work.
  void Remember(const BlockPtr& parent, const BlockPtr& block, double work);

 private:
  struct Link {
    BlockPtr parent;
    BlockPtr block;  // keeps the key's address unique
    double work = 0.0;
  };
  ChainRules rules_;
  std::unordered_map<const Block*, Link> links_;  // by block
};

// CheckChain(chain, rules, with_work), skipping links the cache knows are
// valid and remembering the ones found valid. Same result as CheckChain.
// REQUIRES: cache.rules() has rules' difficulty, proof_variant and retarget.
ChainVerdict CheckChainCached(const Chain& chain, const ChainRules& rules, bool with_work,
                              LinkCache& cache);

}  // namespace chainsim
