#include "sim/engine/deterministic_math.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/engine/random.h"

namespace chainsim::sim {
namespace {

// The deterministic log and exp agree with the C library to a few units in
// the last place (relative 1e-15) over the ranges the distributions use and beyond.
TEST(DeterministicMathTest, LogAndExpMatchTheLibrary) {
  Random rng(21);
  for (int i = 0; i < 100000; ++i) {
    const double x = std::ldexp(1.0 + rng.Uniform01(), static_cast<int>(rng.UniformInt(200)) - 100);
    ASSERT_NEAR(DeterministicLog(x), std::log(x), 1e-15 * std::max(1.0, std::abs(std::log(x))))
        << x;
    const double y = rng.Uniform(-700.0, 700.0);
    ASSERT_NEAR(DeterministicExp(y), std::exp(y), 1e-15 * std::exp(y)) << y;
    const double z = rng.Uniform(-1.0, 1.0);
    ASSERT_NEAR(DeterministicExp(z), std::exp(z), 1e-15 * std::exp(z)) << z;
    const double w = 1.0 + rng.Uniform(-1e-3, 1e-3);
    ASSERT_NEAR(DeterministicLog(w), std::log(w), 1e-15 * std::abs(std::log(w)) + 1e-300) << w;
  }
  EXPECT_EQ(DeterministicLog(1.0), 0.0);
  EXPECT_EQ(DeterministicExp(0.0), 1.0);
  EXPECT_TRUE(std::isinf(DeterministicLog(0.0)) && DeterministicLog(0.0) < 0);
  EXPECT_TRUE(std::isnan(DeterministicLog(-1.0)));
  EXPECT_EQ(DeterministicExp(-800.0), 0.0);
  EXPECT_TRUE(std::isinf(DeterministicExp(800.0)));
  EXPECT_NEAR(DeterministicLog(5e-324), -744.44007192138126, 1e-12);  // smallest subnormal
}

std::uint64_t Bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// The scalar forms' bits on 20,000 fixed arguments, as one digest: every
// run's draws depend on them, and the Each forms are only checked against
// the scalar forms of the same build, so a build that changed both (fused
// multiply-adds, say -march=native without -ffp-contract=off) would
// otherwise pass. The digest is the one the code had before the functions
// moved here from sim/engine/random.cc (08bb2c0), and must never change.
TEST(DeterministicMathTest, ScalarBitsAreThoseEveryRunWasMadeWith) {
  std::uint64_t digest = 0;
  Random rng(2026);
  for (int i = 0; i < 10000; ++i) {
    digest = Mix64(digest ^ Bits(DeterministicLog(1.0 - rng.Uniform01())));
    digest = Mix64(digest ^ Bits(DeterministicExp(rng.Uniform(-700.0, 700.0))));
  }
  EXPECT_EQ(digest, 0xc94b0bcbf146ee6eULL);
}

// Arguments where a shortcut of the Each forms could go wrong: zeros,
// subnormals, the reduction's boundary sqrt(1/2) and the fast path's
// boundaries, huge and special values.
std::vector<double> EdgeCases() {
  const double inf = std::numeric_limits<double>::infinity();
  const double sqrt_half = 0.70710678118654752440;
  std::vector<double> x = {0.0,
                           -0.0,
                           1.0,
                           -1.0,
                           0.5,
                           2.0,
                           sqrt_half,
                           std::nextafter(sqrt_half, 0.0),
                           std::nextafter(sqrt_half, 1.0),
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::min(),
                           std::nextafter(std::numeric_limits<double>::min(), 0.0),
                           std::numeric_limits<double>::max(),
                           0x1.0p-53,
                           1.0 - 0x1.0p-53,
                           700.0,
                           std::nextafter(700.0, 0.0),
                           std::nextafter(700.0, 1000.0),
                           709.78,
                           709.8,
                           -745.0,
                           -800.0,
                           -1e-300,
                           1e-300,
                           0.34657359027997264,  // ln(2) / 2, where exp's reduction turns
                           inf,
                           -inf,
                           std::numeric_limits<double>::quiet_NaN()};
  return x;
}

// Each element of the Each forms is the scalar form's, bit for bit, for the
// latency draws' arguments (1 - U; -log(u) / shape), random ones across the
// whole range, and the edge cases, in chunks of every alignment.
TEST(DeterministicMathTest, EachFormsGiveTheScalarBitsForEveryElement) {
#if defined(__AVX512F__)
  if (!__builtin_cpu_supports("avx512f")) GTEST_SKIP() << "built for AVX-512; this CPU lacks it";
#elif defined(__AVX2__)
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "built for AVX2; this CPU lacks it";
#endif
  Random rng(77);
  std::vector<double> x = EdgeCases();
  for (int i = 0; i < 20000; ++i) {
    const double u = 1.0 - rng.Uniform01();
    x.push_back(u);
    x.push_back(-DeterministicLog(u) / rng.Uniform(1.0, 200.0));  // a Pareto exponent
    x.push_back(rng.Uniform(0.0, 700.0));
    x.push_back(rng.Uniform(-750.0, 750.0));
    x.push_back(std::ldexp(1.0 + rng.Uniform01(), static_cast<int>(rng.UniformInt(2100)) - 1075));
  }
  for (const std::size_t offset : {std::size_t{0}, std::size_t{1}, std::size_t{63}}) {
    const std::vector<double> in(x.begin() + static_cast<std::ptrdiff_t>(offset), x.end());
    std::vector<double> log(in.size());
    std::vector<double> exp(in.size());
    DeterministicLogEach(in, log);
    DeterministicExpEach(in, exp);
    for (std::size_t i = 0; i < in.size(); ++i) {
      ASSERT_EQ(Bits(log[i]), Bits(DeterministicLog(in[i]))) << "log of " << in[i];
      ASSERT_EQ(Bits(exp[i]), Bits(DeterministicExp(in[i]))) << "exp of " << in[i];
    }
  }
}

TEST(DeterministicMathTest, EachFormsWorkInPlaceAndOnNothing) {
  std::vector<double> x = EdgeCases();
  std::vector<double> log = x;
  std::vector<double> exp = x;
  DeterministicLogEach(log, log);
  DeterministicExpEach(exp, exp);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(Bits(log[i]), Bits(DeterministicLog(x[i]))) << x[i];
    EXPECT_EQ(Bits(exp[i]), Bits(DeterministicExp(x[i]))) << x[i];
  }
  DeterministicLogEach({}, {});
  DeterministicExpEach({}, {});
}

TEST(DeterministicMathDeathTest, EachFormsRequireOutputsOfTheInputsSize) {
  std::vector<double> x(3, 1.0);
  std::vector<double> out(2);
  EXPECT_DEATH(DeterministicLogEach(x, out), "check failed");
  EXPECT_DEATH(DeterministicExpEach(x, out), "check failed");
}

}  // namespace
}  // namespace chainsim::sim
