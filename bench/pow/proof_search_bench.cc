// Proof-of-work search throughput: hashes per second for every search path,
// on the tutorial's proof message (str(100) + str(proof) + 64-hex last_hash:
// 72..74 bytes, two SHA-256 blocks), plus the parallel search.
//
// Each iteration tries kTries consecutive proofs at an unreachable
// difficulty (64), so every path hashes exactly kTries messages; items/s is
// hashes per second. Run the Release build, e.g.
//   build/pow-release/bench/pow/pow_bench --benchmark_out=bench/results/pow.json
//   --benchmark_out_format=json

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "core/parallel_search.h"
#include "core/proof_search.h"

namespace chainsim {
namespace {

constexpr char kGenesisHash[] = "af7b51403e883afcb0c8dcc3c80d23f055208a2e8e1cc25d85f7f454aae22ca2";
constexpr std::int64_t kStart = 10000;     // 5 digits: a 72-byte message
constexpr std::uint64_t kTries = 1 << 16;  // 10000 .. 75535: all 5 digits

void SearchPath(benchmark::State& state, ProofSearchPath path) {
  if (!IsAvailable(path)) {
    state.SkipWithError("this CPU lacks the instructions of this path");
    return;
  }
  const ProofMessage message{"100", kGenesisHash};
  for (auto _ : state) {
    benchmark::DoNotOptimize(SearchProofWith(path, message, 64, kStart, kTries));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kTries));
  state.SetLabel(std::string(Name(path)) + (path == DefaultProofSearchPath() ? " (default)" : ""));
}

void BM_ProofSearch_OpenSslFormatted(benchmark::State& state) {
  SearchPath(state, ProofSearchPath::kOpenSslFormatted);
}
void BM_ProofSearch_OpenSslBlock(benchmark::State& state) {
  SearchPath(state, ProofSearchPath::kOpenSslBlock);
}
void BM_ProofSearch_Portable(benchmark::State& state) {
  SearchPath(state, ProofSearchPath::kPortable);
}
void BM_ProofSearch_ShaNi(benchmark::State& state) { SearchPath(state, ProofSearchPath::kShaNi); }
void BM_ProofSearch_Avx2(benchmark::State& state) { SearchPath(state, ProofSearchPath::kAvx2); }
void BM_ProofSearch_Avx512(benchmark::State& state) { SearchPath(state, ProofSearchPath::kAvx512); }
void BM_ProofSearch_Default(benchmark::State& state) {
  SearchPath(state, DefaultProofSearchPath());
}
BENCHMARK(BM_ProofSearch_OpenSslFormatted);
BENCHMARK(BM_ProofSearch_OpenSslBlock);
BENCHMARK(BM_ProofSearch_Portable);
BENCHMARK(BM_ProofSearch_ShaNi);
BENCHMARK(BM_ProofSearch_Avx2);
BENCHMARK(BM_ProofSearch_Avx512);
// The SHA-NI path again, right after the AVX-512 one: shows whether SSE code
// pays for upper register state the AVX-512 kernel left dirty.
void BM_ProofSearch_ShaNiAfterAvx512(benchmark::State& state) {
  SearchPath(state, ProofSearchPath::kShaNi);
}
BENCHMARK(BM_ProofSearch_ShaNiAfterAvx512);
void BM_ProofSearch_OpenSslBlockAfterAvx512(benchmark::State& state) {
  SearchPath(state, ProofSearchPath::kOpenSslBlock);
}
BENCHMARK(BM_ProofSearch_OpenSslBlockAfterAvx512);
BENCHMARK(BM_ProofSearch_Default);

// The parallel search over 2^22 tries; items/s is total hashes per second
// of wall time. Arg: threads.
void BM_ParallelProofSearch(benchmark::State& state) {
  const ProofMessage message{"100", kGenesisHash};
  const auto threads = static_cast<int>(state.range(0));
  constexpr std::uint64_t kParallelTries = std::uint64_t{1} << 22;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParallelSearchProof(message, 64, kStart, kParallelTries, threads));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kParallelTries));
  state.SetLabel(std::string(Name(DefaultProofSearchPath())));
}
BENCHMARK(BM_ParallelProofSearch)
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chainsim

BENCHMARK_MAIN();
