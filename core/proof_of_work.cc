#include "core/proof_of_work.h"

#include <openssl/sha.h>

#include <charconv>
#include <limits>

#include "core/check.h"
#include "core/parallel_search.h"

// SHA256_Init/Update/Final: deprecated as an API in OpenSSL 3 but present,
// and without the per-call EVP fetch of SHA256().
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace chainsim {

ProofMessage ProofMessageFor(std::int64_t last_proof, std::string_view last_hash,
                             ProofVariant variant) {
  ProofMessage message{std::to_string(last_proof), {}};
  if (variant == ProofVariant::kTutorial) message.suffix = std::string(last_hash);
  return message;
}

Digest ProofDigest(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                   ProofVariant variant) {
  // The same bytes as str(last_proof) + str(proof) [+ last_hash], formatted
  // on the stack and hashed with OpenSSL's low-level SHA-256 calls: about 4x
  // faster than building a std::string and calling SHA256(), which goes
  // through EVP (measured in bench/chain; valid_chain is one of these per block).
  char numbers[48];
  char* end = std::to_chars(numbers, numbers + 24, last_proof).ptr;
  end = std::to_chars(end, end + 24, proof).ptr;
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, numbers, static_cast<std::size_t>(end - numbers));
  if (variant == ProofVariant::kTutorial)
    SHA256_Update(&context, last_hash.data(), last_hash.size());
  Digest digest;
  SHA256_Final(digest.data(), &context);
  return digest;
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
