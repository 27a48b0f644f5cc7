#include "sim/engine/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "sim/engine/random.h"

namespace chainsim::sim {
namespace {

using Entry = EventQueue::Entry;
using Key = std::pair<SimTime, std::uint64_t>;

Key KeyOf(const Entry& e) { return {e.time, e.key}; }

// Pops everything, returning the entries in the order they came out.
std::vector<Key> Drain(EventQueue& q) {
  std::vector<Key> out;
  while (!q.empty()) {
    out.push_back(KeyOf(q.Top()));
    q.Pop();
  }
  return out;
}

TEST(EventQueueTest, PopsInTimeThenKeyOrder) {
  EventQueue q;
  for (const Entry e : {Entry{30, 1}, Entry{10, 7}, Entry{20, 0}, Entry{10, 2}, Entry{0, 5}}) {
    q.Push(e);
  }
  EXPECT_EQ(q.size(), 5u);
  EXPECT_EQ(Drain(q), (std::vector<Key>{{0, 5}, {10, 2}, {10, 7}, {20, 0}, {30, 1}}));
  EXPECT_TRUE(q.empty());
}

TEST(EventQueueTest, EntryBelowTheSettledOneComesFirst) {
  EventQueue q;
  q.Push({10, 0});
  q.Push({1000, 1});
  EXPECT_EQ(KeyOf(q.Top()), (Key{10, 0}));
  q.Pop();
  EXPECT_EQ(KeyOf(q.Top()), (Key{1000, 1}));  // settled, not popped
  q.Push({500, 2});
  q.Push({20, 3});
  q.Push({1000, 0});  // same time as the settled entry, smaller key
  EXPECT_EQ(Drain(q), (std::vector<Key>{{20, 3}, {500, 2}, {1000, 0}, {1000, 1}}));
}

TEST(EventQueueTest, AWaveOfEntriesBelowTheSettledOneStaysInOrder) {
  // Each popped entry below the settled one pushes a successor, also below
  // it (the way a burst of events runs before a far-away one).
  EventQueue q;
  q.Push({0, 0});
  q.Push({1'000'000, 1});
  q.Pop();
  EXPECT_EQ(q.Top().time, 1'000'000);
  Random rng(11);
  std::uint64_t key = 2;
  for (int i = 0; i < 50; ++i) q.Push({static_cast<SimTime>(rng.UniformInt(1000)), key++});
  std::vector<Key> out;
  SimTime now = 0;
  while (!q.empty()) {
    const Entry e = q.Top();
    ASSERT_GE(e.time, now);
    now = e.time;
    out.push_back(KeyOf(e));
    q.Pop();
    if (now < 900'000) q.Push({now + static_cast<SimTime>(rng.UniformInt(20'000)), key++});
  }
  EXPECT_TRUE(std::is_sorted(out.begin(), out.end()));
  EXPECT_EQ(out.back(), (Key{1'000'000, 1}));
  EXPECT_GT(out.size(), 1000u);
}

TEST(EventQueueTest, ManyEntriesAtOneTimeComeOutByKey) {
  EventQueue q;
  Random rng(3);
  std::vector<std::uint64_t> keys;
  keys.reserve(3000);
  for (int i = 0; i < 3000; ++i) keys.push_back(rng.NextU64());
  for (std::uint64_t k : keys) q.Push({42, k});
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  ASSERT_EQ(keys.size(), 3000u);
  std::vector<std::uint64_t> out;
  for (const Key& k : Drain(q)) out.push_back(k.second);
  EXPECT_EQ(out, keys);
}

TEST(EventQueueTest, HandlesTheExtremesOfTimeAndKey) {
  EventQueue q;
  constexpr SimTime kMaxTime = std::numeric_limits<SimTime>::max();
  constexpr std::uint64_t kMaxKey = std::numeric_limits<std::uint64_t>::max();
  q.Push({kMaxTime, kMaxKey});
  q.Push({kMaxTime, 0});
  q.Push({0, kMaxKey});
  q.Push({0, 0});
  q.Push({std::int64_t{1} << 62, 1});
  EXPECT_EQ(
      Drain(q),
      (std::vector<Key>{
          {0, 0}, {0, kMaxKey}, {std::int64_t{1} << 62, 1}, {kMaxTime, 0}, {kMaxTime, kMaxKey}}));
}

TEST(EventQueueTest, AnEmptiedQueueTakesEntriesBelowItsLastOne) {
  EventQueue q;
  q.Push({5000, 9});
  EXPECT_EQ(q.Top().time, 5000);
  q.Pop();
  q.Push({7, 1});
  q.Push({3, 2});
  EXPECT_EQ(Drain(q), (std::vector<Key>{{3, 2}, {7, 1}}));
}

// Random pushes (mostly after the last popped entry, as the Engine does, some
// before the settled one) and pops, checked against an ordered set.
TEST(EventQueueTest, MatchesAnOrderedSetUnderRandomUse) {
  EventQueue q;
  std::set<Key> model;
  Random rng(20240601);
  std::uint64_t key = 0;
  SimTime now = 0;
  for (int step = 0; step < 200'000; ++step) {
    const std::uint64_t action = rng.UniformInt(10);
    if (action < 5 || model.empty()) {
      // Delays from 0 to about a second, on every scale.
      const auto delay = static_cast<SimTime>(rng.NextU64() >> (34 + rng.UniformInt(30)));
      const Entry e{now + delay, key++ << 32 | rng.UniformInt(1000)};
      q.Push(e);
      model.insert(KeyOf(e));
    } else if (action < 9) {
      ASSERT_EQ(KeyOf(q.Top()), *model.begin()) << "step " << step;
      now = q.Top().time;
      q.Pop();
      model.erase(model.begin());
    } else {
      // Look at the next entry without popping it; later pushes may be smaller.
      ASSERT_EQ(KeyOf(q.Top()), *model.begin()) << "step " << step;
    }
    ASSERT_EQ(q.size(), model.size());
  }
  EXPECT_EQ(Drain(q), std::vector<Key>(model.begin(), model.end()));
}

TEST(EventQueueTest, RemoveIfDropsExactlyTheChosenEntries) {
  EventQueue q;
  std::vector<Key> kept;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const Entry e{static_cast<SimTime>(10 + i * 7919 % 1000), i};
    q.Push(e);
    if (i % 3 != 0) kept.push_back(KeyOf(e));
  }
  // Settle an entry (it is dropped) and push one below it, so that every
  // part of the queue holds entries.
  ASSERT_EQ(KeyOf(q.Top()), (Key{10, 0}));
  q.Push({5, 1000});
  kept.emplace_back(5, 1000);
  std::size_t calls = 0;
  q.RemoveIf([&calls](const Entry& e) {
    ++calls;
    return e.key % 3 == 0 && e.key < 1000;
  });
  EXPECT_EQ(calls, 1001u);
  EXPECT_EQ(q.size(), kept.size());
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(Drain(q), kept);
}

TEST(EventQueueTest, TakeAllEmptiesTheQueueAndItCanBeReused) {
  EventQueue q;
  for (std::uint64_t i = 0; i < 500; ++i) q.Push({static_cast<SimTime>(1000 - i), i});
  EXPECT_EQ(q.Top().time, 501);
  q.Push({1, 999});  // below the settled entry
  std::vector<Entry> all = q.TakeAll();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(all.size(), 501u);
  std::vector<Key> keys;
  keys.reserve(all.size());
  for (const Entry& e : all) keys.push_back(KeyOf(e));
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys.front(), (Key{1, 999}));
  EXPECT_EQ(keys.back(), (Key{1000, 0}));
  q.Push({0, 0});
  EXPECT_EQ(Drain(q), (std::vector<Key>{{0, 0}}));
}

TEST(EventQueueTest, ForEachSoonVisitsTheNextEntryFirstAndChangesNothing) {
  EventQueue q;
  for (std::uint64_t i = 0; i < 20; ++i) q.Push({static_cast<SimTime>(100 + i), i});
  const Entry first = q.Top();
  std::vector<Key> seen;
  q.ForEachSoon(4, [&seen](const Entry& e) { seen.push_back(KeyOf(e)); });
  ASSERT_GE(seen.size(), 1u);
  EXPECT_LE(seen.size(), 4u);
  EXPECT_EQ(seen[0], KeyOf(first));
  for (const Key& k : seen) EXPECT_GE(k, KeyOf(first));
  q.ForEachSoon(0, [](const Entry&) { FAIL(); });
  EXPECT_EQ(q.size(), 20u);
  EXPECT_EQ(Drain(q).front(), KeyOf(first));
}

TEST(EventQueueTest, MemoryFollowsTheNumberOfEntries) {
  EventQueue q;
  Random rng(5);
  std::uint64_t key = 0;
  for (int i = 0; i < 200'000; ++i) {
    q.Push({static_cast<SimTime>(rng.UniformInt(1'000'000'000)), key++});
  }
  const std::size_t full = q.memory_bytes();
  constexpr std::size_t kEntries = 200'000;
  EXPECT_LT(full, 2 * kEntries * sizeof(Entry) + std::size_t{600} * 1024);
  while (q.size() > 100) q.Pop();
  // 2 * (1 + 128) + 16 chunks of 2 KiB at most, whatever was there before.
  EXPECT_LE(q.memory_bytes(), (2 * (1 + 128) + 16) * 2048u);
  EXPECT_LT(q.memory_bytes(), full / 4);
}

TEST(EventQueueDeathTest, PushingADuplicateOfTheSettledEntryAborts) {
  EventQueue q;
  q.Push({10, 1});
  EXPECT_EQ(q.Top().time, 10);
  EXPECT_DEATH(q.Push({10, 1}), "check failed");
}

TEST(EventQueueDeathTest, PoppingAnEmptyQueueAborts) {
  EventQueue q;
  EXPECT_DEATH(q.Pop(), "check failed");
  EXPECT_DEATH(q.Push({-1, 0}), "check failed");
}

}  // namespace
}  // namespace chainsim::sim
