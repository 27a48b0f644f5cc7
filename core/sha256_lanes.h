#pragma once
// Multi-lane SHA-256 kernels for the proof-of-work search, and CPU dispatch.
//
// A kernel hashes several proof messages at once ("lanes"). The messages of
// one call differ only in the proof's decimal digits, and all have the same
// digit count, so they share one pre-padded layout (a LaneJob): the blocks
// before the digits are folded into a midstate, the words that hold digits
// come per lane, and every block after the digits has a constant message
// schedule, precomputed once as W[t] + K[t].
//
// A kernel reports which lanes are candidates: (H0 & job.h0_mask) == 0, H0 the
// first 32-bit word of the digest. The caller confirms each candidate with a
// full digest, so a kernel never needs to look past H0.
//
// The ISA-specific kernels are compiled with __attribute__/pragma target and
// must only be called when the matching CpuSupports* function says so.
// Thread safety: all functions are pure; any number of threads may call them.

#include <array>
#include <cstddef>
#include <cstdint>

namespace chainsim {

// SHA-256 round constants (FIPS 180-4, 4.2.2).
inline constexpr std::array<std::uint32_t, 64> kSha256K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// The SHA-256 initial hash value H(0).
inline constexpr std::array<std::uint32_t, 8> kSha256Iv = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

// The SHA-256 block function in plain C++: state += compress(state, block),
// `words` the 16 big-endian words of one 64-byte block, already decoded.
void Sha256Compress(std::array<std::uint32_t, 8>& state, const std::uint32_t* words);

// Widest lane count of any kernel, message blocks and digit words a LaneJob
// can describe.
inline constexpr int kMaxLanes = 32;  // the mask of a kernel has a bit per lane
inline constexpr int kMaxLaneBlocks = 4;
inline constexpr int kMaxDigitWords = 6;  // 19 digits touch at most 6 words

// One pre-padded message layout, shared by all lanes of a call.
struct LaneJob {
  // The padded message as decoded big-endian words; the words that hold
  // digits are taken from the lane words instead.
  std::array<std::uint32_t, 16 * std::size_t{kMaxLaneBlocks}> words{};
  int block_count = 0;  // padded length / 64, 1..kMaxLaneBlocks
  // Word indices (into `words`, inclusive) of the first and last word that
  // hold a digit, and the blocks they fall in.
  int first_digit_word = 0;
  int last_digit_word = 0;
  int first_digit_block = 0;
  int last_digit_block = 0;
  // The hash state after the blocks before first_digit_block.
  std::array<std::uint32_t, 8> midstate = kSha256Iv;
  // For each block after last_digit_block: its constant schedule W[t] + K[t].
  std::array<std::array<std::uint32_t, 64>, kMaxLaneBlocks> tail_wk{};
  // A lane is a candidate when (H0 & h0_mask) == 0.
  std::uint32_t h0_mask = 0;
};

// Lane words: for digit word k (0 = first_digit_word) and lane j, the word is
// lane_words[k * lanes + j]. Returns a bit mask, bit j set when lane j is a
// candidate. REQUIRES: lane_words holds (last - first + 1) * lanes words.
using LaneKernel = std::uint32_t (*)(const LaneJob& job, const std::uint32_t* lane_words);

// One lane, plain C++ (any CPU).
std::uint32_t ScanLanesPortable(const LaneJob& job, const std::uint32_t* lane_words);
// kShaNiLanes lanes, interleaved, with the x86 SHA extensions (4 measured
// ~8 % faster than 2). REQUIRES: CpuSupportsShaNi().
inline constexpr int kShaNiLanes = 4;
std::uint32_t ScanLanesShaNi(const LaneJob& job, const std::uint32_t* lane_words);
// Eight lanes in 256-bit vectors. REQUIRES: CpuSupportsAvx2().
std::uint32_t ScanLanesAvx2(const LaneJob& job, const std::uint32_t* lane_words);
// kAvx512Lanes lanes in pairs of 512-bit vectors (rotates and ternary logic
// of AVX-512F; a pair measured 1.6 times as fast as one vector).
// REQUIRES: CpuSupportsAvx512().
inline constexpr int kAvx512Lanes = 32;
std::uint32_t ScanLanesAvx512(const LaneJob& job, const std::uint32_t* lane_words);

// Run-time CPU features (__builtin_cpu_supports); false on other architectures.
bool CpuSupportsShaNi();
bool CpuSupportsAvx2();
bool CpuSupportsAvx512();  // AVX-512F and AVX-512VL

}  // namespace chainsim
