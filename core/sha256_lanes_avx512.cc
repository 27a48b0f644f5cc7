// Sixteen-lane proof kernel, AVX-512F/VL: native rotates (vprord) and
// three-input logic (vpternlogd) make a SHA-256 round about half the
// instructions of the AVX2 one. Everything after the target pragma below is
// compiled for AVX-512; it runs only when CpuSupportsAvx512().
#include "core/sha256_lanes.h"

#if defined(__x86_64__) || defined(__i386__)

// GCC 12 flags _mm512_undefined_epi32() inside _mm512_ror_epi32 as "may be
// used uninitialized": a known false positive of the intrinsic headers.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <immintrin.h>

#pragma GCC target("avx512f,avx512vl")

#include "core/sha256_lanes_kernel.h"

namespace chainsim {
namespace {

struct Avx512Ops {
  using V = __m512i;
  static constexpr int kLanes = 16;
  static V Set1(std::uint32_t x) { return _mm512_set1_epi32(static_cast<int>(x)); }
  static V Load(const std::uint32_t* p) { return _mm512_loadu_si512(p); }
  static V Add(V a, V b) { return _mm512_add_epi32(a, b); }
  static V And(V a, V b) { return _mm512_and_si512(a, b); }
  static V Xor3(V a, V b, V c) { return _mm512_ternarylogic_epi32(a, b, c, 0x96); }
  static V BigSigma0(V a) {
    return Xor3(_mm512_ror_epi32(a, 2), _mm512_ror_epi32(a, 13), _mm512_ror_epi32(a, 22));
  }
  static V BigSigma1(V e) {
    return Xor3(_mm512_ror_epi32(e, 6), _mm512_ror_epi32(e, 11), _mm512_ror_epi32(e, 25));
  }
  static V SmallSigma0(V x) {
    return Xor3(_mm512_ror_epi32(x, 7), _mm512_ror_epi32(x, 18), _mm512_srli_epi32(x, 3));
  }
  static V SmallSigma1(V x) {
    return Xor3(_mm512_ror_epi32(x, 17), _mm512_ror_epi32(x, 19), _mm512_srli_epi32(x, 10));
  }
  static V Ch(V e, V f, V g) { return _mm512_ternarylogic_epi32(e, f, g, 0xCA); }
  static V Maj(V a, V b, V c) { return _mm512_ternarylogic_epi32(a, b, c, 0xE8); }
  static std::uint32_t ZeroMask(V x) { return _mm512_testn_epi32_mask(x, x); }
};

}  // namespace

std::uint32_t ScanLanesAvx512(const LaneJob& job, const std::uint32_t* lane_words) {
  const std::uint32_t mask = lanes_detail::LaneKernelBody<Avx512Ops>::Scan(job, lane_words);
  // Clear the upper register state: SSE code (e.g. the SHA-NI path, or
  // OpenSSL) running after dirty 512-bit registers was measured ~100x slower.
  _mm256_zeroupper();
  return mask;
}

}  // namespace chainsim

#endif  // x86
