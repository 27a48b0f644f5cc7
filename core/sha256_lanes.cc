#include "core/sha256_lanes.h"

#include <bit>
#include <cstddef>

// The portable kernel is compiled for the build's baseline ISA.
#define CHAINSIM_LANES_TARGET
#include "core/sha256_lanes_kernel.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace chainsim {
namespace {

struct PortableOps {
  using V = std::uint32_t;
  static constexpr int kLanes = 1;
  static V Set1(std::uint32_t x) { return x; }
  static V Load(const std::uint32_t* p) { return *p; }
  static V Add(V a, V b) { return a + b; }
  static V And(V a, V b) { return a & b; }
  static V BigSigma0(V a) { return std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22); }
  static V BigSigma1(V e) { return std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25); }
  static V SmallSigma0(V x) { return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3); }
  static V SmallSigma1(V x) { return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10); }
  static V Ch(V e, V f, V g) { return g ^ (e & (f ^ g)); }
  static V Maj(V a, V b, V c) { return (a & b) | (c & (a | b)); }
  static std::uint32_t ZeroMask(V x) { return x == 0 ? 1u : 0u; }
};

using Body = lanes_detail::LaneKernelBody<PortableOps>;

}  // namespace

void Sha256Compress(std::array<std::uint32_t, 8>& state, const std::uint32_t* words) {
  // The kernel's register arrays (core/sha256_lanes_kernel.h).
  std::uint32_t s[8];   // NOLINT(modernize-avoid-c-arrays)
  std::uint32_t w[16];  // NOLINT(modernize-avoid-c-arrays)
  for (std::size_t i = 0; i < 8; ++i) s[i] = state[i];
  for (std::size_t i = 0; i < 16; ++i) w[i] = words[i];
  Body::CompressMessage(s, w);
  for (std::size_t i = 0; i < 8; ++i) state[i] = s[i];
}

std::uint32_t ScanLanesPortable(const LaneJob& job, const std::uint32_t* lane_words) {
  return Body::Scan(job, lane_words);
}

#if defined(__x86_64__) || defined(__i386__)
bool CpuSupportsShaNi() {
  // CPUID leaf 7, EBX bit 29 (clang's __builtin_cpu_supports has no "sha").
  unsigned int eax = 0;
  unsigned int ebx = 0;
  unsigned int ecx = 0;
  unsigned int edx = 0;
  const bool has_sha =
      __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 && (ebx >> 29 & 1u) != 0;
  return has_sha && __builtin_cpu_supports("sse4.1");
}
bool CpuSupportsAvx2() { return __builtin_cpu_supports("avx2"); }
bool CpuSupportsAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
}
#else
bool CpuSupportsShaNi() { return false; }
bool CpuSupportsAvx2() { return false; }
bool CpuSupportsAvx512() { return false; }
std::uint32_t ScanLanesShaNi(const LaneJob&, const std::uint32_t*) { return 0; }
std::uint32_t ScanLanesAvx2(const LaneJob&, const std::uint32_t*) { return 0; }
std::uint32_t ScanLanesAvx512(const LaneJob&, const std::uint32_t*) { return 0; }
#endif

}  // namespace chainsim
