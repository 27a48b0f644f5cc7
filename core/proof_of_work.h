#pragma once
// valid_proof and proof_of_work, as the reference defines them.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/json.h"
#include "core/proof_search.h"
#include "core/proof_target.h"
#include "core/sha256.h"

namespace chainsim {

// str(proof) as Python writes a number in valid_proof's f-string: the digits
// of an integer of any size; repr() of a float ("35293.0", "1e+16"), and
// "inf", "-inf", "nan" for the non-finite ones (not JSON's Infinity).
// REQUIRES: IsNumber(proof) (core/json.h).
std::string ProofText(const Json& proof);

// The text around the proof: str(last_proof) before it, and after it the
// previous block's hash (tutorial) or nothing (article).
ProofMessage ProofMessageFor(std::string_view last_proof_text, std::string_view last_hash,
                             ProofVariant variant);
ProofMessage ProofMessageFor(std::int64_t last_proof, std::string_view last_hash,
                             ProofVariant variant);

// SHA-256 of str(last_proof) + str(proof) [+ last_hash], from the two texts
// (ProofText) or from two integers.
Digest ProofDigest(std::string_view last_proof_text, std::string_view proof_text,
                   std::string_view last_hash, ProofVariant variant);
Digest ProofDigest(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                   ProofVariant variant);

// valid_proof(last_proof, proof, last_hash): the proof digest starts with
// rules.difficulty hex zeros.
bool ValidProof(std::int64_t last_proof, std::int64_t proof, std::string_view last_hash,
                const ChainRules& rules);

// proof_of_work(last_block): the smallest proof >= start that is valid on
// top of last_block (whose proof may be any number: its ProofText is hashed). The reference counts
// from start = 0, so every miner on the same tip finds the same proof; the simulator starts from a
// random nonce instead. `threads` > 1 searches in parallel (0: one per hardware thread) with the
// same result (see core/parallel_search.h). REQUIRES: start >= 0, threads >= 0,
// CheckRules(rules).ok(); a valid proof exists below INT64_MAX (certain for difficulty <= 12).
std::int64_t ProofOfWork(const Block& last_block, const ChainRules& rules, std::int64_t start = 0,
                         int threads = 1);

// proof_of_work under a target (difficulty retargeting, core/proof_target.h):
// the smallest proof >= start whose digest on top of last_block is below
// `target`. Searches for target.HexZeros() hex zeros, then tests each
// candidate against the whole target. With target ==
// InitialTarget(rules) it returns what the overload above returns.
// REQUIRES: as above; a valid proof exists below INT64_MAX.
std::int64_t ProofOfWork(const Block& last_block, const ChainRules& rules,
                         const ProofTarget& target, std::int64_t start = 0, int threads = 1);

}  // namespace chainsim
