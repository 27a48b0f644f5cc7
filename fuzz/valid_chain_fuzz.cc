// Fuzz target: valid_chain and the fork choice on chains built from the
// input. Blocks form a tree (each picks a parent among the earlier ones, so
// chains share blocks by pointer, as the simulator's nodes do); their proofs
// are real ones, near misses, floats or big integers, and some links are
// broken; chains are paths to genesis, some then tampered (swapped,
// dropped, duplicated or foreign blocks). Properties: CheckChainCached gives
// exactly CheckChain's verdict (valid, position, reason, bit-identical work)
// and ChooseChain exactly the same decision with and without a LinkCache,
// on a cold cache and on one warmed by earlier calls, for both fork choices.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/blockchain.h"
#include "core/check.h"
#include "core/link_cache.h"
#include "core/proof_of_work.h"
#include "core/resolve.h"
#include "core/valid_chain.h"
#include "fuzz/fuzz_input.h"

namespace chainsim {
namespace {

constexpr std::size_t kNoParent = static_cast<std::size_t>(-1);

struct PoolBlock {
  BlockPtr block;
  std::size_t parent = kNoParent;
};

Json ProofFor(fuzz::FuzzInput& in, const Block& parent, const ChainRules& rules) {
  switch (in.Below(5)) {
    case 0:
      return ProofOfWork(parent, rules);
    case 1:
      return ProofOfWork(parent, rules) + static_cast<std::int64_t>(in.Below(3));
    case 2:
      return static_cast<std::int64_t>(in.Byte());  // valid by chance
    case 3:
      return static_cast<double>(in.Byte()) + (in.Bool() ? 0.5 : 0.0);
    default:
      return IntegerFromDecimal("1" + std::string(25, '0') + std::to_string(in.Byte()));
  }
}

Chain PathTo(const std::vector<PoolBlock>& pool, std::size_t tip) {
  Chain chain;
  for (std::size_t i = tip; i != kNoParent; i = pool[i].parent) chain.push_back(pool[i].block);
  std::reverse(chain.begin(), chain.end());
  return chain;
}

void Tamper(fuzz::FuzzInput& in, const std::vector<PoolBlock>& pool, Chain& chain) {
  const std::size_t a = in.Below(chain.size());
  const std::size_t b = in.Below(chain.size());
  switch (in.Below(6)) {
    case 0:
      std::swap(chain[a], chain[b]);
      break;
    case 1:
      if (chain.size() > 1) chain.erase(chain.begin() + static_cast<std::ptrdiff_t>(a));
      break;
    case 2:
      chain.insert(chain.begin() + static_cast<std::ptrdiff_t>(a), chain[b]);
      break;
    case 3:
      chain.push_back(pool[in.Below(pool.size())].block);
      break;
    default:
      break;
  }
}

void CheckSameVerdict(const ChainVerdict& plain, const ChainVerdict& cached) {
  CHAINSIM_CHECK(plain.valid == cached.valid);
  CHAINSIM_CHECK(plain.failed_position == cached.failed_position);
  CHAINSIM_CHECK(plain.reason == cached.reason);
  CHAINSIM_CHECK(plain.work == cached.work);  // bit-identical sums
}

void CheckSameDecision(const ResolveDecision& plain, const ResolveDecision& cached) {
  CHAINSIM_CHECK(plain.winner == cached.winner);
  CHAINSIM_CHECK(plain.verdicts.size() == cached.verdicts.size());
  for (std::size_t i = 0; i < plain.verdicts.size(); ++i) {
    CHAINSIM_CHECK(plain.verdicts[i].outcome == cached.verdicts[i].outcome);
    CHAINSIM_CHECK(plain.verdicts[i].reason == cached.verdicts[i].reason);
  }
}

}  // namespace
}  // namespace chainsim

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chainsim;
  fuzz::FuzzInput in(data, size);
  ChainRules rules;
  rules.difficulty = static_cast<int>(in.Below(3));  // 0 to 2: real proofs are found at once
  rules.proof_variant = in.Bool() ? ProofVariant::kArticle : ProofVariant::kTutorial;

  std::vector<PoolBlock> pool;
  pool.push_back({MakeGenesis(1.5, rules.proof_variant), kNoParent});
  if (in.Bool()) pool.push_back({MakeGenesis(2.5, rules.proof_variant), kNoParent});
  const std::size_t blocks = in.Below(24);
  for (std::size_t i = 0; i < blocks; ++i) {
    const std::size_t parent = in.Below(pool.size());
    const Block& previous = *pool[parent].block;
    BlockFields fields;
    fields.index = IncrementInteger(previous.index());
    fields.timestamp = static_cast<double>(i);
    fields.previous_hash = in.Below(8) == 0 ? Json(std::string(64, 'a')) : Json(previous.hash());
    fields.proof = ProofFor(in, previous, rules);
    if (in.Bool()) fields.transactions.push_back(RewardTransaction("n"));
    pool.push_back({Block::Create(std::move(fields)), parent});
  }

  std::vector<Chain> chains;
  const std::size_t count = 1 + in.Below(6);
  for (std::size_t k = 0; k < count; ++k) {
    Chain chain = PathTo(pool, in.Below(pool.size()));
    Tamper(in, pool, chain);
    chains.push_back(std::move(chain));
  }
  std::vector<const Chain*> candidates;
  for (std::size_t k = 1; k < chains.size(); ++k) candidates.push_back(&chains[k]);

  for (const ForkChoice fork_choice : {ForkChoice::kLongest, ForkChoice::kMostWork}) {
    rules.fork_choice = fork_choice;
    LinkCache cache(rules);
    for (int pass = 0; pass < 2; ++pass) {  // a cold cache, then a warm one
      for (const Chain& chain : chains) {
        for (const bool with_work : {false, true}) {
          CheckSameVerdict(CheckChain(chain, rules, with_work),
                           CheckChainCached(chain, rules, with_work, cache));
        }
      }
      CheckSameDecision(ChooseChain(chains[0], candidates, rules),
                        ChooseChain(chains[0], candidates, rules, &cache));
    }
  }
  return 0;
}
