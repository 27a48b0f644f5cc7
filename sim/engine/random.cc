#include "sim/engine/random.h"

#include <array>
#include <cmath>
#include <limits>

#include "core/check.h"

// This file is compiled with -ffp-contract=off (sim/engine/CMakeLists.txt): a
// fused multiply-add would round differently from a multiply then an add.

namespace chainsim::sim {

namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// ln(2) split so that k * kLn2Hi is exact for |k| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// kLogSeries[i] = 1 / (2i + 3): the series of atanh(f)/f - 1 in powers of f^2.
constexpr int kLogTerms = 12;
constexpr auto kLogSeries = [] {
  std::array<double, kLogTerms> c{};
  for (int i = 0; i < kLogTerms; ++i) c[static_cast<std::size_t>(i)] = 1.0 / (2 * i + 3);
  return c;
}();

// kExpSeries[i] = 1 / i!, i = 0..14 (computed once, at compile time).
constexpr int kExpTerms = 15;
constexpr auto kExpSeries = [] {
  std::array<double, kExpTerms> c{};
  double factorial = 1.0;  // exact: the factorials up to 14! are below 2^53
  for (int i = 0; i < kExpTerms; ++i) {
    if (i > 0) factorial *= i;
    c[static_cast<std::size_t>(i)] = 1.0 / factorial;
  }
  return c;
}();

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

double DeterministicLog(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  // x = m * 2^k with m in [sqrt(1/2), sqrt(2)); frexp is exact, subnormals included.
  int k = 0;
  double m = std::frexp(x, &k);  // m in [0.5, 1)
  if (m < kSqrtHalf) {
    m *= 2.0;
    --k;
  }
  // log(m) = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...), f = (m-1)/(m+1), |f| < 0.1716.
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;  // < 0.0295: the terms up to f^25 leave < 1e-19 behind
  double series = kLogSeries[kLogTerms - 1];
  for (int i = kLogTerms - 2; i >= 0; --i) {
    series = kLogSeries[static_cast<std::size_t>(i)] + s * series;
  }
  const double log_m = 2.0 * f + 2.0 * f * (s * series);
  const auto kd = static_cast<double>(k);
  return kd * kLn2Hi + (log_m + kd * kLn2Lo);
}

double DeterministicExp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r with |r| <= ln2/2; exp(x) = 2^k exp(r).
  const double kd = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  // Taylor series of exp(r) to r^14/14!: the remainder is below 1e-18.
  double p = kExpSeries[kExpTerms - 1];
  for (int i = kExpTerms - 2; i >= 0; --i) p = kExpSeries[static_cast<std::size_t>(i)] + r * p;
  return std::ldexp(p, static_cast<int>(kd));
}

}  // namespace chainsim::sim
