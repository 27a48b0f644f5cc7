#pragma once
// valid_chain: the reference's check of a whole chain, with the reason when
// it fails.
//
// As in the reference, chain[0] is trusted as it is, and for each later block
// only two things are checked: previous_hash equals hash(previous block), and
// the proof is valid on top of the previous block. Indices, timestamps and
// transactions are not checked. With difficulty retargeting
// (ChainRules::retarget), "valid" means below the block's target, which
// the chain's own timestamps decide (core/proof_target.h).

#include <cstddef>
#include <string>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/proof_target.h"
#include "core/sha256.h"

namespace chainsim {

struct ChainVerdict {
  bool valid = true;
  // When !valid: the position (0-based) of the first block whose link fails,
  // and why, in words.
  std::size_t failed_position = 0;
  std::string reason;
  // The chain's work under ForkChoice::kMostWork (sum over blocks after
  // genesis of 2^256 / (proof hash + 1)); 0 when not asked for.
  double work = 0.0;
};

// One link of a chain: `block` follows `previous` (its previous_hash) and
// its proof is valid on top of previous's. `reason` says what fails.
struct LinkVerdict {
  bool valid = true;
  std::string reason;
  Digest proof_digest{};  // the digest the proof check hashed (when reached)
};
// Without retargeting (the target is always InitialTarget).
LinkVerdict CheckLink(const Block& previous, const Block& block, const ChainRules& rules);
// The same against `target`, the block's target (ChainTargets): under
// retargeting the reason names the target; otherwise exactly the 3-argument
// form. REQUIRES: without retargeting, target == InitialTarget(rules).
LinkVerdict CheckLink(const Block& previous, const Block& block, const ChainRules& rules,
                      const ProofTarget& target);

// Checks every link of `chain`. An empty chain is invalid (the reference
// crashes on it). `with_work` also sums the chain's proof work.
ChainVerdict CheckChain(const Chain& chain, const ChainRules& rules, bool with_work = false);

// valid_chain(chain).
bool ValidChain(const Chain& chain, const ChainRules& rules);

// The work a proof hash shows: 2^256 / (H + 1), H the digest as a number.
double ProofWork(const Digest& proof_digest);

}  // namespace chainsim
