#include "sim/sweep/run_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>

#include "sim/sweep/run_one.h"

namespace chainsim::sim {
namespace {

using std::chrono::milliseconds;

std::vector<RunRecord> Collect(RunPool& pool) {
  std::vector<RunRecord> records;
  while (!pool.Done()) {
    if (auto record = pool.Next(milliseconds(100))) records.push_back(*record);
  }
  return records;
}

TEST(RunPoolTest, DeliversEveryRunOnceOnTheCallersThread) {
  RunPool pool(3, {4, 0, 9, 2, 7}, [](std::size_t run, const std::atomic<bool>&) {
    RunRecord r;
    r.run = run;
    return r;
  });
  std::multiset<std::size_t> runs;
  for (const RunRecord& r : Collect(pool)) runs.insert(r.run);
  EXPECT_EQ(runs, (std::multiset<std::size_t>{0, 2, 4, 7, 9}));
}

TEST(RunPoolTest, NeverRunsMoreThanJobsAtOnce) {
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::vector<std::size_t> runs(40);
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i] = i;
  RunPool pool(2, runs, [&](std::size_t run, const std::atomic<bool>&) {
    const int now = ++running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(milliseconds(1));
    --running;
    RunRecord r;
    r.run = run;
    return r;
  });
  EXPECT_EQ(Collect(pool).size(), 40u);
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
}

TEST(RunPoolTest, StopsTakingRunsWhileTheCallerDoesNotCollect) {
  std::atomic<int> started{0};
  std::vector<std::size_t> runs(50);
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i] = i;
  RunPool pool(2, runs, [&](std::size_t run, const std::atomic<bool>&) {
    ++started;
    RunRecord r;
    r.run = run;
    return r;
  });
  std::this_thread::sleep_for(milliseconds(200));
  // Two threads, at most two records waiting each time one starts: < 2 x 2.
  EXPECT_LE(started.load(), 4);
  EXPECT_EQ(Collect(pool).size(), 50u);
}

TEST(RunPoolTest, ARunsErrorReachesTheCallerAndStopsTheOthers) {
  std::atomic<int> cancelled{0};
  {
    RunPool pool(2, {0, 1, 2, 3, 4, 5},
                 [&](std::size_t run, const std::atomic<bool>& stop) -> RunRecord {
                   if (run == 1) throw std::runtime_error("run 1 broke");
                   while (!stop.load()) std::this_thread::sleep_for(milliseconds(1));
                   ++cancelled;
                   throw RunCancelled();
                 });
    try {
      Collect(pool);
      FAIL() << "no error";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "run 1 broke");
    }
  }  // joins: the run waiting for the stop has given up, no other started
  EXPECT_EQ(cancelled.load(), 1);
}

}  // namespace
}  // namespace chainsim::sim
