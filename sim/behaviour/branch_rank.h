#pragma once
// BranchOutranks: core's fork choice (Outranks, core/resolve.h) between two
// branches of the run's block tree, each named by its tip: what a node that
// holds both would pick. Shared by the push relay, the tie-breaking rule and
// the adversaries, so that all of them rank branches the same way.

#include <cstddef>

#include "core/chain_rules.h"
#include "core/resolve.h"
#include "sim/chain/block_tree.h"

namespace chainsim::sim {

// True if the branch ending at `candidate` Outranks the one ending at
// `current` under `choice` (strictly longer, or strictly more work).
inline bool BranchOutranks(const BlockTree& tree, ForkChoice choice, BlockId candidate,
                           BlockId current) {
  const BlockRecord& c = tree[candidate];
  const BlockRecord& t = tree[current];
  return Outranks(choice, {c.height + std::size_t{1}, c.chain_work},
                  {t.height + std::size_t{1}, t.chain_work});
}

// True if neither branch Outranks the other (same length, or same work).
inline bool BranchesTie(const BlockTree& tree, ForkChoice choice, BlockId a, BlockId b) {
  return !BranchOutranks(tree, choice, a, b) && !BranchOutranks(tree, choice, b, a);
}

}  // namespace chainsim::sim
