#include "core/valid_chain.h"

#include <cmath>
#include <utility>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/proof_of_work.h"

namespace chainsim {

double ProofWork(const Digest& proof_digest) {
  // H + 1 to double precision: the first 8 bytes carry all 53 bits needed.
  double h = 0.0;
  for (std::size_t i = 0; i < 8; ++i) h = h * 256.0 + proof_digest[i];
  h = std::ldexp(h, 192) + 1.0;
  return std::ldexp(1.0, 256) / h;
}

LinkVerdict CheckLink(const Block& previous, const Block& block, const ChainRules& rules) {
  CHAINSIM_CHECK(rules.retarget.every == 0);
  return CheckLink(previous, block, rules, InitialTarget(rules));
}

LinkVerdict CheckLink(const Block& previous, const Block& block, const ChainRules& rules,
                      const ProofTarget& target) {
  LinkVerdict link;
  if (!block.Follows(previous.hash())) {
    link.valid = false;
    link.reason = "previous_hash " + ToJson(block.previous_hash()) +
                  " is not the hash of the block before it (" + previous.hash() + ")";
    return link;
  }
  link.proof_digest =
      ProofDigest(previous.proof_text(), block.proof_text(), previous.hash(), rules.proof_variant);
  if (rules.retarget.every > 0) {
    if (!target.Admits(link.proof_digest)) {
      link.valid = false;
      link.reason = "proof " + block.proof_text() + " is not valid on top of proof " +
                    previous.proof_text() + ": its hash " + ToHex(link.proof_digest) +
                    " is above the block's retargeted target (largest valid hash " +
                    target.MaxDigestHex() + ")";
    }
    return link;
  }
  if (!HasLeadingHexZeros(link.proof_digest, rules.difficulty)) {
    link.valid = false;
    link.reason = "proof " + block.proof_text() + " is not valid on top of proof " +
                  previous.proof_text() + ": its hash " + ToHex(link.proof_digest) +
                  " does not start with " + std::to_string(rules.difficulty) + " zeros";
  }
  return link;
}

ChainVerdict CheckChain(const Chain& chain, const ChainRules& rules, bool with_work) {
  ChainVerdict verdict;
  if (chain.empty()) {
    verdict.valid = false;
    verdict.reason = "the chain is empty (it needs at least a genesis block)";
    return verdict;
  }
  const auto every = static_cast<std::size_t>(rules.retarget.every);
  ProofTarget target = InitialTarget(rules);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    if (StartsPeriod(rules, i)) {
      target = RetargetedTarget(rules, target, *chain[i - 1 - every], *chain[i - 1]);
    }
    LinkVerdict link = CheckLink(*chain[i - 1], *chain[i], rules, target);
    if (!link.valid) {
      verdict.valid = false;
      verdict.failed_position = i;
      verdict.reason = std::move(link.reason);
      return verdict;
    }
    if (with_work) verdict.work += ProofWork(link.proof_digest);
  }
  return verdict;
}

bool ValidChain(const Chain& chain, const ChainRules& rules) {
  return CheckChain(chain, rules).valid;
}

}  // namespace chainsim
