#include "core/link_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/blockchain.h"
#include "core/valid_chain.h"

namespace chainsim {
namespace {

ChainRules EasyRules() {
  ChainRules rules;
  rules.difficulty = 2;
  return rules;
}

Chain MineChain(std::size_t length, double genesis_time) {
  Blockchain node(EasyRules(), "0123456789abcdef0123456789abcdef", genesis_time);
  for (std::size_t i = 1; i < length; ++i) node.Mine(genesis_time + static_cast<double>(i));
  return node.chain();
}

void ExpectSameVerdict(const Chain& chain, LinkCache& cache, const std::string& what) {
  for (const bool with_work : {false, true}) {
    const ChainVerdict plain = CheckChain(chain, EasyRules(), with_work);
    const ChainVerdict cached = CheckChainCached(chain, EasyRules(), with_work, cache);
    EXPECT_EQ(cached.valid, plain.valid) << what;
    EXPECT_EQ(cached.failed_position, plain.failed_position) << what;
    EXPECT_EQ(cached.reason, plain.reason) << what;
    EXPECT_EQ(cached.work, plain.work) << what;  // bit-identical sums
  }
}

Chain WithProof(Chain chain, std::size_t position, Json proof) {
  BlockFields fields = chain[position]->fields();
  fields.proof = proof;
  chain[position] = Block::Create(std::move(fields));
  return chain;
}

TEST(LinkCacheTest, RemembersTheValidLinksOfAChain) {
  const Chain chain = MineChain(30, 1000.0);
  LinkCache cache(EasyRules());
  ExpectSameVerdict(chain, cache, "first pass");
  EXPECT_EQ(cache.size(), 29u);
  ExpectSameVerdict(chain, cache, "all links known");
  EXPECT_EQ(cache.size(), 29u);
}

TEST(LinkCacheTest, TamperedChainsGetTheSameVerdictAsWithoutCache) {
  const Chain chain = MineChain(30, 1000.0);
  const Chain other = MineChain(30, 2000.0);
  LinkCache cache(EasyRules());
  ExpectSameVerdict(chain, cache, "warm");
  ExpectSameVerdict(other, cache, "warm other");

  // A block rebuilt with another proof: a new object, checked afresh; its
  // successor keeps a previous_hash that no longer matches.
  for (const std::size_t position : {1u, 10u, 29u}) {
    const Chain tampered = WithProof(chain, position, IncrementInteger(chain[position]->proof()));
    ExpectSameVerdict(tampered, cache, "proof changed at " + std::to_string(position));
    EXPECT_FALSE(CheckChainCached(tampered, EasyRules(), false, cache).valid);
  }
  // Known-valid block objects placed after another parent.
  Chain swapped = chain;
  std::swap(swapped[5], swapped[6]);
  EXPECT_FALSE(CheckChain(swapped, EasyRules()).valid);
  ExpectSameVerdict(swapped, cache, "two blocks swapped");
  Chain spliced(chain.begin(), chain.begin() + 15);
  spliced.insert(spliced.end(), other.begin() + 15, other.end());
  EXPECT_FALSE(CheckChain(spliced, EasyRules()).valid);
  ExpectSameVerdict(spliced, cache, "spliced from another chain");
  Chain dropped = chain;
  dropped.erase(dropped.begin() + 12);
  EXPECT_FALSE(CheckChain(dropped, EasyRules()).valid);
  ExpectSameVerdict(dropped, cache, "block removed");
  Chain repeated = chain;
  repeated.insert(repeated.begin() + 8, chain[7]);
  EXPECT_FALSE(CheckChain(repeated, EasyRules()).valid);
  ExpectSameVerdict(repeated, cache, "block repeated");
  ExpectSameVerdict(Chain{}, cache, "empty");
  ExpectSameVerdict(Chain{chain[3]}, cache, "one block");
  // The untouched chains are still valid afterwards.
  ExpectSameVerdict(chain, cache, "original again");
  EXPECT_TRUE(CheckChainCached(chain, EasyRules(), false, cache).valid);
}

TEST(LinkCacheTest, AnAddressReusedByANewBlockIsNotTrusted) {
  // The cache holds the blocks it remembers, so a freed block's address
  // cannot come back as another block while its entry lives; after Clear()
  // everything is checked again.
  LinkCache cache(EasyRules());
  {
    const Chain chain = MineChain(5, 1000.0);
    ExpectSameVerdict(chain, cache, "warm");
  }
  EXPECT_EQ(cache.size(), 4u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  const Chain fresh = MineChain(5, 3000.0);
  const Chain tampered = WithProof(fresh, 2, IncrementInteger(fresh[2]->proof()));
  ExpectSameVerdict(tampered, cache, "after clear");
}

}  // namespace
}  // namespace chainsim
