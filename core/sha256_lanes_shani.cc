// Proof kernel with the x86 SHA extensions: kShaNiLanes messages are hashed
// interleaved, so the latency of one sha256rnds2 chain hides behind the
// others. Compiled for SSE4.1 + SHA only (no AVX), by per-function target
// attributes: see the note on vzeroupper in sha256_lanes_avx512.cc. Runs
// only when CpuSupportsShaNi().
#include "core/sha256_lanes.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

namespace chainsim {
namespace {

// The per-lane states and schedules are C arrays of vectors, as in
// core/sha256_lanes_kernel.h: the compiler keeps them in registers.
// NOLINTBEGIN(modernize-avoid-c-arrays)

// Every function below is compiled for SHA + SSE4.1 by its own attribute.
#define CHAINSIM_SHANI_TARGET __attribute__((target("sha,sse4.1")))
#define CHAINSIM_SHANI_INLINE inline __attribute__((always_inline)) CHAINSIM_SHANI_TARGET

// Four rounds on the state (abef, cdgh), message + constants in `wk`.
CHAINSIM_SHANI_INLINE void Rounds4(__m128i& abef, __m128i& cdgh, __m128i wk) {
  cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
  abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
}

// W[4g..4g+3] from the four previous groups in the ring `m`.
CHAINSIM_SHANI_INLINE __m128i Schedule4(__m128i (&m)[4], int g) {
  const __m128i w7 = _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4);
  m[g & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]), w7),
                                  m[(g + 3) & 3]);
  return m[g & 3];
}

CHAINSIM_SHANI_INLINE __m128i K4(int g) {
  return _mm_loadu_si128(
      reinterpret_cast<const __m128i*>(kSha256K.data() + 4 * static_cast<std::ptrdiff_t>(g)));
}

// Aligned to 64 bytes, as ScanAvx2 (sha256_lanes_avx2.cc).
__attribute__((aligned(64))) CHAINSIM_SHANI_TARGET std::uint32_t ScanShaNi(
    const LaneJob& job, const std::uint32_t* lane_words) {
  const auto& mid = job.midstate;
  const __m128i abef0 = _mm_set_epi32(static_cast<int>(mid[0]), static_cast<int>(mid[1]),
                                      static_cast<int>(mid[4]), static_cast<int>(mid[5]));
  const __m128i cdgh0 = _mm_set_epi32(static_cast<int>(mid[2]), static_cast<int>(mid[3]),
                                      static_cast<int>(mid[6]), static_cast<int>(mid[7]));
  __m128i abef[kShaNiLanes];
  __m128i cdgh[kShaNiLanes];
  for (int lane = 0; lane < kShaNiLanes; ++lane) {
    abef[lane] = abef0;
    cdgh[lane] = cdgh0;
  }
  for (int b = job.first_digit_block; b < job.block_count; ++b) {
    __m128i abef_in[kShaNiLanes];
    __m128i cdgh_in[kShaNiLanes];
    for (int lane = 0; lane < kShaNiLanes; ++lane) {
      abef_in[lane] = abef[lane];
      cdgh_in[lane] = cdgh[lane];
    }
    if (b <= job.last_digit_block) {
      __m128i m[kShaNiLanes][4];
      for (int lane = 0; lane < kShaNiLanes; ++lane) {
        alignas(16) std::uint32_t w[16];
        for (int i = 0; i < 16; ++i) {
          const int word = 16 * b + i;
          w[i] = (word >= job.first_digit_word && word <= job.last_digit_word)
                     ? lane_words[static_cast<std::ptrdiff_t>(word - job.first_digit_word) *
                                      kShaNiLanes +
                                  lane]
                     : job.words[static_cast<std::size_t>(word)];
        }
        for (int g = 0; g < 4; ++g) {
          m[lane][g] = _mm_load_si128(
              reinterpret_cast<const __m128i*>(w + 4 * static_cast<std::ptrdiff_t>(g)));
        }
      }
#pragma GCC unroll 16
      for (int g = 0; g < 16; ++g) {
#pragma GCC unroll 4
        for (int lane = 0; lane < kShaNiLanes; ++lane) {
          const __m128i w = g < 4 ? m[lane][g] : Schedule4(m[lane], g);
          Rounds4(abef[lane], cdgh[lane], _mm_add_epi32(w, K4(g)));
        }
      }
    } else {
      const std::uint32_t* wk = job.tail_wk[static_cast<std::size_t>(b)].data();
#pragma GCC unroll 16
      for (int g = 0; g < 16; ++g) {
        const __m128i k = _mm_loadu_si128(
            reinterpret_cast<const __m128i*>(wk + 4 * static_cast<std::ptrdiff_t>(g)));
#pragma GCC unroll 4
        for (int lane = 0; lane < kShaNiLanes; ++lane) Rounds4(abef[lane], cdgh[lane], k);
      }
    }
    for (int lane = 0; lane < kShaNiLanes; ++lane) {
      abef[lane] = _mm_add_epi32(abef[lane], abef_in[lane]);
      cdgh[lane] = _mm_add_epi32(cdgh[lane], cdgh_in[lane]);
    }
  }
  std::uint32_t mask = 0;
  for (int lane = 0; lane < kShaNiLanes; ++lane) {
    const auto h0 = static_cast<std::uint32_t>(_mm_extract_epi32(abef[lane], 3));
    if ((h0 & job.h0_mask) == 0) mask |= 1u << lane;
  }
  return mask;
}

// NOLINTEND(modernize-avoid-c-arrays)

}  // namespace

std::uint32_t ScanLanesShaNi(const LaneJob& job, const std::uint32_t* lane_words) {
  return ScanShaNi(job, lane_words);
}

}  // namespace chainsim

#endif  // x86
