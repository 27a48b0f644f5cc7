#include "sim/node/mining_scheduler.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/engine/engine.h"

namespace chainsim::sim {
namespace {

// Two equal miners, a block every 10 s on average for the pair.
Scenario TwoMiners(MiningMode mode = MiningMode::kExponential) {
  Scenario scenario;
  scenario.nodes = 2;
  scenario.chain.difficulty = 2;
  scenario.mining.mode = mode;
  scenario.mining.block_interval = 10 * kSecond;
  return scenario;
}

struct Found {
  SimTime at;
  NodeIndex node;
};

class MiningSchedulerTest : public ::testing::Test {
 protected:
  explicit MiningSchedulerTest(Scenario scenario = TwoMiners())
      : scheduler_(
            scenario, engine_, 2,
            [this](NodeIndex node) {
              found_.push_back({engine_.now(), node});
            },
            [this](NodeIndex) { return race_proof_; }) {}

  std::vector<SimTime> FoundBy(NodeIndex node) const {
    std::vector<SimTime> times;
    for (const Found& f : found_) {
      if (f.node == node) times.push_back(f.at);
    }
    return times;
  }
  // Runs `action` at virtual time `at`.
  template <class F>
  void At(SimTime at, F action) {
    engine_.ScheduleAt(at, std::move(action));
  }

  Engine engine_;
  std::int64_t race_proof_ = 99;
  std::vector<Found> found_;
  MiningScheduler scheduler_;
};

TEST_F(MiningSchedulerTest, ANodeFindsBlocksOnlyWhileItIsUp) {
  scheduler_.Start(0);
  scheduler_.Start(1);
  At(10 * kMinute, [this] { scheduler_.Stop(1); });
  engine_.RunUntil(1 * kHour);
  ASSERT_FALSE(FoundBy(1).empty());
  EXPECT_LE(FoundBy(1).back(), 10 * kMinute);
  EXPECT_GT(FoundBy(0).back(), 50 * kMinute);
}

// The defect of issue 11: a share set while a node is down restarted its miner.
TEST_F(MiningSchedulerTest, AShareSetWhileDownTakesEffectOnlyOnRestart) {
  scheduler_.Start(0);
  scheduler_.Start(1);
  At(1 * kMinute, [this] { scheduler_.Stop(1); });
  At(2 * kMinute, [this] { scheduler_.SetShare(1, 5.0); });
  At(10 * kMinute, [this] { scheduler_.Start(1); });
  engine_.RunUntil(20 * kMinute);
  for (const SimTime at : FoundBy(1)) {
    EXPECT_FALSE(at > 1 * kMinute && at < 10 * kMinute) << "found at " << FormatDuration(at);
  }
  // After the restart it mines with the new share: 5 of 6 of the power.
  int after = 0;
  for (const SimTime at : FoundBy(1)) after += at >= 10 * kMinute ? 1 : 0;
  EXPECT_GT(after, 20);
  EXPECT_DOUBLE_EQ(scheduler_.HashRate(1), 5.0 * scheduler_.HashRate(0));
}

TEST_F(MiningSchedulerTest, AShareOfZeroStopsAnUpMinerAndAShareRestartsIt) {
  scheduler_.Start(0);
  scheduler_.Start(1);
  At(5 * kMinute, [this] { scheduler_.SetShare(1, 0.0); });
  At(10 * kMinute, [this] { scheduler_.SetShare(1, 1.0); });
  engine_.RunUntil(20 * kMinute);
  for (const SimTime at : FoundBy(1)) {
    EXPECT_FALSE(at > 5 * kMinute && at < 10 * kMinute) << "found at " << FormatDuration(at);
  }
  EXPECT_GT(FoundBy(1).back(), 10 * kMinute);
}

TEST_F(MiningSchedulerTest, HaltStopsEveryMinerForGood) {
  scheduler_.Start(0);
  scheduler_.Start(1);
  At(3 * kMinute, [this] { scheduler_.Halt(); });
  At(4 * kMinute, [this] {
    scheduler_.Start(0);  // a restart after the budget is spent mines nothing
    scheduler_.SetShare(1, 3.0);
  });
  engine_.RunUntil(1 * kHour);
  ASSERT_FALSE(found_.empty());
  EXPECT_LE(found_.back().at, 3 * kMinute);
}

class RaceSchedulerTest : public MiningSchedulerTest {
 protected:
  RaceSchedulerTest() : MiningSchedulerTest(TwoMiners(MiningMode::kRace)) {}
};

TEST_F(RaceSchedulerTest, EachMinerNeedsProofPlusOneHashesAndATipChangeRestartsTheCount) {
  // 16^2 = 256 hashes per block every 10 s: 25.6 hashes/s in all, 12.8 each.
  // A proof of 99 takes 100 / 12.8 = 7.8125 s.
  const SimTime needed = FromSeconds(100.0 / 12.8);
  scheduler_.Start(0);
  At(3 * kSecond, [this] {
    scheduler_.Start(1);
    scheduler_.TipChanged(0);  // node 0 restarts its count at 3 s
  });
  engine_.RunUntil(3 * kSecond + needed);
  ASSERT_EQ(found_.size(), 2U);
  EXPECT_EQ(found_[0].at, 3 * kSecond + needed);
  EXPECT_EQ(found_[1].at, 3 * kSecond + needed);
}

}  // namespace
}  // namespace chainsim::sim
