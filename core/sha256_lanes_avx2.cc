// Eight-lane proof kernel, AVX2. The functions marked CHAINSIM_LANES_TARGET
// are compiled for AVX2; they run only when CpuSupportsAvx2() (see
// proof_search.cc).
#include "core/sha256_lanes.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define CHAINSIM_LANES_TARGET __attribute__((target("avx2")))
#include "core/sha256_lanes_kernel.h"

namespace chainsim {
namespace {

struct Avx2Ops {
  using V = __m256i;
  static constexpr int kLanes = 8;
  static CHAINSIM_LANES_INLINE V Set1(std::uint32_t x) {
    return _mm256_set1_epi32(static_cast<int>(x));
  }
  static CHAINSIM_LANES_INLINE V Load(const std::uint32_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static CHAINSIM_LANES_INLINE V Add(V a, V b) { return _mm256_add_epi32(a, b); }
  static CHAINSIM_LANES_INLINE V And(V a, V b) { return _mm256_and_si256(a, b); }
  static CHAINSIM_LANES_INLINE V Xor(V a, V b) { return _mm256_xor_si256(a, b); }
  template <int N>
  static CHAINSIM_LANES_INLINE V Ror(V x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, N), _mm256_slli_epi32(x, 32 - N));
  }
  static CHAINSIM_LANES_INLINE V BigSigma0(V a) {
    return Xor(Xor(Ror<2>(a), Ror<13>(a)), Ror<22>(a));
  }
  static CHAINSIM_LANES_INLINE V BigSigma1(V e) {
    return Xor(Xor(Ror<6>(e), Ror<11>(e)), Ror<25>(e));
  }
  static CHAINSIM_LANES_INLINE V SmallSigma0(V x) {
    return Xor(Xor(Ror<7>(x), Ror<18>(x)), _mm256_srli_epi32(x, 3));
  }
  static CHAINSIM_LANES_INLINE V SmallSigma1(V x) {
    return Xor(Xor(Ror<17>(x), Ror<19>(x)), _mm256_srli_epi32(x, 10));
  }
  static CHAINSIM_LANES_INLINE V Ch(V e, V f, V g) { return Xor(g, And(e, Xor(f, g))); }
  static CHAINSIM_LANES_INLINE V Maj(V a, V b, V c) {
    return _mm256_or_si256(And(a, b), And(c, _mm256_or_si256(a, b)));
  }
  static CHAINSIM_LANES_INLINE std::uint32_t ZeroMask(V x) {
    const V zero = _mm256_cmpeq_epi32(x, _mm256_setzero_si256());
    return static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(zero)));
  }
};

// Aligned to 64 bytes: at an unlucky code offset this 8 kB loop ran 1.7x
// slower on an AMD EPYC (same instructions; measured with bench/pow).
__attribute__((aligned(64))) CHAINSIM_LANES_TARGET std::uint32_t ScanAvx2(
    const LaneJob& job, const std::uint32_t* lane_words) {
  const std::uint32_t mask = lanes_detail::LaneKernelBody<Avx2Ops>::Scan(job, lane_words);
  _mm256_zeroupper();  // no AVX-SSE transition penalty for SSE code that runs next
  return mask;
}

}  // namespace

std::uint32_t ScanLanesAvx2(const LaneJob& job, const std::uint32_t* lane_words) {
  return ScanAvx2(job, lane_words);
}

}  // namespace chainsim

#endif  // x86
