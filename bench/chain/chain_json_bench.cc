// Reading and writing chains as JSON: what `chainsim verify` and GET /chain
// cost per block.
//
// The chain is mined once at difficulty 1 and looks like the chain.json of a
// simulated run: the mining reward plus 0 to 4 transfers per block (2.5
// transactions on average, about 330 bytes per block in a compact body).
// Release build:
//   build/release/bench/chain/chain_json_bench --benchmark_filter=Chain
// The same source builds against older commits (it uses only ParseChain,
// CheckChain and ChainResponseBody), for side-by-side comparisons.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "core/blockchain.h"
#include "core/chain_json.h"
#include "core/valid_chain.h"

namespace chainsim {
namespace {

constexpr std::size_t kBlocks = 10000;

ChainRules BenchRules() {
  ChainRules rules;
  rules.difficulty = 1;
  return rules;
}

const Chain& BenchChain() {
  static const Chain chain = [] {
    Blockchain node(BenchRules(), "44155ab8b3f64148b75ec52add51cf2e", 1795491520.0);
    for (std::size_t i = 1; i < kBlocks; ++i) {
      for (std::size_t t = 0; t < (i * 7) % 5; ++t) {
        node.NewTransaction("wallet-" + std::to_string((i * 31 + t) % 1000),
                            "wallet-" + std::to_string((i * 17 + t) % 1000),
                            static_cast<std::int64_t>(1 + (i + t) % 9));
      }
      node.Mine(1795491520.0 + 10.0 * static_cast<double>(i) + 0.5952144);
    }
    return node.chain();
  }();
  return chain;
}

Chain Prefix(std::size_t length) {
  const Chain& chain = BenchChain();
  return Chain(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(length));
}

// Parsing a /chain body of L blocks into blocks (hashes included).
void BM_ParseChain(benchmark::State& state) {
  const std::string text = ChainResponseBody(Prefix(static_cast<std::size_t>(state.range(0))));
  for (auto _ : state) {
    Result<Chain> chain = ParseChain(text);
    if (!chain.ok()) state.SkipWithError("the bench chain does not parse");
    benchmark::DoNotOptimize(chain);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_ParseChain)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// What `chainsim verify` does with the text: parse, then valid_chain.
void BM_VerifyChainText(benchmark::State& state) {
  const std::string text = ChainResponseBody(Prefix(static_cast<std::size_t>(state.range(0))));
  const ChainRules rules = BenchRules();
  for (auto _ : state) {
    Result<Chain> chain = ParseChain(text);
    if (!chain.ok() || !CheckChain(*chain, rules).valid) state.SkipWithError("invalid");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VerifyChainText)->Arg(10000)->Unit(benchmark::kMillisecond);

// The body of GET /chain for a chain of L blocks.
void BM_ChainResponseBody(benchmark::State& state) {
  const Chain chain = Prefix(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    std::string body = ChainResponseBody(chain);
    benchmark::DoNotOptimize(body);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ChainResponseBody)->Arg(1000)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chainsim

BENCHMARK_MAIN();
