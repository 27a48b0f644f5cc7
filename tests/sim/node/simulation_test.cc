#include "sim/node/simulation.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/blockchain.h"
#include "core/canonical_json.h"
#include "sim/report/run_report.h"
#include "sim_test_util.h"

namespace chainsim::sim {
namespace {

using testing::ExpectEveryChainValid;
using testing::FromYaml;

constexpr std::string_view kSmallPull = R"(
nodes: 8
duration: 20min
chain: {difficulty: 2}
mining: {block_interval: 20s}
network:
  topology: {kind: small-world, degree: 4, rewire: 0.2}
  latency: {law: exponential, mean: 300ms}
  bandwidth: 1 Mbit/s
protocol: {kind: pull, resolve_interval: 30s}
workload: {transactions: 1/s}
timeline:
  - {at: 5min, partition: {a: 0-3, b: 4-7}}
  - {at: 10min, heal: true}
)";

// Everything a run produced that must repeat exactly: block hashes, miners,
// times, reorgs, and the summary without the wall clock.
std::string Fingerprint(const Simulation& sim) {
  std::string text;
  for (BlockId id = 0; id < sim.tree().size(); ++id) {
    const BlockRecord& r = sim.tree()[id];
    text +=
        r.block->hash() + " " + std::to_string(r.miner) + " " + std::to_string(r.mined_at) + "\n";
  }
  for (const ReorgRecord& r : sim.metrics().reorgs()) {
    text += std::to_string(r.node) + " " + std::to_string(r.time) + " " + std::to_string(r.depth) +
            "\n";
  }
  RunReport report;
  report.scenario = &sim.scenario();
  report.summary = sim.Summarize();
  report.network = sim.network().counters();
  Json json = RunReportToJson(report);
  json.erase("run");
  return text + json.dump();
}

TEST(SimulationTest, SameSeedGivesAnIdenticalRun) {
  Simulation first(FromYaml(kSmallPull));
  first.Run();
  Simulation second(FromYaml(kSmallPull));
  second.Run();
  EXPECT_GT(first.tree().size(), 20U);
  EXPECT_EQ(Fingerprint(first), Fingerprint(second));
  EXPECT_EQ(first.engine().executed(), second.engine().executed());
}

TEST(SimulationTest, AnotherSeedGivesADifferentRun) {
  Scenario other = FromYaml(kSmallPull);
  other.seed = 2;
  Simulation a(FromYaml(kSmallPull));
  a.Run();
  Simulation b(other);
  b.Run();
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

TEST(SimulationTest, EveryNodesChainIsValidAfterARunWithPartitionAndWorkload) {
  Simulation sim(FromYaml(kSmallPull));
  sim.Run();
  ExpectEveryChainValid(sim);
  const RunSummary summary = sim.Summarize();
  EXPECT_EQ(summary.blocks_mined, sim.tree().size() - 1);
  EXPECT_EQ(summary.stale_blocks + summary.main_chain_height, summary.blocks_mined);
  EXPECT_GT(summary.transactions.submitted, 1000U);
  EXPECT_EQ(
      summary.transactions.submitted,
      summary.transactions.confirmed + summary.transactions.pending + summary.transactions.lost);
}

// After a partition heals, every live node ends on the longer side's tip.
TEST(SimulationTest, AfterAPartitionHealsEveryNodeAdoptsTheLongerSidesChain) {
  for (const char* protocol : {"pull", "push"}) {
    Simulation sim(FromYaml(std::string(R"(
nodes: 10
duration: 40min
chain: {difficulty: 2}
mining: {block_interval: 15s, hash_shares: [3, 3, 3, 3, 3, 1, 1, 1, 1, 1]}
network: {topology: {kind: random-regular, degree: 4}, latency: 200ms}
protocol: {kind: )") + protocol +
                            R"(}
timeline:
  - {at: 2min, partition: {strong: 0-4, weak: 5-9}}
  - {at: 25min, hash_share: {nodes: 0-9, share: 0}}
  - {at: 26min, heal: true}
)"));
    sim.RunUntil(26 * kMinute - 1);
    const BlockId strong_tip = sim.Tip(0);
    const BlockId weak_tip = sim.Tip(9);
    ASSERT_GT(sim.tree()[strong_tip].height, sim.tree()[weak_tip].height) << protocol;
    ASSERT_FALSE(sim.tree().IsAncestor(weak_tip, strong_tip)) << protocol;  // a real fork
    sim.RunUntil(40 * kMinute);
    sim.Finish();
    for (NodeIndex i = 0; i < 10; ++i) EXPECT_EQ(sim.Tip(i), strong_tip) << protocol << i;
    const RunSummary summary = sim.Summarize();
    ASSERT_EQ(summary.heals.size(), 1U);
    EXPECT_NE(summary.heals[0].converged_at, kNever);
    EXPECT_GE(summary.deepest_reorg, 1U);
    ExpectEveryChainValid(sim);
  }
}

TEST(SimulationTest, CrashedNodeCatchesUpAfterRestartAndJoinersCatchUp) {
  for (const char* protocol : {"pull", "push"}) {
    Simulation sim(FromYaml(std::string(R"(
nodes: 6
duration: 30min
chain: {difficulty: 2}
mining: {block_interval: 20s, miners: 3}
network: {topology: ring, latency: 100ms}
protocol: {kind: )") + protocol +
                            R"(, resolve_interval: 20s}
timeline:
  - {at: 2min, crash: [4]}
  - {at: 12min, restart: [4]}
  - {at: 15min, join: {count: 2, peers: 2}}
  - {at: 25min, hash_share: {nodes: 0-2, share: 0}}
)"));
    sim.Run();
    ASSERT_EQ(sim.node_count(), 8);
    for (NodeIndex i = 0; i < 8; ++i) {
      EXPECT_EQ(sim.Tip(i), sim.Tip(0)) << protocol << " node " << i;
    }
    EXPECT_GT(sim.tree()[sim.Tip(0)].height, 40U);
    ExpectEveryChainValid(sim);
  }
}

// The network is promised no failures exactly when the timeline can not
// take a node down or split the network (its unobserved messages then keep
// 16 bytes each: sim/net/network.h).
TEST(SimulationTest, TheNetworkIsPromisedNoFailuresUnlessTheTimelineHasOne) {
  const auto promised = [](const std::string& timeline) {
    const Simulation sim(FromYaml("nodes: 4\nnetwork: {topology: ring}\n" + timeline));
    return sim.network().no_failures_promised();
  };
  EXPECT_TRUE(promised(""));
  EXPECT_TRUE(promised("timeline:\n  - {at: 1min, join: {count: 1, peers: 1}}\n"));
  EXPECT_FALSE(promised("timeline:\n  - {at: 1min, crash: [1]}\n"));
  EXPECT_FALSE(promised(
      "timeline:\n  - {at: 1min, partition: {a: 0-1, b: 2-3}}\n  - {at: 2min, heal: true}\n"));
}

TEST(SimulationTest, RaceModeFastestMinerAlwaysWins) {
  Simulation sim(FromYaml(R"(
nodes: 4
duration: 10min
chain: {difficulty: 2}
mining: {mode: race, block_interval: 10s, hash_shares: [1, 4, 2, 1]}
network: {topology: full-mesh, latency: 10ms}
protocol: {kind: push}
)"));
  sim.Run();
  ASSERT_GT(sim.tree().size(), 10U);
  for (BlockId id = 1; id < sim.tree().size(); ++id) EXPECT_EQ(sim.tree()[id].miner, 1U) << id;
  ExpectEveryChainValid(sim);
}

TEST(SimulationTest, MaxBlocksStopsMiningAndTheNetworkSettles) {
  Simulation sim(FromYaml(R"(
nodes: 12
duration: 1h
chain: {difficulty: 2}
mining: {block_interval: 5s, max_blocks: 30}
network: {topology: {kind: erdos-renyi, probability: 0.4}, latency: 50ms}
protocol: {kind: push}
)"));
  sim.Run();
  EXPECT_EQ(sim.tree().size(), 31U);
  EXPECT_TRUE(sim.Summarize().agreed_at_end);
  ExpectEveryChainValid(sim);
}

TEST(SimulationTest, RequeueKeepsTransactionsOfDiscardedBlocks) {
  const std::string yaml = R"(
nodes: 6
duration: 30min
chain: {difficulty: 2}
mining: {block_interval: 10s}
network: {topology: full-mesh, latency: 2s}
workload: {transactions: 2/s}
protocol: {kind: pull, resolve_interval: 10s, requeue_lost_transactions: )";
  Simulation lossy(FromYaml(yaml + "false}\n"));
  lossy.Run();
  Simulation kept(FromYaml(yaml + "true}\n"));
  kept.Run();
  EXPECT_GT(lossy.Summarize().transactions.lost, 0U);
  EXPECT_EQ(kept.Summarize().transactions.lost, 0U);
  EXPECT_GT(kept.Summarize().transactions.requeued, 0U);
  ExpectEveryChainValid(lossy);
  ExpectEveryChainValid(kept);
}

// Node 0 alone mines; one transaction goes to node 3, which does not. Blocks
// have a declared wire size, so that the bytes sent do not depend on what
// they hold.
std::string NonMinerTransaction(const std::string& protocol) {
  return R"(
nodes: 4
duration: 2min
chain: {difficulty: 2}
mining: {block_interval: 10s, miners: 1}
network: {topology: line, latency: 50ms}
protocol: )" +
         protocol + R"(
timeline:
  - {at: 5s, transaction: {node: 3, sender: alice, recipient: bob, amount: 5}}
)";
}

TEST(SimulationTest, ATransactionSentToANonMinerIsMinedOnlyWithTransactionRelay) {
  for (const char* kind : {"pull", "push"}) {
    Simulation kept(
        FromYaml(NonMinerTransaction("{kind: " + std::string(kind) + ", block_size: 1kB}")));
    kept.Run();
    Simulation relayed(FromYaml(NonMinerTransaction(
        "{kind: " + std::string(kind) + ", block_size: 1kB, transaction_relay: true}")));
    relayed.Run();
    const TransactionTally without = kept.Summarize().transactions;
    const TransactionTally with = relayed.Summarize().transactions;
    EXPECT_EQ(without.confirmed, 0U) << kind;
    EXPECT_EQ(without.pending, 1U) << kind;
    EXPECT_EQ(with.confirmed, 1U) << kind;
    EXPECT_EQ(with.pending, 0U) << kind;
    // The three hops of the line, 0 <- 1 <- 2 <- 3, counted on the wire:
    // request headers and the canonical JSON (Python's json.dumps form).
    const std::size_t tx_bytes =
        kAnnounceBytes +
        std::string(R"({"amount": 5, "recipient": "bob", "sender": "alice"})").size();
    EXPECT_EQ(relayed.network().counters().messages_sent - kept.network().counters().messages_sent,
              3U)
        << kind;
    EXPECT_EQ(relayed.network().counters().bytes_sent - kept.network().counters().bytes_sent,
              3 * tx_bytes)
        << kind;
    ExpectEveryChainValid(relayed);
  }
}

// Node 3, the only miner, is away (partitioned, or crashed) while a
// transaction is sent to node 0 and flooded; it is back at 30 s.
std::string MinerAwayTransaction(const std::string& kind, const std::string& away,
                                 const std::string& back) {
  return R"(
nodes: 4
duration: 5min
chain: {difficulty: 2}
mining: {block_interval: 10s, hash_shares: [0, 0, 0, 1]}
network: {topology: full-mesh, latency: 50ms}
protocol: {kind: )" +
         kind + R"(, transaction_relay: true}
timeline:
  - {at: 10s, )" +
         away + R"(}
  - {at: 20s, transaction: {node: 0, sender: alice, recipient: bob, amount: 5}}
  - {at: 30s, )" +
         back + R"(}
)";
}

TEST(SimulationTest, ATransactionFloodedWhileTheOnlyMinerWasAwayIsMinedAfterItsReturn) {
  for (const char* kind : {"pull", "push"}) {
    for (const auto& [away, back] :
         {std::pair<std::string, std::string>{"partition: {a: [3]}", "heal: true"},
          std::pair<std::string, std::string>{"crash: [3]", "restart: [3]"}}) {
      Simulation sim(FromYaml(MinerAwayTransaction(kind, away, back)));
      sim.Run();
      const RunSummary summary = sim.Summarize();
      EXPECT_EQ(summary.transactions.confirmed, 1U) << kind << " " << away;
      EXPECT_EQ(summary.transactions.pending, 0U) << kind << " " << away;
      ExpectEveryChainValid(sim);
    }
  }
}

TEST(SimulationTest, TransactionRelayRunsRepeatAndMineEachTransactionOnce) {
  for (const char* kind : {"pull", "push"}) {
    const std::string relayed = R"(
nodes: 8
duration: 10min
chain: {difficulty: 2}
mining: {block_interval: 20s, miners: 3}
network:
  topology: {kind: small-world, degree: 4, rewire: 0.2}
  latency: {law: exponential, mean: 300ms}
protocol: {kind: )" + std::string(kind) +
                                R"(, transaction_relay: true}
workload: {transactions: 1/s}
timeline:
  - {at: 3min, partition: {a: 0-3, b: 4-7}}
  - {at: 6min, heal: true}
)";
    Simulation first(FromYaml(relayed));
    first.Run();
    Simulation second(FromYaml(relayed));
    second.Run();
    EXPECT_EQ(Fingerprint(first), Fingerprint(second)) << kind;
    const RunSummary summary = first.Summarize();
    EXPECT_GT(summary.transactions.confirmed, 100U) << kind;
    // Every miner heard of every transaction, yet the main chain holds each
    // once: adopting a block drops its transactions from the pending list.
    std::set<std::string> seen;
    for (BlockId id = summary.main_tip; id != kNoBlock; id = first.tree()[id].parent) {
      for (const Json& tx : first.tree()[id].block->transactions()) {
        if (!IsRewardTransaction(tx)) {
          EXPECT_TRUE(seen.insert(ToJson(tx)).second) << kind << " " << ToJson(tx);
        }
      }
    }
    ExpectEveryChainValid(first);
  }
}

TEST(SimulationTest, UnreachablePeersTimeOutAndResolveStillCompletes) {
  Simulation sim(FromYaml(R"(
nodes: 4
duration: 10min
chain: {difficulty: 2}
mining: {block_interval: 20s, miners: 1}
network: {topology: full-mesh, latency: 50ms}
protocol: {kind: pull, resolve_interval: 15s, request_timeout: 2s}
timeline:
  - {at: 1min, crash: [2]}
  - {at: 9min, hash_share: {nodes: [0], share: 0}}
)"));
  sim.Run();
  // Nodes 1 and 3 still follow node 0 although node 2 never answers.
  EXPECT_EQ(sim.Tip(1), sim.Tip(0));
  EXPECT_EQ(sim.Tip(3), sim.Tip(0));
  ExpectEveryChainValid(sim);
}

TEST(SimulationTest, ForgedChainsAreRejectedAndTheForgersLaterBlocksGoStale) {
  Simulation sim(FromYaml(R"(
nodes: 5
duration: 10min
chain: {difficulty: 2}
mining: {block_interval: 12s}
network: {topology: full-mesh, latency: 100ms}
protocol: {kind: pull, resolve_interval: 20s, resolve_on_announce: true}
timeline:
  - {at: 2min, forge: {node: 4, depth: 3, amount: 500, extra_blocks: 2}}
)"));
  sim.Run();
  const RunSummary summary = sim.Summarize();
  EXPECT_GT(summary.chains_rejected, 10u);
  ExpectEveryChainValid(sim);
  // No node ever took a forged block: every block held is one that was mined.
  for (NodeIndex i = 0; i < 5; ++i) {
    for (const BlockPtr& block : sim.ChainOf(i)) {
      EXPECT_NE(sim.tree().IdOf(block), kNoBlock) << "node " << i;
    }
  }
  // The peers only ever see node 4's forged chain, so none of the blocks it
  // mines after 2 min reaches the main chain; its earlier ones may.
  const BlockTree& tree = sim.tree();
  std::set<BlockId> main;
  for (BlockId id = summary.main_tip; id != kNoBlock; id = tree[id].parent) main.insert(id);
  int forger_blocks_late = 0;
  for (BlockId id = 1; id < tree.size(); ++id) {
    if (tree[id].miner != 4 || tree[id].mined_at <= 2 * kMinute) continue;
    ++forger_blocks_late;
    EXPECT_FALSE(main.contains(id)) << "block " << id;
  }
  EXPECT_GT(forger_blocks_late, 0);
  EXPECT_GT(tree[summary.main_tip].height, 30u);
}

// Issue 11: a hash_share event for a crashed node restarted its miner, so it
// mined while down (and its blocks counted as mined and stale).
TEST(SimulationTest, ACrashedNodeMinesNothingEvenWhenItsShareChanges) {
  for (const char* protocol : {"pull", "push"}) {
    Simulation sim(FromYaml(std::string(R"(
nodes: 4
duration: 20min
chain: {difficulty: 2}
mining: {block_interval: 20s}
network: {topology: full-mesh, latency: 100ms}
protocol: {kind: )") + protocol +
                            R"(}
timeline:
  - {at: 1min, crash: [1]}
  - {at: 2min, hash_share: {nodes: [1], share: 5}}
  - {at: 10min, restart: [1]}
)"));
    sim.Run();
    int after_restart = 0;
    for (BlockId id = 1; id < sim.tree().size(); ++id) {
      const BlockRecord& block = sim.tree()[id];
      if (block.miner != 1) continue;
      EXPECT_FALSE(block.mined_at > 1 * kMinute && block.mined_at < 10 * kMinute)
          << protocol << ": node 1 mined block " << id << " at " << FormatDuration(block.mined_at)
          << " while down";
      if (block.mined_at >= 10 * kMinute) ++after_restart;
    }
    EXPECT_GT(after_restart, 10) << protocol;  // 5 of 8 shares after the restart
    ExpectEveryChainValid(sim);
  }
}

TEST(SimulationTest, ProtocolCountersReachTheSummary) {
  Simulation pull(FromYaml(R"(
nodes: 4
duration: 5min
chain: {difficulty: 2}
mining: {block_interval: 20s}
network: {topology: full-mesh, latency: 50ms}
protocol: {kind: pull, resolve_interval: 15s, request_timeout: 2s}
timeline:
  - {at: 1min, crash: [3]}
)"));
  pull.Run();
  const ProtocolTally tally = pull.Summarize().protocol;
  // The timers alone start 3 x 20 + 4 resolves (node 3 is up for 1 min);
  // announcements add more, and a request during a resolve merges into one.
  EXPECT_GE(tally.resolves_started, 60U);
  // From 1 min on, every resolve of the 3 live nodes waits for node 3 in vain.
  EXPECT_GE(tally.replies_timed_out, 40U);
  EXPECT_LE(tally.replies_timed_out, tally.resolves_started);
  EXPECT_EQ(tally.invalid_blocks, 0U);
}

}  // namespace
}  // namespace chainsim::sim
