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

  static CHAINSIM_LANES_INLINE V Wk(V (&w)[16], int t) {
    const V word = t < 16 ? w[t] : Expand(w, t);
    return Ops::Add(word, Ops::Set1(kSha256K[static_cast<std::size_t>(t)]));
  }

  // s += compress(s, w), the schedule computed from w.
  static CHAINSIM_LANES_INLINE void CompressMessage(V (&s)[8], V (&w)[16]) {
    V a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
#pragma GCC unroll 8
    for (int t = 0; t < 64; t += 8) {
      Round(a, b, c, d, e, f, g, h, Wk(w, t + 0));
      Round(h, a, b, c, d, e, f, g, Wk(w, t + 1));
      Round(g, h, a, b, c, d, e, f, Wk(w, t + 2));
      Round(f, g, h, a, b, c, d, e, Wk(w, t + 3));
      Round(e, f, g, h, a, b, c, d, Wk(w, t + 4));
      Round(d, e, f, g, h, a, b, c, Wk(w, t + 5));
      Round(c, d, e, f, g, h, a, b, Wk(w, t + 6));
      Round(b, c, d, e, f, g, h, a, Wk(w, t + 7));
    }
    s[0] = Ops::Add(s[0], a);
    s[1] = Ops::Add(s[1], b);
    s[2] = Ops::Add(s[2], c);
    s[3] = Ops::Add(s[3], d);
    s[4] = Ops::Add(s[4], e);
    s[5] = Ops::Add(s[5], f);
    s[6] = Ops::Add(s[6], g);
    s[7] = Ops::Add(s[7], h);
  }

  // s += compress(s, block) for a block whose schedule is the same in every
  // lane: wk[t] = W[t] + K[t].
  static CHAINSIM_LANES_INLINE void CompressConstant(V (&s)[8], const std::uint32_t* wk) {
    V a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
#pragma GCC unroll 8
    for (int t = 0; t < 64; t += 8) {
      Round(a, b, c, d, e, f, g, h, Ops::Set1(wk[t + 0]));
      Round(h, a, b, c, d, e, f, g, Ops::Set1(wk[t + 1]));
      Round(g, h, a, b, c, d, e, f, Ops::Set1(wk[t + 2]));
      Round(f, g, h, a, b, c, d, e, Ops::Set1(wk[t + 3]));
      Round(e, f, g, h, a, b, c, d, Ops::Set1(wk[t + 4]));
      Round(d, e, f, g, h, a, b, c, Ops::Set1(wk[t + 5]));
      Round(c, d, e, f, g, h, a, b, Ops::Set1(wk[t + 6]));
      Round(b, c, d, e, f, g, h, a, Ops::Set1(wk[t + 7]));
    }
    s[0] = Ops::Add(s[0], a);
    s[1] = Ops::Add(s[1], b);
    s[2] = Ops::Add(s[2], c);
    s[3] = Ops::Add(s[3], d);
    s[4] = Ops::Add(s[4], e);
    s[5] = Ops::Add(s[5], f);
    s[6] = Ops::Add(s[6], g);
    s[7] = Ops::Add(s[7], h);
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
