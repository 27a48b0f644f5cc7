#include "sim/engine/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/random.h"

namespace chainsim::sim {

// Reaches into the Engine to test the renumbering of sequence numbers, which
// otherwise happens only after 2^32 scheduled events.
class EngineTestPeer {
 public:
  static constexpr std::uint64_t kSequenceLimit = Engine::kSequenceLimit;
  static std::uint64_t NextSequence(const Engine& e) { return e.next_sequence_; }
  static void SetNextSequence(Engine& e, std::uint64_t s) { e.next_sequence_ = s; }
};

namespace {

// An event with a Prefetch() hint that logs "hint <name>" when hinted and
// "run <name>" when run.
struct Hinted {
  std::vector<std::string>* log;
  std::string name;
  void operator()() const { log->push_back("run " + name); }
  void Prefetch() const noexcept { log->push_back("hint " + name); }
};

TEST(EngineTest, StartsEmptyAtTimeZero) {
  Engine engine;
  EXPECT_EQ(engine.now(), 0);
  EXPECT_EQ(engine.pending(), 0u);
  EXPECT_EQ(engine.executed(), 0u);
  EXPECT_EQ(engine.next_time(), kNever);
  EXPECT_FALSE(engine.Step());
}

TEST(EngineTest, RunsEventsInTimeOrder) {
  Engine engine;
  std::vector<int> order;
  std::vector<SimTime> times;
  engine.ScheduleAt(30, [&] { order.push_back(3), times.push_back(engine.now()); });
  engine.ScheduleAt(10, [&] { order.push_back(1), times.push_back(engine.now()); });
  engine.ScheduleAt(20, [&] { order.push_back(2), times.push_back(engine.now()); });
  EXPECT_EQ(engine.pending(), 3u);
  EXPECT_EQ(engine.next_time(), 10);
  engine.Run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(times, (std::vector<SimTime>{10, 20, 30}));
  EXPECT_EQ(engine.now(), 30);
  EXPECT_EQ(engine.executed(), 3u);
  EXPECT_EQ(engine.pending(), 0u);
}

TEST(EngineTest, RunsSameTimeEventsInFifoOrder) {
  Engine engine;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) engine.ScheduleAt(5 * kSecond, [&order, i] { order.push_back(i); });
  engine.Run();
  ASSERT_EQ(order.size(), 100u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
}

TEST(EngineTest, ScheduleAfterIsRelativeToNow) {
  Engine engine;
  SimTime fired_at = -1;
  engine.ScheduleAt(100, [&] { engine.ScheduleAfter(50, [&] { fired_at = engine.now(); }); });
  engine.Run();
  EXPECT_EQ(fired_at, 150);
}

TEST(EngineTest, CancelledPendingEventDoesNotRun) {
  Engine engine;
  bool ran = false;
  const EventId id = engine.ScheduleAt(10, [&] { ran = true; });
  EXPECT_TRUE(id.valid());
  EXPECT_TRUE(engine.Cancel(id));
  EXPECT_EQ(engine.pending(), 0u);
  EXPECT_EQ(engine.next_time(), kNever);
  engine.Run();
  EXPECT_FALSE(ran);
  EXPECT_EQ(engine.executed(), 0u);
}

TEST(EngineTest, CancelTwiceReturnsFalseTheSecondTime) {
  Engine engine;
  const EventId id = engine.ScheduleAt(10, [] {});
  EXPECT_TRUE(engine.Cancel(id));
  EXPECT_FALSE(engine.Cancel(id));
}

TEST(EngineTest, CancelAfterRunReturnsFalse) {
  Engine engine;
  int runs = 0;
  const EventId id = engine.ScheduleAt(10, [&] { ++runs; });
  engine.Run();
  EXPECT_FALSE(engine.Cancel(id));
  EXPECT_EQ(runs, 1);
}

TEST(EngineTest, StaleIdDoesNotCancelTheEventReusingItsSlot) {
  Engine engine;
  const EventId old_id = engine.ScheduleAt(10, [] {});
  engine.Run();
  bool ran = false;
  const EventId new_id = engine.ScheduleAt(20, [&] { ran = true; });
  EXPECT_NE(old_id, new_id);
  EXPECT_FALSE(engine.Cancel(old_id));
  engine.Run();
  EXPECT_TRUE(ran);
}

TEST(EngineTest, SlotsAreReusedWithFreshIdsAfterManyEventsComeAndGo) {
  // Slots freed in every order are taken again (last freed first); each
  // reuse gets an id of its own, and no stale id reaches a later event.
  Engine engine;
  Random rng(7);
  std::vector<EventId> old_ids;
  int runs = 0;
  int expected_runs = 0;
  for (int round = 0; round < 50; ++round) {
    std::vector<EventId> ids;
    for (int i = 0; i < 40; ++i) {
      const auto delay = 1 + static_cast<SimTime>(rng.UniformInt(50));
      ids.push_back(engine.ScheduleAfter(delay, [&runs] { ++runs; }));
    }
    for (std::size_t i = 0; i < ids.size(); i += 3) ASSERT_TRUE(engine.Cancel(ids[i]));
    expected_runs += 40 - 14;
    engine.RunUntil(engine.now() + 50);
    ASSERT_EQ(engine.pending(), 0u);
    old_ids.insert(old_ids.end(), ids.begin(), ids.end());
    // Scheduled again into the freed slots: no old id may cancel it.
    bool ran = false;
    engine.ScheduleAfter(1, [&ran] { ran = true; });
    for (const EventId& stale : old_ids) ASSERT_FALSE(engine.Cancel(stale));
    engine.Run();
    ASSERT_TRUE(ran);
  }
  EXPECT_EQ(runs, expected_runs);
}

TEST(EngineTest, TheEarliestPendingHintRunsWhileTheEventBeforeItRuns) {
  Engine engine;
  std::vector<std::string> log;
  engine.ScheduleAt(10, Hinted{&log, "a"});
  engine.ScheduleAt(20, Hinted{&log, "b"});
  engine.ScheduleAt(30, [&log] { log.push_back("run plain"); });  // no hint
  engine.ScheduleAt(40, Callback(Hinted{&log, "c"}));             // type-erased first
  const EventId cancelled = engine.ScheduleAt(50, Hinted{&log, "x"});
  engine.ScheduleAt(60, Hinted{&log, "d"});
  EXPECT_TRUE(engine.Cancel(cancelled));
  engine.Run();
  // Before an event runs, the engine hints the earliest pending event with a
  // hint among those it looks at (with so few events, the next one is always
  // among them): so each
  // event with a hint is hinted, while an event before it runs, and a
  // cancelled one or the first one never is.
  const auto position = [&log](const std::string& entry) {
    return std::find(log.begin(), log.end(), entry) - log.begin();
  };
  const auto end = static_cast<std::ptrdiff_t>(log.size());
  EXPECT_EQ(position("hint a"), end);
  EXPECT_EQ(position("hint x"), end);
  EXPECT_EQ(position("run x"), end);
  EXPECT_LT(position("hint b"), position("run a"));
  EXPECT_LT(position("hint c"), position("run plain"));
  EXPECT_LT(position("run plain"), position("run c"));
  EXPECT_LT(position("hint d"), position("run d"));
  EXPECT_EQ(std::count_if(log.begin(), log.end(),
                          [](const std::string& e) { return e.rfind("run ", 0) == 0; }),
            5);
}

TEST(EngineTest, DefaultEventIdIsInvalidAndCancelsNothing) {
  Engine engine;
  bool ran = false;
  engine.ScheduleAt(10, [&] { ran = true; });
  const EventId none;
  EXPECT_FALSE(none.valid());
  EXPECT_FALSE(engine.Cancel(none));
  engine.Run();
  EXPECT_TRUE(ran);
}

TEST(EngineTest, CallbackCanCancelALaterEvent) {
  Engine engine;
  bool later_ran = false;
  bool cancel_result = false;
  const EventId later = engine.ScheduleAt(20, [&] { later_ran = true; });
  engine.ScheduleAt(10, [&] { cancel_result = engine.Cancel(later); });
  engine.Run();
  EXPECT_TRUE(cancel_result);
  EXPECT_FALSE(later_ran);
  EXPECT_EQ(engine.executed(), 1u);
}

TEST(EngineTest, CallbackCanCancelASameTimeEventQueuedAfterIt) {
  Engine engine;
  std::vector<int> order;
  EventId second;
  engine.ScheduleAt(10, [&] {
    order.push_back(1);
    engine.Cancel(second);
  });
  second = engine.ScheduleAt(10, [&] { order.push_back(2); });
  engine.ScheduleAt(10, [&] { order.push_back(3); });
  engine.Run();
  EXPECT_EQ(order, (std::vector<int>{1, 3}));
}

TEST(EngineTest, RunningEventCannotCancelItself) {
  Engine engine;
  EventId self;
  bool result = true;
  self = engine.ScheduleAt(10, [&] { result = engine.Cancel(self); });
  engine.Run();
  EXPECT_FALSE(result);
  EXPECT_EQ(engine.executed(), 1u);
}

TEST(EngineTest, CancelDestroysTheCallbackAndItsCaptures) {
  Engine engine;
  auto token = std::make_shared<int>(7);
  const EventId id = engine.ScheduleAt(10, [token] { (void)*token; });
  EXPECT_EQ(token.use_count(), 2);
  EXPECT_TRUE(engine.Cancel(id));
  EXPECT_EQ(token.use_count(), 1);
}

TEST(EngineTest, DestroyingTheEngineDestroysPendingCallbacks) {
  auto token = std::make_shared<int>(7);
  {
    Engine engine;
    engine.ScheduleAt(10, [token] { (void)*token; });
    engine.ScheduleAt(20, [token] { (void)*token; });
    EXPECT_EQ(token.use_count(), 3);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(EngineTest, RunUntilRunsEventExactlyAtEndButNotAfter) {
  Engine engine;
  std::vector<SimTime> ran;
  for (SimTime t : {99, 100, 101}) engine.ScheduleAt(t, [&ran, t] { ran.push_back(t); });
  engine.RunUntil(100);
  EXPECT_EQ(ran, (std::vector<SimTime>{99, 100}));
  EXPECT_EQ(engine.now(), 100);
  EXPECT_EQ(engine.pending(), 1u);
  EXPECT_EQ(engine.next_time(), 101);
}

TEST(EngineTest, RunUntilAdvancesTheClockToEndWhenIdle) {
  Engine engine;
  engine.ScheduleAt(10, [] {});
  engine.RunUntil(5 * kSecond);
  EXPECT_EQ(engine.now(), 5 * kSecond);
  EXPECT_EQ(engine.executed(), 1u);
  engine.RunUntil(kSecond);  // an earlier end never moves the clock back
  EXPECT_EQ(engine.now(), 5 * kSecond);
}

TEST(EngineTest, LaterRunUntilContinuesWhereTheLastStopped) {
  Engine engine;
  std::vector<SimTime> ran;
  for (SimTime t = 10; t <= 100; t += 10) engine.ScheduleAt(t, [&ran, t] { ran.push_back(t); });
  engine.RunUntil(35);
  EXPECT_EQ(ran.size(), 3u);
  EXPECT_EQ(engine.now(), 35);
  engine.ScheduleAfter(0, [&] { ran.push_back(-engine.now()); });  // at 35
  engine.RunUntil(60);
  EXPECT_EQ(ran, (std::vector<SimTime>{10, 20, 30, -35, 40, 50, 60}));
  engine.RunUntil(1000);
  EXPECT_EQ(ran.size(), 11u);
  EXPECT_EQ(engine.now(), 1000);
}

TEST(EngineTest, RunUntilIncludesEventsScheduledMeanwhileBeforeEnd) {
  Engine engine;
  int chain = 0;
  // Each event schedules the next 10 ns later: 10, 20, ..., up to the end.
  std::function<void()> next = [&] {
    ++chain;
    engine.ScheduleAfter(10, [&] { next(); });
  };
  engine.ScheduleAt(10, [&] { next(); });
  engine.RunUntil(100);
  EXPECT_EQ(chain, 10);
  EXPECT_EQ(engine.pending(), 1u);
  EXPECT_EQ(engine.next_time(), 110);
}

TEST(EngineTest, EventScheduledForNowRunsAfterAlreadyQueuedSameTimeEvents) {
  Engine engine;
  std::vector<std::string> order;
  engine.ScheduleAt(10, [&] {
    order.push_back("a");
    engine.ScheduleAt(engine.now(), [&] { order.push_back("a-child"); });
    engine.ScheduleAfter(0, [&] { order.push_back("a-child2"); });
  });
  engine.ScheduleAt(10, [&] { order.push_back("b"); });
  engine.ScheduleAt(11, [&] { order.push_back("c"); });
  engine.Run();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "a-child", "a-child2", "c"}));
}

TEST(EngineTest, StopReturnsAfterTheCurrentEvent) {
  Engine engine;
  std::vector<int> order;
  engine.ScheduleAt(10, [&] { order.push_back(1); });
  engine.ScheduleAt(20, [&] {
    order.push_back(2);
    engine.Stop();
  });
  engine.ScheduleAt(20, [&] { order.push_back(3); });
  engine.ScheduleAt(30, [&] { order.push_back(4); });
  engine.Run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(engine.now(), 20);
  EXPECT_EQ(engine.pending(), 2u);
  engine.Run();  // a new run continues
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

TEST(EngineTest, StopInsideRunUntilLeavesTheClockAtTheStoppingEvent) {
  Engine engine;
  engine.ScheduleAt(10, [&] { engine.Stop(); });
  engine.ScheduleAt(20, [] {});
  engine.RunUntil(1000);
  EXPECT_EQ(engine.now(), 10);
  EXPECT_EQ(engine.pending(), 1u);
  engine.RunUntil(1000);
  EXPECT_EQ(engine.now(), 1000);
  EXPECT_EQ(engine.pending(), 0u);
}

TEST(EngineTest, StopOutsideARunHasNoEffect) {
  Engine engine;
  engine.ScheduleAt(10, [] {});
  engine.ScheduleAt(20, [] {});
  engine.Stop();
  engine.Run();
  EXPECT_EQ(engine.executed(), 2u);
}

TEST(EngineTest, ExceptionFromACallbackLeavesTheEngineUsable) {
  Engine engine;
  bool second_ran = false;
  engine.ScheduleAt(10, [] { throw std::runtime_error("boom"); });
  engine.ScheduleAt(20, [&] { second_ran = true; });
  EXPECT_THROW(engine.Run(), std::runtime_error);
  EXPECT_EQ(engine.now(), 10);
  EXPECT_EQ(engine.executed(), 1u);
  EXPECT_EQ(engine.pending(), 1u);
  engine.Run();
  EXPECT_TRUE(second_ran);
}

TEST(EngineTest, StepRunsOneEventAtATime) {
  Engine engine;
  std::vector<int> order;
  engine.ScheduleAt(20, [&] { order.push_back(2); });
  engine.ScheduleAt(10, [&] { order.push_back(1); });
  EXPECT_TRUE(engine.Step());
  EXPECT_EQ(order, (std::vector<int>{1}));
  EXPECT_EQ(engine.now(), 10);
  EXPECT_TRUE(engine.Step());
  EXPECT_EQ(engine.now(), 20);
  EXPECT_FALSE(engine.Step());
  EXPECT_EQ(engine.now(), 20);
}

TEST(EngineTest, NextTimeSkipsCancelledEvents) {
  Engine engine;
  const EventId first = engine.ScheduleAt(10, [] {});
  engine.ScheduleAt(20, [] {});
  EXPECT_TRUE(engine.Cancel(first));
  EXPECT_EQ(engine.next_time(), 20);
  EXPECT_EQ(engine.pending(), 1u);
}

TEST(EngineTest, SeveralEnginesAreIndependent) {
  Engine a;
  Engine b;
  std::vector<std::string> log;
  const EventId a_id = a.ScheduleAt(10, [&] { log.push_back("a10"); });
  b.ScheduleAt(5, [&] { log.push_back("b5"); });
  b.ScheduleAt(10, [&] { log.push_back("b10"); });
  a.RunUntil(100);
  EXPECT_EQ(log, (std::vector<std::string>{"a10"}));
  EXPECT_EQ(a.now(), 100);
  EXPECT_EQ(b.now(), 0);
  EXPECT_EQ(b.pending(), 2u);
  b.Run();
  EXPECT_EQ(log, (std::vector<std::string>{"a10", "b5", "b10"}));
  EXPECT_EQ(b.now(), 10);
  EXPECT_EQ(a.executed(), 1u);
  EXPECT_EQ(b.executed(), 2u);
  (void)a_id;
}

TEST(EngineTest, AcceptsMoveOnlyAndLargeCallbacks) {
  Engine engine;
  int sum = 0;
  auto owned = std::make_unique<int>(40);
  engine.ScheduleAt(1, [&sum, p = std::move(owned)] { sum += *p; });
  std::array<std::int64_t, 32> big{};  // 256 bytes: stored on the heap
  big[31] = 2;
  engine.ScheduleAt(2, [&sum, big] { sum += static_cast<int>(big[31]); });
  engine.Run();
  EXPECT_EQ(sum, 42);
}

// Random schedules, cancellations and events scheduled from inside events,
// checked against a reference model: a map ordered by (time, sequence).
TEST(EngineTest, ManyRandomEventsRunInTimeThenSchedulingOrder) {
  Engine engine;
  Random rng(20240601);
  using Key = std::pair<SimTime, std::uint64_t>;
  std::map<Key, EventId> model;  // pending events of the model
  std::uint64_t sequence = 0;
  std::vector<Key> ran;
  std::vector<Key> expected;

  std::function<void(SimTime)> schedule = [&](SimTime at) {
    const Key key{at, sequence++};
    const EventId id = engine.ScheduleAt(at, [&, key] {
      ran.push_back(key);
      EXPECT_EQ(engine.now(), key.first);
      // Half of the events schedule another one, some at the current time.
      if (rng.Bernoulli(0.5)) {
        schedule(engine.now() +
                 static_cast<SimTime>(rng.UniformInt(3) == 0 ? 0 : rng.UniformInt(1000)));
      }
    });
    model.emplace(key, id);
  };
  for (int i = 0; i < 20000; ++i) schedule(static_cast<SimTime>(rng.UniformInt(100000)));
  // Cancel a third of them, in random order.
  std::vector<Key> keys;
  for (const auto& [key, id] : model) keys.push_back(key);
  rng.Shuffle(keys);
  for (std::size_t i = 0; i < keys.size() / 3; ++i) {
    ASSERT_TRUE(engine.Cancel(model.at(keys[i])));
    model.erase(keys[i]);
  }
  EXPECT_EQ(engine.pending(), model.size());

  // Run step by step; the model's smallest key must be what runs next.
  while (!model.empty()) {
    const Key next = model.begin()->first;
    ASSERT_EQ(engine.next_time(), next.first);
    model.erase(model.begin());
    ASSERT_TRUE(engine.Step());
    ASSERT_EQ(ran.back(), next);
    ASSERT_EQ(engine.pending(), model.size());
  }
  EXPECT_FALSE(engine.Step());
  EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));
  EXPECT_GT(ran.size(), 20000u);
}

TEST(EngineTest, CancellingMostEventsKeepsTheRestInOrder) {
  Engine engine;
  Random rng(7);
  std::vector<EventId> ids;
  std::vector<SimTime> times;
  std::vector<SimTime> ran;
  for (int i = 0; i < 5000; ++i) {
    const SimTime t = static_cast<SimTime>(rng.UniformInt(1'000'000));
    times.push_back(t);
    ids.push_back(engine.ScheduleAt(t, [&ran, &engine] { ran.push_back(engine.now()); }));
  }
  std::vector<SimTime> kept;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i % 10 == 0) {
      kept.push_back(times[i]);
    } else {
      ASSERT_TRUE(engine.Cancel(ids[i]));
    }
  }
  EXPECT_EQ(engine.pending(), kept.size());
  engine.Run();
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(ran, kept);
}

TEST(EngineTest, RenumberingSequencesKeepsFifoOrder) {
  Engine engine;
  std::vector<int> order;
  EngineTestPeer::SetNextSequence(engine, EngineTestPeer::kSequenceLimit - 3);
  // Five events at one time, five at an earlier time; the sequence numbers
  // wrap around during the fourth and are renumbered.
  for (int i = 0; i < 5; ++i) engine.ScheduleAt(20, [&order, i] { order.push_back(20 + i); });
  const EventId cancelled = engine.ScheduleAt(10, [&order] { order.push_back(-1); });
  for (int i = 0; i < 5; ++i) engine.ScheduleAt(10, [&order, i] { order.push_back(10 + i); });
  EXPECT_LT(EngineTestPeer::NextSequence(engine), 100u);
  EXPECT_TRUE(engine.Cancel(cancelled));
  engine.Run();
  EXPECT_EQ(order, (std::vector<int>{10, 11, 12, 13, 14, 20, 21, 22, 23, 24}));
}

TEST(EngineTest, RenumberingSequencesKeepsWhichEventsHaveAHint) {
  Engine engine;
  std::vector<std::string> log;
  EngineTestPeer::SetNextSequence(engine, EngineTestPeer::kSequenceLimit - 2);
  engine.ScheduleAt(10, [&log] { log.push_back("run first"); });
  engine.ScheduleAt(20, Hinted{&log, "a"});
  // The sequences wrap here: `first` and `a` are renumbered.
  engine.ScheduleAt(30, [&log] { log.push_back("run plain"); });
  engine.ScheduleAt(40, Hinted{&log, "b"});
  EXPECT_LT(EngineTestPeer::NextSequence(engine), 10u);
  engine.Run();
  EXPECT_EQ(log, (std::vector<std::string>{"hint a", "run first", "run a", "hint b", "run plain",
                                           "run b"}));
}

// The queue settles on the next event when RunUntil() looks at it; events
// scheduled afterwards, before that one, must still run first, in order.
TEST(EngineTest, EventsScheduledBetweenRunsBeforeTheNextOneRunFirst) {
  Engine engine;
  std::vector<std::string> order;
  auto log = [&order](std::string label) { return [&order, label] { order.push_back(label); }; };
  engine.ScheduleAt(10, log("a@10"));
  engine.ScheduleAt(1000, log("b@1000"));
  engine.RunUntil(100);
  engine.ScheduleAt(500, [&] {
    order.push_back("c@500");
    engine.ScheduleAt(600, log("d@600"));
    engine.ScheduleAt(1000, log("e@1000"));
  });
  engine.ScheduleAt(150, log("f@150"));
  EXPECT_EQ(engine.next_time(), 150);
  engine.Run();
  EXPECT_EQ(order,
            (std::vector<std::string>{"a@10", "f@150", "c@500", "d@600", "b@1000", "e@1000"}));
}

TEST(EngineTest, SchedulingBeforeACancelledEventThatNextTimeDroppedWorks) {
  Engine engine;
  std::vector<std::string> order;
  const EventId a = engine.ScheduleAt(10, [&] { order.push_back("a"); });
  engine.ScheduleAt(100, [&] { order.push_back("b"); });
  EXPECT_TRUE(engine.Cancel(a));
  EXPECT_EQ(engine.next_time(), 100);
  engine.ScheduleAt(5, [&] { order.push_back("c"); });
  engine.ScheduleAt(100, [&] { order.push_back("d"); });
  EXPECT_EQ(engine.next_time(), 5);
  engine.Run();
  EXPECT_EQ(order, (std::vector<std::string>{"c", "b", "d"}));
}

TEST(EngineTest, StepThatFindsOnlyCancelledEventsLeavesTheClock) {
  Engine engine;
  EXPECT_TRUE(engine.Cancel(engine.ScheduleAt(100, [] {})));
  EXPECT_FALSE(engine.Step());
  EXPECT_EQ(engine.now(), 0);
  SimTime ran_at = -1;
  engine.ScheduleAt(50, [&] { ran_at = engine.now(); });
  EXPECT_TRUE(engine.Step());
  EXPECT_EQ(ran_at, 50);
}

TEST(EngineTest, RenumberingKeepsEventsScheduledBeforeTheSettledOne) {
  Engine engine;
  std::vector<std::string> order;
  engine.ScheduleAt(100, [&] { order.push_back("x"); });
  engine.RunUntil(10);  // settles on x
  EngineTestPeer::SetNextSequence(engine, EngineTestPeer::kSequenceLimit - 2);
  for (const char* label : {"a", "b", "c"}) {
    engine.ScheduleAt(50, [&order, label] { order.push_back(label); });
  }
  engine.ScheduleAt(100, [&] { order.push_back("y"); });
  EXPECT_LT(EngineTestPeer::NextSequence(engine), 10u);
  engine.Run();
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c", "x", "y"}));
}

// Runs in random slices, with events scheduled and cancelled from outside and
// from inside events; every event checks that it is the model's smallest
// pending (time, sequence), which also exercises compaction and the queue's
// handling of events scheduled before the one it has settled on.
TEST(EngineTest, RandomSlicedRunsMatchAnOrderedModel) {
  Engine engine;
  Random rng(99);
  using Key = std::pair<SimTime, std::uint64_t>;
  std::map<Key, EventId> model;
  std::uint64_t sequence = 0;
  std::uint64_t ran = 0;
  std::function<void(SimTime)> schedule = [&](SimTime at) {
    const Key key{at, sequence++};
    model.emplace(key, engine.ScheduleAt(at, [&, key] {
      ASSERT_FALSE(model.empty());
      ASSERT_EQ(model.begin()->first, key);
      model.erase(model.begin());
      ++ran;
      if (rng.Bernoulli(0.5)) schedule(engine.now() + static_cast<SimTime>(rng.UniformInt(3000)));
    }));
  };
  for (int round = 0; round < 3000; ++round) {
    const std::uint64_t action = rng.UniformInt(4);
    if (action == 0) {
      for (int i = 0; i < 5; ++i)
        schedule(engine.now() + static_cast<SimTime>(rng.UniformInt(10000)));
    } else if (action == 1 && !model.empty()) {
      for (int i = 0; i < 3 && !model.empty(); ++i) {
        auto it = model.begin();
        std::advance(it, static_cast<std::ptrdiff_t>(rng.UniformInt(model.size())));
        ASSERT_TRUE(engine.Cancel(it->second));
        model.erase(it);
      }
    } else if (action == 2) {
      engine.RunUntil(engine.now() + static_cast<SimTime>(rng.UniformInt(5000)));
    } else {
      ASSERT_EQ(engine.next_time(), model.empty() ? kNever : model.begin()->first.first);
    }
    ASSERT_EQ(engine.pending(), model.size());
  }
  engine.Run();
  EXPECT_TRUE(model.empty());
  EXPECT_EQ(engine.executed(), ran);
  EXPECT_GT(ran, 3000u);
}

// A small hold-model run driven by a named random stream: the order in which
// events run (their labels and times) is hashed; the hash, computed once from
// this implementation, pins the engine's ordering together with the random
// stream, so that any change to either shows up here. Both values were also
// reproduced by an independent Python model (heapq ordered by (time,
// sequence), splitmix64 + xoshiro256**, Lemire's UniformInt).
TEST(EngineTest, HoldModelRunFingerprintIsStable) {
  Engine engine;
  Random rng = StreamFor(7, "workload");
  std::uint64_t hash = 0;
  std::uint64_t next_label = 0;
  std::function<void(std::uint64_t)> event = [&](std::uint64_t label) {
    hash = Mix64(hash ^ label ^ static_cast<std::uint64_t>(engine.now()) * 0x9e3779b97f4a7c15ULL);
    // Coarse delays (multiples of 1 ms) make many same-time events: FIFO matters.
    const SimTime delay = static_cast<SimTime>(rng.UniformInt(5)) * kMillisecond;
    engine.ScheduleAfter(delay, [&event, l = next_label++] { event(l); });
  };
  for (int i = 0; i < 100; ++i) {
    engine.ScheduleAt(0, [&event, l = next_label++] { event(l); });
  }
  engine.RunUntil(kSecond);
  EXPECT_EQ(engine.executed(), 50118u);
  EXPECT_EQ(hash, 0x900fc386c5a5022dULL);
  EXPECT_EQ(engine.now(), kSecond);
}

TEST(EngineDeathTest, SchedulingInThePastAborts) {
  Engine engine;
  engine.RunUntil(100);
  EXPECT_DEATH(engine.ScheduleAt(99, [] {}), "check failed");
  EXPECT_DEATH(engine.ScheduleAfter(-1, [] {}), "check failed");
}

TEST(EngineDeathTest, RunningFromInsideACallbackAborts) {
  Engine engine;
  engine.ScheduleAt(10, [&engine] { engine.Run(); });
  EXPECT_DEATH(engine.Run(), "check failed");
}

}  // namespace
}  // namespace chainsim::sim
