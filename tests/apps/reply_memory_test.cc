// ReplyMemory's budget, and ParseCostEstimate measured against the heap that
// ParseChain really uses. This program counts every allocation (it replaces
// the global operator new), so it runs apart from the other tests.

#include "apps/http/reply_memory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "core/blockchain.h"
#include "core/chain_json.h"

namespace {

// Heap in use and its peak, counted by the operators below.
std::atomic<std::size_t> heap_in_use{0};
std::atomic<std::size_t> heap_peak{0};
constexpr std::size_t kHeader = alignof(std::max_align_t);

void* CountedAllocate(std::size_t size) {
  void* block = std::malloc(size + kHeader);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  const std::size_t now = heap_in_use.fetch_add(size) + size;
  std::size_t peak = heap_peak.load();
  while (now > peak && !heap_peak.compare_exchange_weak(peak, now)) {
  }
  return static_cast<char*>(block) + kHeader;
}

void CountedFree(void* pointer) noexcept {
  if (pointer == nullptr) return;
  void* block = static_cast<char*>(pointer) - kHeader;
  heap_in_use.fetch_sub(*static_cast<std::size_t*>(block));
  std::free(block);
}

}  // namespace

void* operator new(std::size_t size) { return CountedAllocate(size); }
void* operator new[](std::size_t size) { return CountedAllocate(size); }
void operator delete(void* pointer) noexcept { CountedFree(pointer); }
void operator delete[](void* pointer) noexcept { CountedFree(pointer); }
void operator delete(void* pointer, std::size_t) noexcept { CountedFree(pointer); }
void operator delete[](void* pointer, std::size_t) noexcept { CountedFree(pointer); }

namespace chainsim::http {
namespace {

// Heap that ParseChain(text) uses at its peak, beyond what was in use before.
std::size_t ParsePeak(const std::string& text) {
  const std::size_t before = heap_in_use.load();
  heap_peak.store(before);
  {
    const Result<Chain> chain = ParseChain(text);
    EXPECT_TRUE(chain.ok()) << chain.error().message;
  }
  return heap_peak.load() - before;
}

std::string OneBlockWith(const std::string& element, int count) {
  std::string transactions;
  for (int i = 0; i < count; ++i) transactions += (i == 0 ? "" : ",") + element;
  return R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":1.5,"transactions":[)" +
         transactions + "]}],\"length\":1}";
}

TEST(ReplyMemoryTest, EstimateBoundsTheParsePeakOfTheCostliestShapes) {
  // 4097 elements leave a vector's spare capacity at its largest.
  for (const int count : {4097, 5000}) {
    for (const std::string& element :
         std::vector<std::string>{"{}", "[]", "0", "\"\"", "{\"a\":0}", "[[[]]]", "1.5",
                                  "{\"amount\":1,\"recipient\":\"b\",\"sender\":\"a\"}",
                                  "\"" + std::string(1000, 'x') + "\""}) {
      SCOPED_TRACE(element.substr(0, 40) + " x " + std::to_string(count));
      const std::string text = OneBlockWith(element, count);
      const std::size_t peak = ParsePeak(text);
      const std::size_t estimate = ParseCostEstimate(text);
      EXPECT_GE(estimate, peak);
      // Not wildly above either (the bound holds for two JSON readers of
      // core, the newer needing up to 15x less for runs of small scalars:
      // see reply_memory.h).
      EXPECT_LE(estimate, 16 * peak);
    }
  }
}

TEST(ReplyMemoryTest, EstimateBoundsTheParsePeakOfTheReferencesChains) {
  ChainRules rules;
  rules.difficulty = 0;
  Blockchain chain(rules, "feedfacefeedfacefeedfacefeedface", 1795491520.25);
  for (int i = 0; i < 1000; ++i) {
    chain.NewTransaction("alice", "bob", i);
    chain.NewTransaction("carol", "dave", 0.5 + i);
    chain.Mine(1795491521.5 + i);
  }
  const std::string text = ChainResponseBody(chain.chain());
  const std::size_t peak = ParsePeak(text);
  EXPECT_GE(ParseCostEstimate(text), peak);
  EXPECT_LE(ParseCostEstimate(text), 16 * peak);
}

TEST(ReplyMemoryTest, HoldsShareTheBudgetAndReturnItWhenDestroyed) {
  ReplyMemory memory(1000);
  {
    ReplyMemory::Hold a(memory);
    ReplyMemory::Hold b(memory);
    EXPECT_TRUE(a.Resize(600));
    EXPECT_FALSE(b.Resize(401));  // would exceed the budget: nothing changes
    EXPECT_EQ(b.bytes(), 0U);
    EXPECT_TRUE(b.Resize(400));
    EXPECT_EQ(memory.in_use(), 1000U);
    a.ShrinkTo(100);
    EXPECT_EQ(memory.in_use(), 500U);
    ReplyMemory::Hold moved = std::move(b);
    EXPECT_EQ(memory.in_use(), 500U);
  }
  EXPECT_EQ(memory.in_use(), 0U);
}

}  // namespace
}  // namespace chainsim::http
