#include "sim/engine/deterministic_math.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/check.h"

// This file is compiled with -ffp-contract=off (sim/engine/CMakeLists.txt): a
// fused multiply-add would round differently from a multiply then an add.

namespace chainsim::sim {
namespace {

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

// IEEE-754 double fields.
constexpr std::uint64_t kFractionMask = (std::uint64_t{1} << 52) - 1;
constexpr int kExponentBias = 1023;
constexpr std::uint64_t kMaxBiasedExponent = 0x7ff;

// log(m) for m in [sqrt(1/2), sqrt(2)): log(m) = 2 atanh(f) = 2 (f + f^3/3 +
// f^5/5 + ...), f = (m-1)/(m+1), |f| < 0.1716.
inline double LogOfReduced(double m) {
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;  // < 0.0295: the terms up to f^25 leave < 1e-19 behind
  double series = kLogSeries[kLogTerms - 1];
  for (int i = kLogTerms - 2; i >= 0; --i) {
    series = kLogSeries[static_cast<std::size_t>(i)] + s * series;
  }
  return 2.0 * f + 2.0 * f * (s * series);
}

// log(m * 2^k) from log(m).
inline double Rescaled(double log_m, int k) {
  const auto kd = static_cast<double>(k);
  return kd * kLn2Hi + (log_m + kd * kLn2Lo);
}

// exp(r) for |r| <= ln2/2: its Taylor series to r^14/14! (remainder < 1e-18).
inline double ExpOfReduced(double r) {
  double p = kExpSeries[kExpTerms - 1];
  for (int i = kExpTerms - 2; i >= 0; --i) p = kExpSeries[static_cast<std::size_t>(i)] + r * p;
  return p;
}

// The arguments DeterministicExp and its Each form take on their fast path: there
// floor(x / ln 2 + 0.5) is the truncation to int, and the result is a normal
// number, so 2^k can be built from its bits instead of by ldexp.
constexpr double kFastExpMax = 700.0;
constexpr std::uint64_t kFastExpMaxBits = std::bit_cast<std::uint64_t>(kFastExpMax);

// The Each forms work in chunks of this many elements (kept on the stack).
constexpr std::size_t kChunk = 64;

// The Each forms' kernels: eight elements at a time in GCC vector types, with
// the scalar form's operations in its order (so the same bits in every lane).
// On x86-64 each is compiled for AVX-512, AVX2 and the baseline ISA, and the
// best one the CPU has is chosen at load time (target_clones); the lanes'
// operations are IEEE basic operations in all three (no FMA: this file is
// compiled without contraction), so all three give the same bits. Lane
// masks come from integer subtractions and shifts, not from comparing the
// doubles: GCC 12 turns a comparison of 8-lane vectors into one scalar
// comparison per lane in the AVX2 clone, and the conjunction of two in every
// clone (it was a fifth of ExpKernel's time; docs/performance.md, issue 15).
using F64x8 = double __attribute__((vector_size(64)));
using I64x8 = std::int64_t __attribute__((vector_size(64)));
using U64x8 = std::uint64_t __attribute__((vector_size(64)));
using I32x8 = std::int32_t __attribute__((vector_size(32)));
constexpr std::size_t kLanes = 8;
static_assert(kChunk % kLanes == 0);
// CHAINSIM_MATH_ONE_ISA builds only the kernels of the compiler's target
// (tests/sim/engine builds this file so, for each ISA).
#if defined(__x86_64__) && !defined(CHAINSIM_MATH_ONE_ISA)
#define CHAINSIM_MATH_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define CHAINSIM_MATH_CLONES
#endif

// out[i] = log(x[i]) for x[i] a positive normal number, for i < n rounded up
// to a multiple of kLanes (garbage for other values: the caller redoes
// them). REQUIRES: that many elements readable at x and writable at out.
CHAINSIM_MATH_CLONES void LogKernel(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; i += kLanes) {
    U64x8 bits;
    __builtin_memcpy(&bits, x + i, sizeof bits);
    const I64x8 biased = __builtin_bit_cast(I64x8, (bits >> 52) & kMaxBiasedExponent);
    F64x8 m = __builtin_bit_cast(
        F64x8, (bits & kFractionMask) | (static_cast<std::uint64_t>(kExponentBias - 1) << 52));
    I64x8 k = biased - (kExponentBias - 1);  // x = m * 2^k, m in [0.5, 1)
    // -1 where m < sqrt(1/2): positive doubles order as their bits do.
    const I64x8 below = -__builtin_bit_cast(
        I64x8, (__builtin_bit_cast(U64x8, m) - std::bit_cast<std::uint64_t>(kSqrtHalf)) >> 63);
    const F64x8 doubled = m * 2.0;
    m = __builtin_bit_cast(F64x8, (__builtin_bit_cast(I64x8, doubled) & below) |
                                      (__builtin_bit_cast(I64x8, m) & ~below));
    k += below;
    const F64x8 f = (m - 1.0) / (m + 1.0);
    const F64x8 s = f * f;
    F64x8 series = F64x8{} + kLogSeries[kLogTerms - 1];
    for (int t = kLogTerms - 2; t >= 0; --t) {
      series = kLogSeries[static_cast<std::size_t>(t)] + s * series;
    }
    const F64x8 log_m = 2.0 * f + 2.0 * f * (s * series);
    const F64x8 kd = __builtin_convertvector(__builtin_convertvector(k, I32x8), F64x8);
    const F64x8 result = kd * kLn2Hi + (log_m + kd * kLn2Lo);
    __builtin_memcpy(out + i, &result, sizeof result);
  }
}

// out[i] = exp(x[i]) for x[i] in [0, kFastExpMax], exp(0) for other values
// (the caller redoes them), for i < n rounded up to a multiple of kLanes.
// REQUIRES: as LogKernel.
CHAINSIM_MATH_CLONES void ExpKernel(const double* x, double* out, std::size_t n) {
  for (std::size_t i = 0; i < n; i += kLanes) {
    U64x8 bits;
    __builtin_memcpy(&bits, x + i, sizeof bits);
    // All ones where +0 <= x <= kFastExpMax: the bits of a double with the
    // sign bit clear order as its value, NaN above infinity. (-0 is out of
    // range here, and exp(+0) is exp(-0).)
    const U64x8 in_range = ((bits >> 63) | ((kFastExpMaxBits - bits) >> 63)) - 1;
    const F64x8 xi = __builtin_bit_cast(F64x8, bits & in_range);  // else +0
    // DeterministicExp's operations, with floor as a truncation (the value is
    // positive) and ldexp as a multiply by 2^k built from its bits (exact:
    // the result is normal).
    const I32x8 k = __builtin_convertvector(xi * kInvLn2 + 0.5, I32x8);  // <= 1010
    const F64x8 kd = __builtin_convertvector(k, F64x8);
    const F64x8 r = (xi - kd * kLn2Hi) - kd * kLn2Lo;
    F64x8 p = F64x8{} + kExpSeries[kExpTerms - 1];
    for (int t = kExpTerms - 2; t >= 0; --t) p = kExpSeries[static_cast<std::size_t>(t)] + r * p;
    const I64x8 exponent = __builtin_convertvector(k, I64x8) + kExponentBias;
    const F64x8 two_to_k = __builtin_bit_cast(F64x8, exponent << 52);
    const F64x8 result = p * two_to_k;
    __builtin_memcpy(out + i, &result, sizeof result);
  }
}

// out[i] = scalar(x[i]) for every i, through `kernel` (which gives the same
// bits, fast, for the x where kernel_takes(x)) in chunks of kChunk.
// REQUIRES: out.size() == x.size(); `out` is `x` or does not overlap it.
template <class Kernel, class Scalar, class KernelTakes>
void EachInChunks(std::span<const double> x, std::span<double> out, Kernel kernel, Scalar scalar,
                  KernelTakes kernel_takes) {
  CHAINSIM_CHECK(out.size() == x.size());
  CHAINSIM_CHECK(out.data() == x.data() || out.data() + out.size() <= x.data() ||
                 x.data() + x.size() <= out.data());
  // One element alone (a message to one receiver: most latency draws' calls)
  // takes the scalar form: the same bits, without a chunk's set-up.
  if (x.size() == 1) {
    out[0] = scalar(x[0]);
    return;
  }
  // Not zeroed (most calls take a few elements): the kernel reads the
  // chunk's elements and the padding to whole vectors, written here first
  // (with 1, which both kernels take).
  std::array<double, kChunk> in;
  std::array<double, kChunk> fast;
  for (std::size_t start = 0; start < x.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, x.size() - start);
    const std::size_t padded = (n + kLanes - 1) / kLanes * kLanes;
    std::copy_n(x.begin() + static_cast<std::ptrdiff_t>(start), n, in.begin());
    std::fill(in.begin() + static_cast<std::ptrdiff_t>(n),
              in.begin() + static_cast<std::ptrdiff_t>(padded), 1.0);
    kernel(in.data(), fast.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      out[start + i] = kernel_takes(in[i]) ? fast[i] : scalar(in[i]);
    }
  }
}

}  // namespace

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
  return Rescaled(LogOfReduced(m), k);
}

double DeterministicExp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r with |r| <= ln2/2; exp(x) = 2^k exp(r).
  if (x >= 0.0 && x <= kFastExpMax) {
    // As below, with floor as a truncation and ldexp as a multiply by 2^k
    // built from its bits (exact: the result is normal), as ExpKernel does.
    const double half_up = x * kInvLn2 + 0.5;  // in [0.5, 1010.4]: floor is truncation
    const auto k = static_cast<std::uint64_t>(half_up);
    const auto kd = static_cast<double>(k);
    const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
    const std::uint64_t biased = k + static_cast<std::uint64_t>(kExponentBias);
    return ExpOfReduced(r) * std::bit_cast<double>(biased << 52);
  }
  const double kd = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  return std::ldexp(ExpOfReduced(r), static_cast<int>(kd));
}

void DeterministicLogEach(std::span<const double> x, std::span<double> out) {
  // Zero, subnormals, negatives, infinities and NaN take the scalar form.
  EachInChunks(x, out, LogKernel, DeterministicLog, [](double xi) {
    const auto biased = (std::bit_cast<std::uint64_t>(xi) >> 52) & kMaxBiasedExponent;
    return xi > 0.0 && biased != 0 && biased != kMaxBiasedExponent;
  });
}

void DeterministicExpEach(std::span<const double> x, std::span<double> out) {
  // Anything else (NaN too) takes the scalar form.
  EachInChunks(x, out, ExpKernel, DeterministicExp,
               [](double xi) { return xi >= 0.0 && xi <= kFastExpMax; });
}

}  // namespace chainsim::sim
