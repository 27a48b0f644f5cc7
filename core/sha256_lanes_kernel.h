#pragma once
// The body of the lane kernels (see core/sha256_lanes.h), written once over a
// vector-operations class `Ops`:
//   using V; static constexpr int kLanes;
//   V Set1(uint32_t); V Load(const uint32_t*); V Add(V, V); V And(V, V);
//   V BigSigma0(V); V BigSigma1(V); V SmallSigma0(V); V SmallSigma1(V);
//   V Ch(V e, V f, V g); V Maj(V a, V b, V c); uint32_t ZeroMask(V)  (bit j: lane j == 0).
// PairOps<Ops> is such a class too, with two of Ops's vectors per value.
//
// Include this header only from a kernel .cc file, after defining
// CHAINSIM_LANES_TARGET as that file's target attribute, e.g.
// __attribute__((target("avx2"))): every function here carries it (and is
// always inlined), so that these functions, and nothing else, are compiled
// for that ISA; GCC and Clang both honour per-function targets, where Clang
// ignores `#pragma GCC target`. The Ops class (whose functions carry
// CHAINSIM_LANES_INLINE too) must live in an anonymous namespace, which keeps
// every instantiation local to its file.

#include "core/sha256_lanes.h"

#ifndef CHAINSIM_LANES_TARGET
#error "define CHAINSIM_LANES_TARGET before including core/sha256_lanes_kernel.h"
#endif

namespace chainsim::lanes_detail {

#define CHAINSIM_LANES_INLINE inline __attribute__((always_inline)) CHAINSIM_LANES_TARGET
// The same for a lambda (after its parameter list).
#define CHAINSIM_LANES_LAMBDA __attribute__((always_inline)) CHAINSIM_LANES_TARGET

// Ops over two independent vectors of `Ops` per value (lanes 0 to
// Ops::kLanes - 1 in `low`, the next Ops::kLanes in `high`): each operation
// is issued for both, so that one's chain of dependent rounds fills the
// other's waits. REQUIRES: 2 * Ops::kLanes <= 32 (the mask's bits).
template <class Ops>
struct PairOps {
  struct V {
    typename Ops::V low;
    typename Ops::V high;
  };
  static constexpr int kLanes = 2 * Ops::kLanes;
  static_assert(kLanes <= 32);
  static CHAINSIM_LANES_INLINE V Set1(std::uint32_t x) {
    const typename Ops::V v = Ops::Set1(x);
    return {v, v};
  }
  static CHAINSIM_LANES_INLINE V Load(const std::uint32_t* p) {
    return {Ops::Load(p), Ops::Load(p + Ops::kLanes)};
  }
  static CHAINSIM_LANES_INLINE V Add(V a, V b) {
    return {Ops::Add(a.low, b.low), Ops::Add(a.high, b.high)};
  }
  static CHAINSIM_LANES_INLINE V And(V a, V b) {
    return {Ops::And(a.low, b.low), Ops::And(a.high, b.high)};
  }
  static CHAINSIM_LANES_INLINE V BigSigma0(V x) {
    return {Ops::BigSigma0(x.low), Ops::BigSigma0(x.high)};
  }
  static CHAINSIM_LANES_INLINE V BigSigma1(V x) {
    return {Ops::BigSigma1(x.low), Ops::BigSigma1(x.high)};
  }
  static CHAINSIM_LANES_INLINE V SmallSigma0(V x) {
    return {Ops::SmallSigma0(x.low), Ops::SmallSigma0(x.high)};
  }
  static CHAINSIM_LANES_INLINE V SmallSigma1(V x) {
    return {Ops::SmallSigma1(x.low), Ops::SmallSigma1(x.high)};
  }
  static CHAINSIM_LANES_INLINE V Ch(V e, V f, V g) {
    return {Ops::Ch(e.low, f.low, g.low), Ops::Ch(e.high, f.high, g.high)};
  }
  static CHAINSIM_LANES_INLINE V Maj(V a, V b, V c) {
    return {Ops::Maj(a.low, b.low, c.low), Ops::Maj(a.high, b.high, c.high)};
  }
  static CHAINSIM_LANES_INLINE std::uint32_t ZeroMask(V x) {
    return Ops::ZeroMask(x.low) | (Ops::ZeroMask(x.high) << Ops::kLanes);
  }
};

// The state and message schedule are C arrays of vectors, passed by
// reference: the compiler keeps them in registers (the kernels' speed is
// measured in bench/pow), and the ring indexing below is on int.
// NOLINTBEGIN(modernize-avoid-c-arrays,readability-isolate-declaration)
template <class Ops>
struct LaneKernelBody {
  using V = typename Ops::V;

  // One round: d and h change; the caller rotates the roles.
  static CHAINSIM_LANES_INLINE void Round(V a, V b, V c, V& d, V e, V f, V g, V& h, V wk) {
    const V t1 = Ops::Add(Ops::Add(h, Ops::BigSigma1(e)), Ops::Add(Ops::Ch(e, f, g), wk));
    d = Ops::Add(d, t1);
    h = Ops::Add(t1, Ops::Add(Ops::BigSigma0(a), Ops::Maj(a, b, c)));
  }

  // W[t] for t >= 16, in the 16-word ring `w`.
  static CHAINSIM_LANES_INLINE V Expand(V (&w)[16], int t) {
    w[t & 15] = Ops::Add(Ops::Add(Ops::SmallSigma1(w[(t - 2) & 15]), w[(t - 7) & 15]),
                         Ops::Add(Ops::SmallSigma0(w[(t - 15) & 15]), w[t & 15]));
    return w[t & 15];
  }

  // Sixteen rounds on the working variables r (a to h), wk(j) giving W[t] +
  // K[t] of the j-th (j = 0..15, a constant in each call). Sixteen is a
  // multiple of eight, so r holds a to h again at the end, and it is the
  // schedule ring's length, so the ring's indices are constants too.
  // A block's 64 rounds are this body in a loop, not unrolled: unrolled, the
  // 32-lane AVX-512 kernel was 46 KB of code, more than a 32 KB L1
  // instruction cache, and ran at two thirds of its speed now (and at 0.8 of
  // that in some copies of the same binary); docs/performance.md, proof of
  // work.
  template <class WkOfRound>
  static CHAINSIM_LANES_INLINE void SixteenRounds(V (&r)[8], WkOfRound wk) {
#pragma GCC unroll 2
    for (int j = 0; j < 16; j += 8) {
      Round(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], wk(j + 0));
      Round(r[7], r[0], r[1], r[2], r[3], r[4], r[5], r[6], wk(j + 1));
      Round(r[6], r[7], r[0], r[1], r[2], r[3], r[4], r[5], wk(j + 2));
      Round(r[5], r[6], r[7], r[0], r[1], r[2], r[3], r[4], wk(j + 3));
      Round(r[4], r[5], r[6], r[7], r[0], r[1], r[2], r[3], wk(j + 4));
      Round(r[3], r[4], r[5], r[6], r[7], r[0], r[1], r[2], wk(j + 5));
      Round(r[2], r[3], r[4], r[5], r[6], r[7], r[0], r[1], wk(j + 6));
      Round(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[0], wk(j + 7));
    }
  }

  // s += compress(s, w), the schedule computed from w (the ring of 16 words).
  static CHAINSIM_LANES_INLINE void CompressMessage(V (&s)[8], V (&w)[16]) {
    V r[8];
    for (int i = 0; i < 8; ++i) r[i] = s[i];
    SixteenRounds(r, [&w](int j) CHAINSIM_LANES_LAMBDA {
      return Ops::Add(w[j], Ops::Set1(kSha256K[static_cast<std::size_t>(j)]));
    });
#pragma GCC unroll 1
    for (std::size_t group = 1; group < 4; ++group) {
      const std::uint32_t* k = kSha256K.data() + 16 * group;
      SixteenRounds(r, [&w, k](int j) CHAINSIM_LANES_LAMBDA {
        return Ops::Add(Expand(w, 16 + j), Ops::Set1(k[j]));
      });
    }
    for (int i = 0; i < 8; ++i) s[i] = Ops::Add(s[i], r[i]);
  }

  // s += compress(s, block) for a block whose schedule is the same in every
  // lane: wk[t] = W[t] + K[t].
  static CHAINSIM_LANES_INLINE void CompressConstant(V (&s)[8], const std::uint32_t* wk) {
    V r[8];
    for (int i = 0; i < 8; ++i) r[i] = s[i];
#pragma GCC unroll 1
    for (std::size_t group = 0; group < 4; ++group) {
      const std::uint32_t* group_wk = wk + 16 * group;
      SixteenRounds(r, [group_wk](int j) CHAINSIM_LANES_LAMBDA { return Ops::Set1(group_wk[j]); });
    }
    for (int i = 0; i < 8; ++i) s[i] = Ops::Add(s[i], r[i]);
  }

  static CHAINSIM_LANES_INLINE std::uint32_t Scan(const LaneJob& job,
                                                  const std::uint32_t* lane_words) {
    V s[8];
    for (int i = 0; i < 8; ++i) s[i] = Ops::Set1(job.midstate[static_cast<std::size_t>(i)]);
    for (int b = job.first_digit_block; b < job.block_count; ++b) {
      if (b <= job.last_digit_block) {
        V w[16];
        for (int i = 0; i < 16; ++i) {
          const int word = 16 * b + i;
          if (word >= job.first_digit_word && word <= job.last_digit_word) {
            w[i] = Ops::Load(lane_words + (word - job.first_digit_word) * Ops::kLanes);
          } else {
            w[i] = Ops::Set1(job.words[static_cast<std::size_t>(word)]);
          }
        }
        CompressMessage(s, w);
      } else {
        CompressConstant(s, job.tail_wk[static_cast<std::size_t>(b)].data());
      }
    }
    return Ops::ZeroMask(Ops::And(s[0], Ops::Set1(job.h0_mask)));
  }
};
// NOLINTEND(modernize-avoid-c-arrays,readability-isolate-declaration)

}  // namespace chainsim::lanes_detail
