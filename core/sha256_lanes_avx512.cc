// Thirty-two-lane proof kernel, AVX-512F/VL: native rotates (vprord) and
// three-input logic (vpternlogd) make a SHA-256 round about half the
// instructions of the AVX2 one, and each value is two 512-bit vectors of
// sixteen lanes, whose independent chains of rounds overlap (1.6 times the
// hashes per second of one vector: docs/performance.md). The functions
// marked CHAINSIM_LANES_TARGET are compiled for AVX-512; they run only when
// CpuSupportsAvx512().
#include "core/sha256_lanes.h"

#if defined(__x86_64__) || defined(__i386__)

// GCC 12 flags _mm512_undefined_epi32() inside _mm512_ror_epi32 as "may be
// used uninitialized": a known false positive of the intrinsic headers.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <immintrin.h>

#define CHAINSIM_LANES_TARGET __attribute__((target("avx512f,avx512vl")))
#include "core/sha256_lanes_kernel.h"

namespace chainsim {
namespace {

struct Avx512Ops {
  using V = __m512i;
  static constexpr int kLanes = 16;
  static CHAINSIM_LANES_INLINE V Set1(std::uint32_t x) {
    return _mm512_set1_epi32(static_cast<int>(x));
  }
  static CHAINSIM_LANES_INLINE V Load(const std::uint32_t* p) { return _mm512_loadu_si512(p); }
  static CHAINSIM_LANES_INLINE V Add(V a, V b) { return _mm512_add_epi32(a, b); }
  static CHAINSIM_LANES_INLINE V And(V a, V b) { return _mm512_and_si512(a, b); }
  static CHAINSIM_LANES_INLINE V Xor3(V a, V b, V c) {
    return _mm512_ternarylogic_epi32(a, b, c, 0x96);
  }
  static CHAINSIM_LANES_INLINE V BigSigma0(V a) {
    return Xor3(_mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13), _mm512_ror_epi32(a, 22));
  }
  static CHAINSIM_LANES_INLINE V BigSigma1(V e) {
    return Xor3(_mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11), _mm512_ror_epi32(e, 25));
  }
  static CHAINSIM_LANES_INLINE V SmallSigma0(V x) {
    return Xor3(_mm512_ror_epi32(x, 7), _mm512_ror_epi32(x, 18), _mm512_srli_epi32(x, 3));
  }
  static CHAINSIM_LANES_INLINE V SmallSigma1(V x) {
    return Xor3(_mm512_ror_epi32(x, 17), _mm512_ror_epi32(x, 19), _mm512_srli_epi32(x, 10));
  }
  static CHAINSIM_LANES_INLINE V Ch(V e, V f, V g) {
    return _mm512_ternarylogic_epi32(e, f, g, 0xCA);
  }
  static CHAINSIM_LANES_INLINE V Maj(V a, V b, V c) {
    return _mm512_ternarylogic_epi32(a, b, c, 0xE8);
  }
  static CHAINSIM_LANES_INLINE std::uint32_t ZeroMask(V x) { return _mm512_testn_epi32_mask(x, x); }
};

// Two vectors per value: 32 lanes (docs/performance.md, proof-of-work section).
using Avx512PairOps = lanes_detail::PairOps<Avx512Ops>;
static_assert(Avx512PairOps::kLanes == kAvx512Lanes && kAvx512Lanes <= kMaxLanes);

// Aligned to 64 bytes, as ScanAvx2 (sha256_lanes_avx2.cc).
__attribute__((aligned(64))) CHAINSIM_LANES_TARGET std::uint32_t ScanAvx512(
    const LaneJob& job, const std::uint32_t* lane_words) {
  const std::uint32_t mask = lanes_detail::LaneKernelBody<Avx512PairOps>::Scan(job, lane_words);
  // Clear the upper register state: SSE code (e.g. the SHA-NI path, or
  // OpenSSL) running after dirty 512-bit registers was measured ~100x slower.
  _mm256_zeroupper();
  return mask;
}

}  // namespace

std::uint32_t ScanLanesAvx512(const LaneJob& job, const std::uint32_t* lane_words) {
  return ScanAvx512(job, lane_words);
}

}  // namespace chainsim

#endif  // x86
