// Chain validation and resolve: how their cost grows with chain length L and
// the number of peers k.
//
// One chain of 100,032 blocks is mined once at difficulty 1 (each block
// carries the reward transaction, as /mine makes it); every chain below is a
// prefix of it, sharing its blocks by pointer as the simulator's nodes do.
// valid_chain hashes one proof message per block whatever the difficulty,
// so difficulty 1 measures the same work as the reference's 4. Release build:
//   build/pow-release/bench/chain/chain_bench --benchmark_out=bench/results/chain.json
//   --benchmark_out_format=json

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/blockchain.h"
#include "core/link_cache.h"
#include "core/resolve.h"
#include "core/valid_chain.h"

namespace chainsim {
namespace {

constexpr std::size_t kLongest = 100000;
constexpr std::size_t kMaxPeers = 32;

ChainRules BenchRules() {
  ChainRules rules;
  rules.difficulty = 1;
  return rules;
}

// The shared chain, mined on first use.
const Chain& MasterChain() {
  static const Chain chain = [] {
    Blockchain node(BenchRules(), "0123456789abcdef0123456789abcdef", 1700000000.0);
    for (std::size_t i = 1; i < kLongest + kMaxPeers; ++i) {
      node.Mine(1700000000.0 + static_cast<double>(i));
    }
    return node.chain();
  }();
  return chain;
}

Chain Prefix(std::size_t length) {
  const Chain& master = MasterChain();
  return Chain(master.begin(), master.begin() + static_cast<std::ptrdiff_t>(length));
}

// valid_chain over a chain of L blocks; items/s = blocks validated per second.
void BM_ValidChain(benchmark::State& state) {
  const Chain chain = Prefix(static_cast<std::size_t>(state.range(0)));
  const ChainRules rules = BenchRules();
  for (auto _ : state) {
    if (!ValidChain(chain, rules)) state.SkipWithError("the bench chain is invalid");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(chain.size() - 1));
}
BENCHMARK(BM_ValidChain)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMicrosecond);

// Resolve, worst case for the longest-chain rule: our chain has L blocks and
// peer i (of k) offers L + 1 + i blocks, so each peer beats the one before
// and every chain is validated: k * L blocks. Args: k, L.
void BM_Resolve_EachPeerLonger(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  const auto length = static_cast<std::size_t>(state.range(1));
  const Chain ours = Prefix(length);
  std::vector<Chain> peers;
  for (std::size_t i = 0; i < k; ++i) peers.push_back(Prefix(length + 1 + i));
  std::vector<const Chain*> candidates;
  for (const Chain& peer : peers) candidates.push_back(&peer);
  const ChainRules rules = BenchRules();
  std::int64_t validated = 0;
  for (auto _ : state) {
    const ResolveDecision decision = ChooseChain(ours, candidates, rules);
    if (decision.winner != k - 1) state.SkipWithError("the longest peer should win");
    for (const Chain* peer : candidates) validated += static_cast<std::int64_t>(peer->size() - 1);
  }
  state.SetItemsProcessed(validated);
}

// Resolve when one block has spread: all k peers offer the same L + 1
// blocks; the first is validated, the others tie and are skipped.
void BM_Resolve_SameTip(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  const auto length = static_cast<std::size_t>(state.range(1));
  const Chain ours = Prefix(length);
  std::vector<Chain> peers(k, Prefix(length + 1));
  std::vector<const Chain*> candidates;
  for (const Chain& peer : peers) candidates.push_back(&peer);
  const ChainRules rules = BenchRules();
  for (auto _ : state) {
    const ResolveDecision decision = ChooseChain(ours, candidates, rules);
    if (decision.winner != 0u) state.SkipWithError("the first peer should win");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(length));
}

// valid_chain with a LinkCache that already knows every link (the steady
// state of a node that re-validates chains sharing its blocks).
void BM_ValidChainCached(benchmark::State& state) {
  const Chain chain = Prefix(static_cast<std::size_t>(state.range(0)));
  const ChainRules rules = BenchRules();
  LinkCache cache(rules);
  CheckChainCached(chain, rules, false, cache);
  for (auto _ : state) {
    if (!CheckChainCached(chain, rules, false, cache).valid) state.SkipWithError("invalid");
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(chain.size() - 1));
}
BENCHMARK(BM_ValidChainCached)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Unit(benchmark::kMicrosecond);

// ChooseChain's longest-chain rule with validation through a LinkCache
// (resolve.h takes no cache yet; this loop mirrors ChooseChain's kLongest
// branch). Returns the winner's index, or k when none.
std::size_t ChooseLongestCached(const Chain& ours, const std::vector<const Chain*>& candidates,
                                const ChainRules& rules, LinkCache& cache) {
  std::size_t best_length = ours.size();
  std::size_t winner = candidates.size();
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i]->size() <= best_length) continue;
    if (!CheckChainCached(*candidates[i], rules, false, cache).valid) continue;
    best_length = candidates[i]->size();
    winner = i;
  }
  return winner;
}

// The EachPeerLonger case through a LinkCache. Arg "warm": 0 = a new cache
// per resolve (shared prefixes are hashed once per call), 1 = one cache
// kept across resolves (every link already known). items/s counts blocks
// the uncached rule would validate, for comparison with the plain run.
void BM_Resolve_EachPeerLongerCached(benchmark::State& state) {
  const auto k = static_cast<std::size_t>(state.range(0));
  const auto length = static_cast<std::size_t>(state.range(1));
  const bool warm = state.range(2) != 0;
  const Chain ours = Prefix(length);
  std::vector<Chain> peers;
  for (std::size_t i = 0; i < k; ++i) peers.push_back(Prefix(length + 1 + i));
  std::vector<const Chain*> candidates;
  for (const Chain& peer : peers) candidates.push_back(&peer);
  const ChainRules rules = BenchRules();
  LinkCache kept(rules);
  if (warm) ChooseLongestCached(ours, candidates, rules, kept);
  std::int64_t validated = 0;
  for (auto _ : state) {
    LinkCache fresh(rules);
    LinkCache& cache = warm ? kept : fresh;
    if (ChooseLongestCached(ours, candidates, rules, cache) != k - 1) {
      state.SkipWithError("the longest peer should win");
    }
    for (const Chain* peer : candidates) validated += static_cast<std::int64_t>(peer->size() - 1);
  }
  state.SetItemsProcessed(validated);
}
BENCHMARK(BM_Resolve_EachPeerLongerCached)
    ->ArgsProduct({{1, 8, 32}, {1000, 100000}, {0, 1}})
    ->ArgNames({"k", "L", "warm"})
    ->Unit(benchmark::kMillisecond);

void ResolveArgs(benchmark::internal::Benchmark* bench) {
  for (const std::int64_t k : {1, 4, 8, 16, 32}) {
    for (const std::int64_t length : {100, 1000, 10000, 100000}) bench->Args({k, length});
  }
  bench->ArgNames({"k", "L"})->Unit(benchmark::kMillisecond);
}
BENCHMARK(BM_Resolve_EachPeerLonger)->Apply(ResolveArgs);
BENCHMARK(BM_Resolve_SameTip)->Apply(ResolveArgs);

}  // namespace
}  // namespace chainsim

BENCHMARK_MAIN();
