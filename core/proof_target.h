#pragma once
// ProofTarget: a proof-of-work target finer than a count of hex zeros, and
// the retargeting rule (docs/consensus.md, "Difficulty retargeting").
//
// A proof is valid under target T when its SHA-256 digest, read as a
// big-endian 256-bit number H, is below T. The tutorial's rule "the hex
// digest starts with d zeros" is exactly H < 16^(64 - d), so
// ProofTarget::ForDifficulty(d) reproduces it; retargeting scales T by any
// rational factor, which hex zeros (a factor 16 per step) cannot express.
// T lies in [1, 2^256]: 2^256 admits every digest (difficulty 0).
//
// Retargeting (Bitcoin's rule, ChainRules::retarget): blocks come in periods
// of `every` blocks after genesis (positions 1..every, every+1..2*every, ...).
// The first period uses ForDifficulty(rules.difficulty). The first block of
// each later period, at position p = k * every + 1, gets
//   T(p) = T(p - 1) * clamp(span, expected / 4, 4 * expected) / expected
// where span = timestamp(p - 1) - timestamp(p - 1 - every), the time the
// last `every` blocks took, and expected = every * target_interval, both in
// whole milliseconds (span rounded to nearest; a NaN span counts as the
// lower clamp), the product floored and kept in [1, 2^256]. Every other
// block keeps its parent's target. A block does not carry its target: each
// validator derives it from the chain's own timestamps, so every node that
// holds the same chain gets the same targets.
// Thread safety: values; no shared state.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/sha256.h"

namespace chainsim {

class ProofTarget {
 public:
  // 16^(64 - hex_zeros): the tutorial's rule. REQUIRES: 0 <= hex_zeros <= 64.
  static ProofTarget ForDifficulty(int hex_zeros);

  // True when `digest` (big-endian) is below the target.
  bool Admits(const Digest& digest) const;
  // floor(T * numerator / denominator), kept in [1, 2^256].
  // REQUIRES: denominator > 0.
  ProofTarget Scaled(std::uint64_t numerator, std::uint64_t denominator) const;
  // The number of leading hex zeros every digest below T has: a search for
  // that many zeros finds every candidate (core/proof_search.h).
  int HexZeros() const;
  // 2^256 / T: the hashes a proof takes on average.
  double ExpectedHashes() const;
  // T - 1 as 64 hex digits (the largest admitted digest), as error messages
  // and docs show a target.
  std::string MaxDigestHex() const;

  bool operator==(const ProofTarget&) const = default;

 private:
  // T in little-endian 64-bit limbs; limb 4 is 1 only for 2^256.
  std::array<std::uint64_t, 5> limbs_{};
};

// The target of the first period (and of every block without retargeting).
ProofTarget InitialTarget(const ChainRules& rules);

// True when the block at `position` (genesis 0) starts a new period and so
// needs RetargetedTarget.
bool StartsPeriod(const ChainRules& rules, std::size_t position);

// T(p) for a block that StartsPeriod: from its parent's target and the
// timestamps of the blocks at p - 1 (`last`) and p - 1 - every (`first`).
// A timestamp that is not a number (a peer's chain) counts as NaN.
ProofTarget RetargetedTarget(const ChainRules& rules, const ProofTarget& parent_target,
                             const Block& first, const Block& last);

// The target of every block of `chain` in order (genesis gets
// InitialTarget). O(chain size).
std::vector<ProofTarget> ChainTargets(const Chain& chain, const ChainRules& rules);

// The target of the block that would follow `chain` (what a miner on it must
// meet). REQUIRES: !chain.empty().
ProofTarget NextTarget(const Chain& chain, const ChainRules& rules);

}  // namespace chainsim
