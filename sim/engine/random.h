#pragma once
// Random streams of the simulator: one master seed per run, an independent
// stream per purpose and per node, and distribution code of our own.
//
// Everything here is a pure function of the seed: no std::random_device, no
// clock, no <random> distributions (their output differs between standard
// libraries). The generator is xoshiro256** (Blackman and Vigna) seeded
// through splitmix64. The continuous distributions use only IEEE-754 basic
// arithmetic, sqrt and the deterministic log and exp of
// sim/engine/deterministic_math.h, compiled without floating-point
// contraction, so a seed gives the same numbers on every platform with IEEE
// doubles.
//
// Thread safety: a Random is a value; use one per thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "sim/engine/deterministic_math.h"

namespace chainsim::sim {

class Random {
 public:
  // Seeds the four state words with splitmix64(seed). Every seed is valid.
  explicit Random(std::uint64_t seed);

  // Next 64 uniformly distributed bits.
  std::uint64_t NextU64() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), a multiple of 2^-53.
  double Uniform01() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

  // Uniform in [lo, hi). REQUIRES: lo <= hi, both finite.
  double Uniform(double lo, double hi);

  // Uniform integer in [0, n), without bias (Lemire's multiply-and-reject).
  // REQUIRES: n > 0.
  std::uint64_t UniformInt(std::uint64_t n);

  // Exponential with the given mean (rate 1/mean). REQUIRES: mean >= 0.
  // Returns a value in [0, ~37*mean].
  double Exponential(double mean);

  // Normal (Gaussian), Marsaglia's polar method; the second value of each
  // generated pair is kept for the next call. REQUIRES: stddev >= 0.
  double Normal(double mean, double stddev);

  // Pareto (type I): values >= scale, P(X > x) = (scale / x)^shape.
  // Mean = shape*scale/(shape-1) for shape > 1. REQUIRES: scale > 0, shape > 0.
  double Pareto(double scale, double shape);

  // True with probability p (p <= 0: never, p >= 1: always).
  bool Bernoulli(double p) { return Uniform01() < p; }

  // Fisher-Yates shuffle of a random-access range.
  template <class RandomIt>
  void Shuffle(RandomIt first, RandomIt last) {
    using std::swap;
    const auto n = last - first;
    for (auto i = n - 1; i > 0; --i) {
      const auto j = UniformInt(static_cast<std::uint64_t>(i) + 1);
      swap(first[i], first[static_cast<decltype(i)>(j)]);
    }
  }
  template <class Container>
  void Shuffle(Container& c) {
    Shuffle(c.begin(), c.end());
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::array<std::uint64_t, 4> s_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// Seed of the stream for (purpose, index) under a run's master seed: e.g.
// DeriveSeed(seed, "mining", node) for node `node`'s mining delays. Streams of
// different purposes or indices are statistically independent; the result is
// a fixed function of its arguments on every platform.
std::uint64_t DeriveSeed(std::uint64_t master, std::string_view purpose, std::uint64_t index = 0);

// Random(DeriveSeed(master, purpose, index)).
inline Random StreamFor(std::uint64_t master, std::string_view purpose, std::uint64_t index = 0) {
  return Random(DeriveSeed(master, purpose, index));
}

// splitmix64's output function (a bijective 64-bit mixer), exposed for hashing.
std::uint64_t Mix64(std::uint64_t x);

}  // namespace chainsim::sim
