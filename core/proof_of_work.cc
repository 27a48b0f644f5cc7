#include "core/proof_of_work.h"

#include <limits>

#include "core/check.h"
#include "core/parallel_search.h"

namespace chainsim {

ProofMessage ProofMessageFor(std::int64_t last_proof, std::string_view last_hash,
                             ProofVariant variant) {
  ProofMessage message{std::to_string(last_proof), {}};
  if (variant == ProofVariant::kTutorial) message.suffix = std::string(last_hash);
  return message;
}

Digest ProofDigest(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                   ProofVariant variant) {
  std::string text = std::to_string(last_proof) + std::to_string(proof);
  if (variant == ProofVariant::kTutorial) text += last_hash;
  return Sha256(text);
}

bool ValidProof(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                const ChainRules& rules) {
  return HasLeadingHexZeros(ProofDigest(last_proof, proof, last_hash, rules.proof_variant),
                            rules.difficulty);
}

std::int64_t ProofOfWork(const Block& last_block, const ChainRules& rules, std::int64_t start,
                         int threads) {
  const ProofMessage message =
      ProofMessageFor(last_block.proof(), last_block.hash(), rules.proof_variant);
  const auto proof = ParallelSearchProof(message, rules.difficulty, start,
                                         std::numeric_limits<std::uint64_t>::max(), threads);
  CHAINSIM_CHECK(proof.has_value());
  return *proof;
}

}  // namespace chainsim
