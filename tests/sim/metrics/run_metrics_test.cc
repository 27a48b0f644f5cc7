#include "sim/metrics/run_metrics.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/blockchain.h"
#include "sim/chain/block_tree.h"
#include "sim/metrics/run_summary.h"

namespace chainsim::sim {
namespace {

// A hand-driven run: blocks are mined and handed to nodes at given times,
// with the reports the Simulation would send.
class HandRun {
 public:
  // `shares[i]` is node i's hash share; every node is up from time 0.
  explicit HandRun(const std::vector<double>& shares)
      : tree_(MakeGenesis(0.0)),
        metrics_(tree_, static_cast<int>(shares.size()), static_cast<int>(shares.size())) {
    for (NodeIndex node = 0; node < shares.size(); ++node) metrics_.OnHashShare(node, shares[node]);
  }

  // `miner` mines a block on its tip at `seconds`; it holds it at once.
  BlockId Mine(NodeIndex miner, double seconds) {
    const BlockId parent = metrics_.tip(miner);
    BlockFields fields;
    fields.index = tree_[parent].height + 2;
    fields.timestamp = seconds;
    fields.proof = static_cast<std::int64_t>(tree_.size());
    fields.previous_hash = tree_[parent].block->hash();
    const BlockId id = tree_.Add(Block::Create(fields), parent, miner, At(seconds));
    metrics_.OnBlockMined(id, At(seconds));
    metrics_.OnTipChanged(miner, parent, id, At(seconds), SwitchCause::kRelay);
    return id;
  }

  // `node` has the whole `block` at `seconds` (it does not adopt it).
  void Get(NodeIndex node, BlockId block, double seconds) {
    metrics_.OnReceived(node, block, At(seconds));
  }

  // `node` adopts the branch ending at `block` at `seconds`.
  void Receive(NodeIndex node, BlockId block, double seconds) {
    metrics_.OnTipChanged(node, metrics_.tip(node), block, At(seconds), SwitchCause::kRelay);
  }

  // Seconds after mining when `block` reached `level` (0, 1, 2: 50/90/100 %)
  // of the hash power; -1 if never.
  double HashReached(BlockId block, std::size_t level) const {
    const SimTime reached = metrics_.propagation()[block].hash_reached[level];
    return reached == kNever ? -1.0 : ToSeconds(reached - tree_[block].mined_at);
  }

  static SimTime At(double seconds) { return FromSeconds(seconds); }

  BlockTree& tree() { return tree_; }
  RunMetrics& metrics() { return metrics_; }

 private:
  BlockTree tree_;
  RunMetrics metrics_;
};

TEST(HashPowerPropagationTest, ReachesEachLevelWhenTheHoldersSharesAddUpToIt) {
  HandRun run({0.5, 0.3, 0.2, 0.0});
  const BlockId block = run.Mine(2, 10.0);  // 0.2 of 1.0
  run.Receive(3, block, 11.0);              // share 0: still 0.2
  run.Receive(1, block, 12.0);              // 0.5: half
  run.Receive(0, block, 13.0);              // 1.0: everything
  EXPECT_EQ(run.HashReached(block, 0), 2.0);
  EXPECT_EQ(run.HashReached(block, 1), 3.0);
  EXPECT_EQ(run.HashReached(block, 2), 3.0);
  const BlockPropagation& p = run.metrics().propagation()[block];
  EXPECT_EQ(p.hash_at_mining, 1.0);
  EXPECT_EQ(p.hash_held, 1.0);
  EXPECT_EQ(p.hash_holders_missing, 0u);
  // The node count goes its own way: 2 of 4 nodes at 11 s.
  EXPECT_EQ(p.reached[0], HandRun::At(11.0));
}

TEST(HashPowerPropagationTest, MinerWithHalfTheHashPowerReachesHalfAtMining) {
  HandRun run({0.5, 0.45, 0.05});
  const BlockId block = run.Mine(0, 10.0);
  EXPECT_EQ(run.HashReached(block, 0), 0.0);
  EXPECT_EQ(run.HashReached(block, 1), -1.0);
  run.Receive(1, block, 10.25);  // 0.95
  run.Receive(2, block, 11.0);
  EXPECT_EQ(run.HashReached(block, 1), 0.25);
  EXPECT_EQ(run.HashReached(block, 2), 1.0);
}

TEST(HashPowerPropagationTest, NodesWithoutHashPowerAddNothing) {
  HandRun run({1.0, 0.0, 0.0, 0.0});
  const BlockId block = run.Mine(0, 5.0);
  EXPECT_EQ(run.HashReached(block, 2), 0.0);
  run.Receive(1, block, 6.0);
  EXPECT_EQ(run.metrics().propagation()[block].hash_held, 1.0);

  // A block mined by a node without hash power (it can happen right after a
  // hash-rate change) reaches nothing until the miners hold it.
  HandRun other({0.0, 0.6, 0.4});
  const BlockId lone = other.Mine(0, 1.0);
  other.Receive(2, lone, 2.0);
  EXPECT_EQ(other.HashReached(lone, 0), -1.0);
  other.Receive(1, lone, 3.0);
  EXPECT_EQ(other.HashReached(lone, 0), 2.0);
  EXPECT_EQ(other.HashReached(lone, 2), 2.0);
}

TEST(HashPowerPropagationTest, BlockMinedWithNoHashPowerUpNeverReachesALevel) {
  HandRun run({0.0, 0.0});
  const BlockId block = run.Mine(0, 1.0);
  run.Receive(1, block, 2.0);
  for (std::size_t level = 0; level < 3; ++level) EXPECT_EQ(run.HashReached(block, level), -1.0);
  EXPECT_EQ(run.metrics().propagation()[block].reached[2], HandRun::At(2.0));
}

TEST(HashPowerPropagationTest, ShareChangesCountFromTheNextBlockMined) {
  HandRun run({0.5, 0.5});
  const BlockId first = run.Mine(0, 10.0);
  run.metrics().OnHashShare(1, 1.5);  // after `first` was mined
  run.Receive(1, first, 12.0);        // counts with 0.5, its share at mining
  EXPECT_EQ(run.HashReached(first, 0), 0.0);
  EXPECT_EQ(run.HashReached(first, 2), 2.0);
  EXPECT_EQ(run.metrics().propagation()[first].hash_held, 1.0);

  const BlockId second = run.Mine(0, 20.0);  // 0.5 of 2.0
  EXPECT_EQ(run.metrics().propagation()[second].hash_at_mining, 2.0);
  EXPECT_EQ(run.HashReached(second, 0), -1.0);
  run.metrics().OnHashShare(1, 0.0);  // gone before it holds `second`: still 1.5
  run.Receive(1, second, 21.0);
  EXPECT_EQ(run.HashReached(second, 0), 1.0);
  EXPECT_EQ(run.HashReached(second, 2), 1.0);
  EXPECT_EQ(run.metrics().propagation()[second].hash_held, 2.0);

  const BlockId third = run.Mine(0, 30.0);  // node 1 has no share now
  EXPECT_EQ(run.metrics().propagation()[third].hash_at_mining, 0.5);
  EXPECT_EQ(run.HashReached(third, 2), 0.0);
}

TEST(HashPowerPropagationTest, NodeDownAtMiningIsLeftOutAndKeepsItsShareForItsRestart) {
  HandRun run({0.5, 0.3, 0.2});
  run.metrics().OnNodeDown(2, HandRun::At(5.0));
  const BlockId block = run.Mine(0, 10.0);  // 0.5 of 0.8
  EXPECT_EQ(run.metrics().propagation()[block].hash_at_mining, 0.8);
  EXPECT_EQ(run.HashReached(block, 0), 0.0);
  run.metrics().OnNodeUp(2, HandRun::At(11.0));
  run.Receive(2, block, 11.5);  // was down at mining: adds nothing
  EXPECT_EQ(run.HashReached(block, 1), -1.0);
  run.Receive(1, block, 12.0);
  EXPECT_EQ(run.HashReached(block, 1), 2.0);
  EXPECT_EQ(run.HashReached(block, 2), 2.0);

  const BlockId next = run.Mine(2, 20.0);  // back with 0.2 of 1.0
  EXPECT_EQ(run.metrics().propagation()[next].hash_at_mining, 1.0);
  EXPECT_EQ(run.HashReached(next, 0), -1.0);
  run.Receive(1, next, 21.0);
  EXPECT_EQ(run.HashReached(next, 0), 1.0);
}

TEST(HashPowerPropagationTest, NodeUpAtMiningThatCrashesCountsOnceItCatchesUp) {
  HandRun run({0.5, 0.5});
  const BlockId block = run.Mine(0, 10.0);
  run.metrics().OnNodeDown(1, HandRun::At(10.5));
  run.metrics().OnNodeUp(1, HandRun::At(20.0));
  run.Receive(1, block, 21.0);
  EXPECT_EQ(run.HashReached(block, 2), 11.0);
}

TEST(HashPowerPropagationTest, LevelsHoldDespiteFloatRounding) {
  // 0.7 + 0.2 is 0.8999999999999999 and 0.7 + 0.2 + 0.1 is
  // 0.9999999999999999, while the total (0.1 + 0.2 + 0.7) is 1.0.
  HandRun run({0.1, 0.2, 0.7});
  const BlockId block = run.Mine(2, 1.0);
  run.Receive(1, block, 2.0);
  EXPECT_EQ(run.HashReached(block, 1), 1.0);
  EXPECT_EQ(run.HashReached(block, 2), -1.0);
  run.Receive(0, block, 3.0);
  EXPECT_EQ(run.HashReached(block, 2), 2.0);
}

TEST(HashPowerPropagationTest, ABranchAdoptedAtOnceReachesEveryBlockOfIt) {
  HandRun run({0.6, 0.4});
  const BlockId first = run.Mine(0, 1.0);
  const BlockId second = run.Mine(0, 2.0);
  run.Receive(1, second, 4.0);  // gets `first` with it
  EXPECT_EQ(run.HashReached(first, 2), 3.0);
  EXPECT_EQ(run.HashReached(second, 2), 2.0);
}

TEST(HashPowerPropagationTest, SummaryGivesTheDistributionOverBlocks) {
  HandRun run({0.5, 0.3, 0.2});
  const BlockId a = run.Mine(0, 10.0);  // 50 % at once
  run.Receive(1, a, 11.0);
  run.Receive(2, a, 14.0);
  const BlockId b = run.Mine(1, 20.0);
  run.Receive(0, b, 22.0);  // 0.8: 50 % only
  const RunSummary summary = SummarizeRun(run.tree(), run.metrics());
  EXPECT_EQ(summary.propagation_hash_power[0].count, 2u);
  EXPECT_EQ(summary.propagation_hash_power[0].median, 0);
  EXPECT_EQ(summary.propagation_hash_power[0].max, 2 * kSecond);
  EXPECT_EQ(summary.propagation_hash_power[1].count, 1u);
  EXPECT_EQ(summary.propagation_hash_power[1].median, 4 * kSecond);
  EXPECT_EQ(summary.propagation_hash_power[2].count, 1u);
  EXPECT_EQ(summary.propagation[2].count, 1u);
}

// Seconds from `mined_at` to times[level]; -1 if never.
double Delay(const PerLevel<SimTime>& times, std::size_t level, SimTime mined_at) {
  return times[level] == kNever ? -1.0 : ToSeconds(times[level] - mined_at);
}

TEST(ReceptionTest, ReceptionComesBeforeAdoptionAndAStaleBlockSpreadIsMeasured) {
  HandRun run({1, 1, 1, 1});
  const BlockId block = run.Mine(0, 10.0);
  run.Get(1, block, 11.0);  // has it; adopts at 12 s
  run.Receive(1, block, 12.0);
  run.Get(2, block, 13.0);  // has it; never adopts (it is stale for node 2)
  const BlockPropagation& p = run.metrics().propagation()[block];
  const SimTime mined = run.tree()[block].mined_at;
  EXPECT_EQ(p.receivers, 3U);
  EXPECT_EQ(p.holders, 2U);
  // 50 % of 4 is 2 nodes: received at 11 s, adopted at 12 s.
  EXPECT_EQ(Delay(p.received, 0, mined), 1.0);
  EXPECT_EQ(Delay(p.reached, 0, mined), 2.0);
  // 90 % is 4 nodes: neither.
  EXPECT_EQ(Delay(p.received, 1, mined), -1.0);
  EXPECT_TRUE(run.metrics().Received(2, block));
  EXPECT_FALSE(run.metrics().Holds(2, block));
  // All pairs: nodes 1, 2 and 3 (not the miner); 3 never received it.
  const Distribution arrival = run.metrics().arrival().Summary();
  EXPECT_EQ(arrival.count, 2U);
  EXPECT_EQ(arrival.median, kSecond);
  EXPECT_EQ(arrival.max, 3 * kSecond);
  EXPECT_EQ(run.metrics().arrival_pairs(), 3U);
}

TEST(ReceptionTest, AdoptingWithoutAReceptionReportCountsAsReceivedThen) {
  HandRun run({1, 1});
  const BlockId block = run.Mine(0, 1.0);
  run.Receive(1, block, 3.5);
  EXPECT_TRUE(run.metrics().Received(1, block));
  EXPECT_EQ(run.metrics().arrival().Summary().max, 2500 * kMillisecond);
  run.Get(1, block, 9.0);  // a later report changes nothing
  EXPECT_EQ(run.metrics().arrival().count(), 1U);
  EXPECT_EQ(run.metrics().arrival().Summary().max, 2500 * kMillisecond);
}

TEST(ReceptionTest, AChainCountsEveryBlockAboveWhatTheNodeAdoptedOnce) {
  HandRun run({1, 1, 0});
  const BlockId a = run.Mine(0, 1.0);
  run.Receive(2, a, 2.0);
  const BlockId b = run.Mine(0, 3.0);
  const BlockId c = run.Mine(0, 4.0);
  run.Get(2, c, 4.5);                                     // c first, alone
  run.metrics().OnReceivedChain(2, c, HandRun::At(6.0));  // then the chain a-b-c
  EXPECT_TRUE(run.metrics().Received(2, b));
  // a adopted at 2 s (1 s), c at 4.5 s (0.5 s), b with the chain at 6 s (3 s).
  const Distribution arrival = run.metrics().arrival().Summary();
  EXPECT_EQ(arrival.count, 3U);
  EXPECT_EQ(arrival.p10, 500 * kMillisecond);
  EXPECT_EQ(arrival.median, kSecond);
  EXPECT_EQ(arrival.max, 3 * kSecond);
  // Node 1 never got a, b or c: 6 pairs in all (nodes 1 and 2 for each).
  EXPECT_EQ(run.metrics().arrival_pairs(), 6U);
  const RunSummary summary = SummarizeRun(run.tree(), run.metrics());
  EXPECT_EQ(summary.arrival.pairs, 6U);
  EXPECT_EQ(summary.arrival.never, 3U);
  EXPECT_EQ(summary.arrival.received.count, 3U);
  EXPECT_EQ(summary.arrival.received.median, kSecond);
  EXPECT_EQ(summary.arrival.received.mean, 1500 * kMillisecond);
}

TEST(ReceptionTest, ANodeDownAtMiningIsNoPairEvenWhenItGetsTheBlockLater) {
  HandRun run({1, 1, 1});
  run.metrics().OnNodeDown(2, HandRun::At(1.0));
  const BlockId block = run.Mine(0, 2.0);
  run.metrics().OnNodeUp(2, HandRun::At(3.0));
  run.Get(2, block, 4.0);
  run.Get(1, block, 5.0);
  EXPECT_FALSE(run.metrics().UpAtMining(2, block));
  EXPECT_TRUE(run.metrics().UpAtMining(1, block));
  EXPECT_EQ(run.metrics().arrival_pairs(), 1U);
  EXPECT_EQ(run.metrics().arrival().count(), 1U);
  EXPECT_EQ(run.metrics().arrival().Summary().max, 3 * kSecond);
  // The next block sees node 2 up again; a crash and restart between two
  // blocks leaves it up for both.
  run.metrics().OnNodeDown(1, HandRun::At(6.0));
  run.metrics().OnNodeUp(1, HandRun::At(7.0));
  const BlockId next = run.Mine(0, 8.0);
  EXPECT_TRUE(run.metrics().UpAtMining(2, next));
  EXPECT_TRUE(run.metrics().UpAtMining(1, next));
  EXPECT_EQ(run.metrics().arrival_pairs(), 3U);
}

TEST(MinerFiguresTest, StaleRateAndMainChainSharePerMiner) {
  HandRun run({1, 1, 1});
  const BlockId a = run.Mine(0, 1.0);
  run.Receive(1, a, 2.0);
  run.Receive(2, a, 2.0);
  run.Mine(1, 3.0);  // stale: 0 and 2 adopt node 0's
  const BlockId c = run.Mine(0, 3.1);
  run.Receive(2, c, 4.0);
  const BlockId d = run.Mine(2, 5.0);  // main tip: genesis-a-c-d
  const std::vector<MinerFigures> miners = SummarizeMiners(run.tree(), d, 3);
  ASSERT_EQ(miners.size(), 3U);
  EXPECT_EQ(miners[0].blocks_mined, 2U);
  EXPECT_EQ(miners[0].main_chain_blocks, 2U);
  EXPECT_EQ(miners[0].stale_rate, 0.0);
  EXPECT_DOUBLE_EQ(miners[0].main_chain_share, 2.0 / 3.0);
  EXPECT_EQ(miners[1].blocks_mined, 1U);
  EXPECT_EQ(miners[1].stale_blocks, 1U);
  EXPECT_EQ(miners[1].stale_rate, 1.0);
  EXPECT_EQ(miners[1].main_chain_share, 0.0);
  EXPECT_DOUBLE_EQ(miners[2].main_chain_share, 1.0 / 3.0);
}

}  // namespace
}  // namespace chainsim::sim
