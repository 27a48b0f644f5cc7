#include "sim/engine/callback.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <memory>
#include <utility>

namespace chainsim::sim {
namespace {

TEST(CallbackTest, DefaultIsEmpty) {
  Callback empty;
  EXPECT_FALSE(empty);
  Callback null = nullptr;
  EXPECT_FALSE(null);
}

TEST(CallbackTest, CallsASmallLambdaStoredInline) {
  int calls = 0;
  int* p = &calls;
  auto lambda = [p, step = 2] { *p += step; };
  static_assert(Callback::kStoredInline<decltype(lambda)>);
  Callback cb = lambda;
  ASSERT_TRUE(cb);
  cb();
  cb();
  EXPECT_EQ(calls, 4);
}

TEST(CallbackTest, StoresTwoSharedPointersAPointerAndAnIntInline) {
  auto a = std::make_shared<int>(1);
  auto b = std::make_shared<int>(2);
  int sum = 0;
  int* out = &sum;
  int extra = 3;  // not const: a constant would not need capturing (clang -Wunused-lambda-capture)
  auto lambda = [a, b, out, extra] { *out = *a + *b + extra; };
  static_assert(Callback::kStoredInline<decltype(lambda)>);
  Callback cb = std::move(lambda);
  cb();
  EXPECT_EQ(sum, 6);
}

TEST(CallbackTest, CallsALargeLambdaStoredOnTheHeap) {
  std::array<std::int64_t, 16> big{};
  big[15] = 5;
  std::int64_t out = 0;
  auto lambda = [big, &out] { out = big[15]; };
  static_assert(!Callback::kStoredInline<decltype(lambda)>);
  Callback cb = lambda;
  Callback moved = std::move(cb);
  EXPECT_FALSE(cb);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  moved();
  EXPECT_EQ(out, 5);
}

TEST(CallbackTest, MovesAndDestroysCapturedSharedPointersExactlyOnce) {
  auto token = std::make_shared<int>(1);
  {
    Callback a = [token] { (void)*token; };
    EXPECT_EQ(token.use_count(), 2);
    Callback b = std::move(a);
    EXPECT_EQ(token.use_count(), 2);
    Callback c;
    c = std::move(b);
    EXPECT_EQ(token.use_count(), 2);
    c();
    c.Reset();
    EXPECT_FALSE(c);
    EXPECT_EQ(token.use_count(), 1);
    c = [token] { (void)*token; };
    EXPECT_EQ(token.use_count(), 2);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(CallbackTest, HoldsMoveOnlyCallables) {
  auto owned = std::make_unique<int>(9);
  int seen = 0;
  Callback cb = [&seen, p = std::move(owned)] { seen = *p; };
  Callback moved = std::move(cb);
  moved();
  EXPECT_EQ(seen, 9);
}

TEST(CallbackTest, HeapStoredCallableIsDestroyed) {
  auto token = std::make_shared<int>(1);
  {
    std::array<std::int64_t, 16> big{};
    Callback cb = [token, big] { (void)big; };
    EXPECT_EQ(token.use_count(), 2);
  }
  EXPECT_EQ(token.use_count(), 1);
}

// A callable with the Prefetch() hint: counts the hints and the calls.
struct Hinted {
  int* hints;
  int* calls;
  void operator()() const { ++*calls; }
  void Prefetch() const noexcept { ++*hints; }
};

// The same, too big to be stored inline.
struct BigHinted {
  Hinted hinted;
  std::array<std::int64_t, 16> ballast{};
  void operator()() const { hinted(); }
  void Prefetch() const noexcept { hinted.Prefetch(); }
};

TEST(CallbackTest, PrefetchForwardsToTheCallablesHintInlineOrOnTheHeap) {
  static_assert(Callback::kHasPrefetch<Hinted> && Callback::kStoredInline<Hinted>);
  static_assert(Callback::kHasPrefetch<BigHinted> && !Callback::kStoredInline<BigHinted>);
  int hints = 0;
  int calls = 0;
  Callback small = Hinted{&hints, &calls};
  Callback big = BigHinted{Hinted{&hints, &calls}};
  small.Prefetch();
  big.Prefetch();
  EXPECT_EQ(hints, 2);
  EXPECT_EQ(calls, 0);  // a hint is not a call
  Callback moved = std::move(big);
  moved.Prefetch();
  moved();
  EXPECT_EQ(hints, 3);
  EXPECT_EQ(calls, 1);
}

TEST(CallbackTest, PrefetchDoesNothingWithoutAHint) {
  int calls = 0;
  auto lambda = [&calls] { ++calls; };
  static_assert(!Callback::kHasPrefetch<decltype(lambda)>);
  Callback cb = lambda;
  cb.Prefetch();
  EXPECT_EQ(calls, 0);
  const Callback empty = nullptr;
  empty.Prefetch();  // no callable: nothing happens
  EXPECT_FALSE(empty);
}

}  // namespace
}  // namespace chainsim::sim
