#include "sim/engine/random.h"

#include <array>
#include <cmath>

#include "core/check.h"

// This file is compiled with -ffp-contract=off (sim/engine/CMakeLists.txt): a
// fused multiply-add would round differently from a multiply then an add.

namespace chainsim::sim {

namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

struct Product128 {
  std::uint64_t high;
  std::uint64_t low;
};

Product128 Multiply64(std::uint64_t a, std::uint64_t b) {
#ifdef __SIZEOF_INT128__
  __extension__ using U128 = unsigned __int128;
  const U128 p = static_cast<U128>(a) * b;
  return {static_cast<std::uint64_t>(p >> 64), static_cast<std::uint64_t>(p)};
#else
  const std::uint64_t a_lo = a & 0xffffffffULL, a_hi = a >> 32;
  const std::uint64_t b_lo = b & 0xffffffffULL, b_hi = b >> 32;
  const std::uint64_t lo_lo = a_lo * b_lo;
  const std::uint64_t hi_lo = a_hi * b_lo;
  const std::uint64_t lo_hi = a_lo * b_hi;
  const std::uint64_t hi_hi = a_hi * b_hi;
  const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xffffffffULL) + lo_hi;
  return {hi_hi + (hi_lo >> 32) + (cross >> 32), (cross << 32) | (lo_lo & 0xffffffffULL)};
#endif
}

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace

std::uint64_t Mix64(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t DeriveSeed(std::uint64_t master, std::string_view purpose, std::uint64_t index) {
  // Each input goes through the mixer on its own before being combined, so
  // nearby masters, purposes and indices land far apart.
  std::uint64_t h = Mix64(master + kGolden);
  h = Mix64(h ^ Mix64(Fnv1a64(purpose) + 2 * kGolden));
  h = Mix64(h ^ Mix64(index + 3 * kGolden));
  return h;
}

Random::Random(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (std::uint64_t& word : s_) {
    state += kGolden;
    word = Mix64(state);
  }
  // An all-zero state would stay zero; splitmix64 never yields four zeros in a
  // row, but guard anyway.
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = kGolden;
}

double Random::Uniform(double lo, double hi) {
  CHAINSIM_CHECK(lo <= hi);
  const double x = lo + (hi - lo) * Uniform01();
  // Rounding can reach hi when lo and hi are far apart; keep the interval half-open.
  return x < hi ? x : lo;
}

std::uint64_t Random::UniformInt(std::uint64_t n) {
  CHAINSIM_CHECK(n > 0);
  Product128 m = Multiply64(NextU64(), n);
  if (m.low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (m.low < threshold) m = Multiply64(NextU64(), n);
  }
  return m.high;
}

double Random::Exponential(double mean) {
  CHAINSIM_CHECK(mean >= 0);
  // 1 - U is in (0, 1], so the logarithm is finite.
  return -mean * DeterministicLog(1.0 - Uniform01());
}

double Random::Normal(double mean, double stddev) {
  CHAINSIM_CHECK(stddev >= 0);
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  double u = 0;
  double v = 0;
  double s = 0;
  do {
    u = 2.0 * Uniform01() - 1.0;
    v = 2.0 * Uniform01() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * DeterministicLog(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return mean + stddev * (u * factor);
}

double Random::Pareto(double scale, double shape) {
  CHAINSIM_CHECK(scale > 0 && shape > 0);
  // Inverse transform: X = scale * U^(-1/shape) with U in (0, 1].
  const double u = 1.0 - Uniform01();
  return scale * DeterministicExp(-DeterministicLog(u) / shape);
}

}  // namespace chainsim::sim
