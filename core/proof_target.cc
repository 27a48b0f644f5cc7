#include "core/proof_target.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "core/check.h"
#include "core/hex.h"
#include "core/json.h"

namespace chainsim {
namespace {

__extension__ typedef unsigned __int128 u128;

// A block's timestamp in seconds as a double: NaN when it is not a number.
double Seconds(const Json& timestamp) {
  if (IsBigInteger(timestamp)) {
    const std::string digits(BigIntegerDigits(timestamp));
    return std::strtod(digits.c_str(), nullptr);  // +-inf beyond a double's range
  }
  if (timestamp.is_number()) return timestamp.get<double>();
  return std::nan("");
}

// Milliseconds in `seconds`, rounded to nearest and clamped to [low, high];
// NaN gives `low`.
std::uint64_t ClampedMilliseconds(double seconds, std::uint64_t low, std::uint64_t high) {
  const double ms = std::round(seconds * 1000.0);
  if (!(ms >= static_cast<double>(low))) return low;  // NaN too
  if (ms >= static_cast<double>(high)) return high;
  return static_cast<std::uint64_t>(ms);
}

std::uint64_t IntervalMilliseconds(const RetargetRule& rule) {
  return static_cast<std::uint64_t>(std::llround(rule.target_interval * 1000.0));
}

}  // namespace

ProofTarget ProofTarget::ForDifficulty(int hex_zeros) {
  CHAINSIM_CHECK(hex_zeros >= 0 && hex_zeros <= 64);
  ProofTarget target;
  const int bit = 256 - 4 * hex_zeros;  // 16^(64-d) = 2^bit
  target.limbs_[static_cast<std::size_t>(bit / 64)] = std::uint64_t{1} << (bit % 64);
  return target;
}

bool ProofTarget::Admits(const Digest& digest) const {
  if (limbs_[4] != 0) return true;
  for (int limb = 3; limb >= 0; --limb) {
    std::uint64_t word = 0;
    for (int i = 0; i < 8; ++i)
      word = (word << 8) | digest[static_cast<std::size_t>(8 * (3 - limb) + i)];
    const std::uint64_t t = limbs_[static_cast<std::size_t>(limb)];
    if (word != t) return word < t;
  }
  return false;  // equal: not below
}

ProofTarget ProofTarget::Scaled(std::uint64_t numerator, std::uint64_t denominator) const {
  CHAINSIM_CHECK(denominator > 0);
  // T * numerator in six limbs, then long division by the denominator.
  std::array<std::uint64_t, 6> product{};
  u128 carry = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    const u128 v = static_cast<u128>(limbs_[i]) * numerator + carry;
    product[i] = static_cast<std::uint64_t>(v);
    carry = v >> 64;
  }
  product[5] = static_cast<std::uint64_t>(carry);
  u128 remainder = 0;
  for (int i = 5; i >= 0; --i) {
    const u128 v = (remainder << 64) | product[static_cast<std::size_t>(i)];
    product[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(v / denominator);
    remainder = v % denominator;
  }
  ProofTarget scaled;
  if (product[5] != 0 || product[4] > 1 ||
      (product[4] == 1 && (product[0] | product[1] | product[2] | product[3]) != 0)) {
    return ForDifficulty(0);  // above 2^256: every digest
  }
  for (std::size_t i = 0; i < 5; ++i) scaled.limbs_[i] = product[i];
  if (scaled == ProofTarget{}) scaled.limbs_[0] = 1;  // at least 1
  return scaled;
}

int ProofTarget::HexZeros() const {
  if (limbs_[4] != 0) return 0;
  // Leading hex zeros of T - 1 (T >= 1, so no borrow past limb 3).
  std::array<std::uint64_t, 4> m{limbs_[0], limbs_[1], limbs_[2], limbs_[3]};
  for (std::size_t i = 0; i < 4; ++i) {
    if (m[i]-- != 0) break;
  }
  int zeros = 0;
  for (int limb = 3; limb >= 0; --limb) {
    const std::uint64_t word = m[static_cast<std::size_t>(limb)];
    if (word == 0) {
      zeros += 16;
      continue;
    }
    return zeros + __builtin_clzll(word) / 4;
  }
  return 64;
}

double ProofTarget::ExpectedHashes() const {
  double t = 0.0;
  for (int limb = 4; limb >= 0; --limb) {
    t = t * 18446744073709551616.0 + static_cast<double>(limbs_[static_cast<std::size_t>(limb)]);
  }
  return std::ldexp(1.0, 256) / t;
}

std::string ProofTarget::MaxDigestHex() const {
  if (limbs_[4] != 0) return std::string(64, 'f');
  std::array<std::uint64_t, 4> m{limbs_[0], limbs_[1], limbs_[2], limbs_[3]};
  for (std::size_t i = 0; i < 4; ++i) {
    if (m[i]-- != 0) break;
  }
  std::string hex;
  for (int limb = 3; limb >= 0; --limb) {
    for (int shift = 60; shift >= 0; shift -= 4) {
      hex.push_back(
          LowerHexDigit(static_cast<unsigned>((m[static_cast<std::size_t>(limb)] >> shift) & 0xf)));
    }
  }
  return hex;
}

ProofTarget InitialTarget(const ChainRules& rules) {
  return ProofTarget::ForDifficulty(rules.difficulty);
}

bool StartsPeriod(const ChainRules& rules, std::size_t position) {
  const auto every = static_cast<std::size_t>(rules.retarget.every);
  return every > 0 && position > every && (position - 1) % every == 0;
}

ProofTarget RetargetedTarget(const ChainRules& rules, const ProofTarget& parent_target,
                             const Block& first, const Block& last) {
  const std::uint64_t expected =
      static_cast<std::uint64_t>(rules.retarget.every) * IntervalMilliseconds(rules.retarget);
  const double span = Seconds(last.timestamp()) - Seconds(first.timestamp());
  const std::uint64_t actual = ClampedMilliseconds(span, expected / 4, expected * 4);
  return parent_target.Scaled(actual, expected);
}

std::vector<ProofTarget> ChainTargets(const Chain& chain, const ChainRules& rules) {
  std::vector<ProofTarget> targets;
  targets.reserve(chain.size());
  const auto every = static_cast<std::size_t>(rules.retarget.every);
  for (std::size_t p = 0; p < chain.size(); ++p) {
    if (p == 0) {
      targets.push_back(InitialTarget(rules));
    } else if (StartsPeriod(rules, p)) {
      targets.push_back(
          RetargetedTarget(rules, targets[p - 1], *chain[p - 1 - every], *chain[p - 1]));
    } else {
      targets.push_back(targets[p - 1]);
    }
  }
  return targets;
}

ProofTarget NextTarget(const Chain& chain, const ChainRules& rules) {
  CHAINSIM_CHECK(!chain.empty());
  const std::vector<ProofTarget> targets = ChainTargets(chain, rules);
  const std::size_t p = chain.size();
  if (!StartsPeriod(rules, p)) return targets.back();
  const auto every = static_cast<std::size_t>(rules.retarget.every);
  return RetargetedTarget(rules, targets.back(), *chain[p - 1 - every], *chain[p - 1]);
}

}  // namespace chainsim
