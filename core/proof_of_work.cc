#include "core/proof_of_work.h"

#include <openssl/sha.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/parallel_search.h"

// SHA256_Init/Update/Final: deprecated as an API in OpenSSL 3 but present,
// and without the per-call EVP fetch of SHA256().
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace chainsim {

std::string ProofText(const Json& proof) {
  CHAINSIM_CHECK(IsNumber(proof));
  if (!proof.is_number_float()) return ToJson(proof);  // an integer's digits
  const double x = proof.get<double>();
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  std::string text;
  AppendPythonFloat(x, text);
  return text;
}

ProofMessage ProofMessageFor(std::string_view last_proof_text, std::string_view last_hash,
                             ProofVariant variant) {
  ProofMessage message{std::string(last_proof_text), {}};
  if (variant == ProofVariant::kTutorial) message.suffix = std::string(last_hash);
  return message;
}

ProofMessage ProofMessageFor(std::int64_t last_proof, std::string_view last_hash,
                             ProofVariant variant) {
  return ProofMessageFor(std::to_string(last_proof), last_hash, variant);
}

Digest ProofDigest(std::string_view last_proof_text, std::string_view proof_text,
                   std::string_view last_hash, ProofVariant variant) {
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, last_proof_text.data(), last_proof_text.size());
  SHA256_Update(&context, proof_text.data(), proof_text.size());
  if (variant == ProofVariant::kTutorial) {
    SHA256_Update(&context, last_hash.data(), last_hash.size());
  }
  Digest digest;
  SHA256_Final(digest.data(), &context);
  return digest;
}

Digest ProofDigest(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                   ProofVariant variant) {
  // The same bytes as str(last_proof) + str(proof) [+ last_hash], formatted
  // on the stack and hashed with OpenSSL's low-level SHA-256 calls: about 4x
  // faster than building a std::string and calling SHA256(), which goes
  // through EVP (measured in bench/chain; valid_chain is one of these per block).
  std::array<char, 48> numbers;
  char* end = std::to_chars(numbers.data(), numbers.data() + 24, last_proof).ptr;
  end = std::to_chars(end, end + 24, proof).ptr;
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, numbers.data(), static_cast<std::size_t>(end - numbers.data()));
  if (variant == ProofVariant::kTutorial) {
    SHA256_Update(&context, last_hash.data(), last_hash.size());
  }
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
      ProofMessageFor(last_block.proof_text(), last_block.hash(), rules.proof_variant);
  const auto proof = ParallelSearchProof(message, rules.difficulty, start,
                                         std::numeric_limits<std::uint64_t>::max(), threads);
  CHAINSIM_CHECK(proof.has_value());
  return *proof;
}

std::int64_t ProofOfWork(const Block& last_block, const ChainRules& rules,
                         const ProofTarget& target, std::int64_t start, int threads) {
  const ProofMessage message =
      ProofMessageFor(last_block.proof_text(), last_block.hash(), rules.proof_variant);
  const int zeros = target.HexZeros();
  for (;;) {
    const auto proof = ParallelSearchProof(message, zeros, start,
                                           std::numeric_limits<std::uint64_t>::max(), threads);
    CHAINSIM_CHECK(proof.has_value());
    const Digest digest = ProofDigest(last_block.proof_text(), std::to_string(*proof),
                                      last_block.hash(), rules.proof_variant);
    if (target.Admits(digest)) return *proof;
    CHAINSIM_CHECK(*proof < std::numeric_limits<std::int64_t>::max());
    start = *proof + 1;
  }
}

}  // namespace chainsim
