#include "sim/net/network.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chainsim::sim {
namespace {

using ::testing::ElementsAre;

constexpr SimTime kLatency = 50 * kMillisecond;

NetworkConfig ConstantLatency(double upload_bps = 0.0, double download_bps = 0.0,
                              double loss = 0.0) {
  NetworkConfig config;
  config.latency.law = LatencyLaw::kConstant;
  config.latency.mean = kLatency;
  config.upload_bps = upload_bps;
  config.download_bps = download_bps;
  config.loss = loss;
  return config;
}

Topology Mesh(int n) {
  Random rng(1);
  return BuildTopology(TopologyConfig{}, n, rng);
}

// Records the arrival time of every delivered message, by tag.
struct Arrivals {
  std::vector<std::pair<int, SimTime>> seen;
  Delivery Record(Engine& engine, int tag) {
    return [this, &engine, tag] { seen.emplace_back(tag, engine.now()); };
  }
};

TEST(NetworkTest, DeliversAfterTheLatency) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 100, arrivals.Record(engine, 1));
  EXPECT_EQ(net.counters().in_flight(), 1u);
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{1, kLatency}));
  EXPECT_EQ(net.counters().messages_sent, 1u);
  EXPECT_EQ(net.counters().bytes_sent, 100u);
  EXPECT_EQ(net.counters().delivered, 1u);
  EXPECT_EQ(net.counters().bytes_delivered, 100u);
  EXPECT_EQ(net.counters().lost(), 0u);
}

TEST(NetworkTest, OneMegabyteOverEightMegabitsTakesOneSecondPlusLatency) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 0.0), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 1'000'000, arrivals.Record(engine, 1));
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{1, kSecond + kLatency}));
}

TEST(NetworkTest, TransferGoesAtTheSlowerOfUploadAndDownload) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 4e6), Mesh(3), std::nullopt, 1);
  EXPECT_EQ(net.TransmissionTime(0, 1, 1'000'000), 2 * kSecond);
  Network download_only(engine, ConstantLatency(0.0, 4e6), Mesh(3), std::nullopt, 1);
  EXPECT_EQ(download_only.TransmissionTime(0, 1, 1'000'000), 2 * kSecond);
  Network unlimited(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
  EXPECT_EQ(unlimited.TransmissionTime(0, 1, 1'000'000), 0);
}

TEST(NetworkTest, ANodeUploadsOneMessageAtATime) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 0.0), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 1'000'000, arrivals.Record(engine, 1));
  net.Send(0, 2, 1'000'000, arrivals.Record(engine, 2));
  net.Send(1, 2, 1'000'000, arrivals.Record(engine, 3));  // another sender: in parallel
  EXPECT_EQ(net.UploadFreeAt(0), 2 * kSecond);
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{1, kSecond + kLatency},
                                         std::pair<int, SimTime>{3, kSecond + kLatency},
                                         std::pair<int, SimTime>{2, 2 * kSecond + kLatency}));
}

TEST(NetworkTest, UploadQueueEmptiesOverTime) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 0.0), Mesh(2), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 1'000'000, arrivals.Record(engine, 1));
  engine.RunUntil(5 * kSecond);
  net.Send(0, 1, 1'000'000, arrivals.Record(engine, 2));  // idle sender: starts now
  engine.Run();
  EXPECT_EQ(arrivals.seen.back().second, 6 * kSecond + kLatency);
}

TEST(NetworkTest, RegionModelUsesTheTablesRatesAndLatencies) {
  Engine engine;
  NetworkConfig config;
  config.topology.kind = TopologyKind::kRegions;
  config.topology.regions = "bitcoin-2015";
  const auto net = Network::Create(engine, config, 200, 5);
  ASSERT_NE(net->regions(), nullptr);
  const RegionTable& table = *net->regions();
  const auto& region = net->topology().region;
  ASSERT_EQ(region.size(), 200u);
  // The network's latency law is the table's, for the nodes' regions.
  const LatencyModel table_latency(table, &region);
  for (NodeIndex a : {0u, 1u, 2u}) {
    const auto ra = static_cast<std::size_t>(region[a]);
    const auto rb = static_cast<std::size_t>(region[a + 10]);
    EXPECT_EQ(net->UploadBps(a), table.upload_mbit[ra] * 1e6);
    EXPECT_EQ(net->DownloadBps(a), table.download_mbit[ra] * 1e6);
    const double rate = std::min(table.upload_mbit[ra], table.download_mbit[rb]) * 1e6;
    EXPECT_EQ(net->TransmissionTime(a, a + 10, 535'000), FromSeconds(535'000 * 8.0 / rate));
    Random draws(a);
    Random same_draws(a);
    EXPECT_EQ(net->latency_model().Sample(a, a + 10, draws),
              table_latency.Sample(a, a + 10, same_draws));
  }
}

TEST(NetworkTest, LossRateMatchesTheConfiguredProbability) {
  Engine engine;
  Network net(engine, ConstantLatency(0.0, 0.0, 0.1), Mesh(2), std::nullopt, 77);
  int delivered = 0;
  const int n = 100'000;
  for (int i = 0; i < n; ++i) net.Send(0, 1, 10, [&delivered] { ++delivered; });
  engine.Run();
  const NetworkCounters& c = net.counters();
  EXPECT_EQ(c.delivered, static_cast<std::uint64_t>(delivered));
  EXPECT_EQ(c.delivered + c.lost_loss, static_cast<std::uint64_t>(n));
  // Binomial proportion, standard error 0.00095; 5 standard errors.
  EXPECT_NEAR(static_cast<double>(c.lost_loss) / n, 0.1, 0.005);
}

TEST(NetworkTest, ProcessingTimeIsAddedToTheArrival) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 0.0), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 1'000'000, arrivals.Record(engine, 1), 2 * kMillisecond);  // 1 s upload
  net.Send(0, 2, 0, arrivals.Record(engine, 2), 10 * kMillisecond);         // queued behind it
  engine.Run();
  EXPECT_THAT(arrivals.seen,
              ElementsAre(std::pair<int, SimTime>{1, kSecond + kLatency + 2 * kMillisecond},
                          std::pair<int, SimTime>{2, kSecond + kLatency + 10 * kMillisecond}));
}

TEST(NetworkTest, RetransmissionDeliversLostMessagesAfterDoublingWaits) {
  Engine engine;
  NetworkConfig config = ConstantLatency(0.0, 0.0, 0.3);
  config.retransmit_attempts = 6;
  config.retransmit_timeout = kSecond;
  Network net(engine, config, Mesh(2), std::nullopt, 5);
  Arrivals arrivals;
  for (int i = 0; i < 1000; ++i) net.Send(0, 1, 10, arrivals.Record(engine, i));
  engine.Run();
  // Each arrives after 0, 1, 1+2, 1+2+4, ... seconds of waiting; at 30 % loss
  // about 0.3^7 of them (none of 1000, almost surely) lose every copy.
  std::vector<std::uint64_t> by_wait(7, 0);
  for (const auto& [tag, at] : arrivals.seen) {
    const SimTime wait = at - kLatency;
    const auto copies = static_cast<std::size_t>(std::log2(ToSeconds(wait) + 1.0));
    ASSERT_EQ(wait, ((SimTime{1} << copies) - 1) * kSecond) << tag;
    ++by_wait[copies];
  }
  EXPECT_EQ(net.counters().delivered + net.counters().lost_loss, 1000u);
  EXPECT_GE(net.counters().delivered, 999u);
  EXPECT_NEAR(static_cast<double>(by_wait[0]), 700, 50);
  EXPECT_NEAR(static_cast<double>(by_wait[1]), 210, 40);
  std::uint64_t resent = 0;
  for (std::size_t k = 0; k < by_wait.size(); ++k) resent += k * by_wait[k];
  EXPECT_EQ(net.counters().retransmissions, resent + 6 * net.counters().lost_loss);
}

TEST(NetworkTest, RetransmissionGivesUpAfterItsAttempts) {
  Engine engine;
  NetworkConfig config = ConstantLatency(0.0, 0.0, 1.0);
  config.retransmit_attempts = 3;
  Network net(engine, config, Mesh(2), std::nullopt, 5);
  Arrivals arrivals;
  net.Send(0, 1, 10, arrivals.Record(engine, 1));
  engine.Run();
  EXPECT_TRUE(arrivals.seen.empty());
  EXPECT_EQ(net.counters().lost_loss, 1u);
  EXPECT_EQ(net.counters().retransmissions, 3u);
}

TEST(NetworkTest, LossIsDecidedBySeed) {
  auto lost = [](std::uint64_t seed) {
    Engine engine;
    Network net(engine, ConstantLatency(0.0, 0.0, 0.3), Mesh(2), std::nullopt, seed);
    std::vector<int> got;
    for (int i = 0; i < 200; ++i) net.Send(0, 1, 10, [&got, i] { got.push_back(i); });
    engine.Run();
    return got;
  };
  EXPECT_EQ(lost(5), lost(5));
  EXPECT_NE(lost(5), lost(6));
}

TEST(NetworkTest, PartitionDropsCrossGroupMessagesAndHealRestores) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(5), std::nullopt, 1);
  Arrivals arrivals;
  net.Partition({{0, 1}, {2, 3}});  // node 4 forms the extra group
  EXPECT_TRUE(net.partitioned());
  EXPECT_FALSE(net.SameGroup(0, 4));
  net.Send(0, 1, 10, arrivals.Record(engine, 1));
  net.Send(0, 2, 10, arrivals.Record(engine, 2));
  net.Send(3, 2, 10, arrivals.Record(engine, 3));
  net.Send(4, 0, 10, arrivals.Record(engine, 4));
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{1, kLatency},
                                         std::pair<int, SimTime>{3, kLatency}));
  EXPECT_EQ(net.counters().lost_partition, 2u);

  net.Heal();
  EXPECT_FALSE(net.partitioned());
  net.Send(0, 2, 10, arrivals.Record(engine, 5));
  engine.Run();
  EXPECT_EQ(arrivals.seen.size(), 3u);
  EXPECT_EQ(arrivals.seen.back().first, 5);
}

TEST(NetworkTest, PartitionDropsMessagesAlreadyInFlight) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(4), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 2, 10, arrivals.Record(engine, 1));  // cut while in flight
  net.Send(0, 1, 10, arrivals.Record(engine, 2));  // same side: delivered
  net.Send(1, 3, 10, arrivals.Record(engine, 3));  // cut and healed while in flight
  engine.ScheduleAt(10 * kMillisecond, [&net] { net.Partition({{0, 1}, {2, 3}}); });
  engine.ScheduleAt(20 * kMillisecond, [&net] { net.Heal(); });
  engine.ScheduleAt(30 * kMillisecond, [&net] { net.Partition({{0, 1, 2}}); });
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{2, kLatency}));
  EXPECT_EQ(net.counters().lost_partition, 2u);
}

// Groups the scenario loader refuses break Partition's REQUIRES.
TEST(NetworkDeathTest, PartitionRequiresGroupsOfItsNodes) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(4), std::nullopt, 1);
  EXPECT_DEATH(net.Partition({{0, 1}, {1, 2}}), "check failed");
  EXPECT_DEATH(net.Partition({{7}}), "check failed");
}

TEST(NetworkTest, DownNodesNeitherSendNorReceive) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.SetNodeUp(1, false);
  EXPECT_FALSE(net.IsUp(1));
  net.Send(0, 1, 10, arrivals.Record(engine, 1));
  net.Send(1, 0, 10, arrivals.Record(engine, 2));
  net.Send(0, 2, 10, arrivals.Record(engine, 3));
  engine.Run();
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{3, kLatency}));
  EXPECT_EQ(net.counters().lost_down, 2u);
  net.SetNodeUp(1, true);
  net.Send(0, 1, 10, arrivals.Record(engine, 4));
  engine.Run();
  EXPECT_EQ(arrivals.seen.back().first, 4);
}

TEST(NetworkTest, CrashLosesMessagesInFlightEvenAfterRestart) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
  Arrivals arrivals;
  net.Send(0, 1, 10, arrivals.Record(engine, 1));  // receiver crashes and restarts
  net.Send(2, 0, 10, arrivals.Record(engine, 2));  // sender crashes
  net.Send(2, 1, 10, arrivals.Record(engine, 3));  // sender crashes
  engine.ScheduleAt(10 * kMillisecond, [&net] {
    net.SetNodeUp(1, false);
    net.SetNodeUp(2, false);
  });
  engine.ScheduleAt(20 * kMillisecond, [&net] { net.SetNodeUp(1, true); });
  engine.Run();
  EXPECT_TRUE(arrivals.seen.empty());
  EXPECT_EQ(net.counters().lost_down, 3u);
}

TEST(NetworkTest, CrashDropsTheUploadQueue) {
  Engine engine;
  Network net(engine, ConstantLatency(8e6, 0.0), Mesh(2), std::nullopt, 1);
  Arrivals arrivals;
  for (int i = 1; i <= 3; ++i) net.Send(0, 1, 1'000'000, arrivals.Record(engine, i));
  // The first message arrives at 1.05 s; the crash at 1.5 s drops the other two.
  engine.ScheduleAt(1500 * kMillisecond, [&net] { net.SetNodeUp(0, false); });
  engine.ScheduleAt(1600 * kMillisecond, [&net, &engine, &arrivals] {
    net.SetNodeUp(0, true);
    EXPECT_LE(net.UploadFreeAt(0), engine.now());  // idle: the queue went with the crash
    net.Send(0, 1, 1'000'000, arrivals.Record(engine, 4));
  });
  engine.Run();
  EXPECT_THAT(arrivals.seen,
              ElementsAre(std::pair<int, SimTime>{1, kSecond + kLatency},
                          std::pair<int, SimTime>{4, 2600 * kMillisecond + kLatency}));
  EXPECT_EQ(net.counters().lost_down, 2u);
}

TEST(NetworkTest, DeliveriesMaySendFurther) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(2), std::nullopt, 1);
  int hops = 0;
  std::function<void()> relay = [&] {
    if (++hops < 1000) {
      net.Send(static_cast<NodeIndex>(hops % 2), static_cast<NodeIndex>((hops + 1) % 2), 10,
               [&] { relay(); });
    }
  };
  net.Send(0, 1, 10, [&] { relay(); });
  engine.Run();
  EXPECT_EQ(hops, 1000);
  EXPECT_EQ(engine.now(), 1000 * kLatency);
  EXPECT_EQ(net.counters().delivered, 1000u);
}

TEST(NetworkTest, JoiningNodeGetsPeersAndReceives) {
  Engine engine;
  Random rng(1);
  TopologyConfig ring;
  ring.kind = TopologyKind::kRing;
  Network net(engine, ConstantLatency(), BuildTopology(ring, 6, rng), std::nullopt, 1);
  net.Partition({{0, 1, 2}});
  const NodeIndex joiner = net.AddNode(2);
  EXPECT_EQ(joiner, 6u);
  EXPECT_EQ(net.node_count(), 7);
  EXPECT_EQ(net.peers(joiner).size(), 2u);
  EXPECT_TRUE(net.IsUp(joiner));
  // A joiner during a partition is in the extra group.
  EXPECT_TRUE(net.SameGroup(joiner, 4));
  EXPECT_FALSE(net.SameGroup(joiner, 0));
  Arrivals arrivals;
  net.Send(4, joiner, 10, arrivals.Record(engine, 1));
  engine.Run();
  EXPECT_EQ(arrivals.seen.size(), 1u);
}

TEST(NetworkTest, SameSeedSameArrivalTimes) {
  auto run = [](std::uint64_t seed) {
    Engine engine;
    NetworkConfig config;
    config.latency.law = LatencyLaw::kExponential;
    config.loss = 0.05;
    const auto net = Network::Create(engine, config, 20, seed);
    std::vector<SimTime> times;
    for (NodeIndex i = 0; i < 200; ++i) {
      net->Send(i % 20, (i * 7 + 1) % 20, 100,
                [&times, &engine] { times.push_back(engine.now()); });
    }
    engine.Run();
    return times;
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

// Configs the scenario loader refuses break the constructor's REQUIRES.
TEST(NetworkDeathTest, RequiresAValidConfig) {
  Engine engine;
  NetworkConfig config;
  config.loss = 1.5;
  EXPECT_DEATH(Network(engine, config, Mesh(2), std::nullopt, 1), "check failed");
  config = {};
  config.upload_bps = -1;
  EXPECT_DEATH(Network(engine, config, Mesh(2), std::nullopt, 1), "check failed");
  config = {};
  config.latency.law = LatencyLaw::kParetoMean;
  config.latency.mean = 2 * kMillisecond;
  EXPECT_DEATH(Network(engine, config, Mesh(2), std::nullopt, 1), "check failed");
}

// What a run of the network looked like from outside at one moment.
struct Snapshot {
  SimTime time = 0;
  NetworkCounters counters;
  std::vector<SimTime> upload_free_at;
  bool operator==(const Snapshot& o) const {
    const NetworkCounters& a = counters;
    const NetworkCounters& b = o.counters;
    return time == o.time && upload_free_at == o.upload_free_at &&
           a.messages_sent == b.messages_sent && a.bytes_sent == b.bytes_sent &&
           a.delivered == b.delivered && a.bytes_delivered == b.bytes_delivered &&
           a.lost_loss == b.lost_loss && a.lost_partition == b.lost_partition &&
           a.lost_down == b.lost_down;
  }
};

// 300 messages among 4 nodes over a Pareto latency, limited upload and 20 %
// loss, with a crash, a restart, a partition and a heal meanwhile (unless
// `no_failures`: then none, and the network is promised none);
// snapshots every 25 ms. Each message goes through Send with a callback
// that does nothing, or through SendUnobserved. Returns the snapshots and the
// number of events the engine ran.
std::pair<std::vector<Snapshot>, std::uint64_t> RunOfIdleMessages(bool unobserved,
                                                                  bool no_failures = false) {
  Engine engine;
  NetworkConfig config = ConstantLatency(2e6, 0.0, 0.2);
  config.latency.law = LatencyLaw::kParetoMean;
  config.latency.mean = 40 * kMillisecond;
  Network net(engine, config, Mesh(4), std::nullopt, 9);
  if (no_failures) {
    net.PromiseNoFailures();
  } else {
    // The timeline first, so that it comes before any message at equal times.
    engine.ScheduleAt(300 * kMillisecond, [&net] { net.SetNodeUp(2, false); });
    engine.ScheduleAt(450 * kMillisecond, [&net] { net.SetNodeUp(2, true); });
    engine.ScheduleAt(600 * kMillisecond, [&net] { net.Partition({{0, 1}, {2, 3}}); });
    engine.ScheduleAt(900 * kMillisecond, [&net] { net.Heal(); });
  }
  std::vector<Snapshot> snapshots;
  for (SimTime t = 0; t <= 2500 * kMillisecond; t += 25 * kMillisecond) {
    engine.ScheduleAt(t + 1, [&net, &engine, &snapshots] {
      Snapshot s{engine.now(), net.counters(), {}};
      for (NodeIndex n = 0; n < 4; ++n) s.upload_free_at.push_back(net.UploadFreeAt(n));
      snapshots.push_back(s);
    });
  }
  for (int i = 0; i < 300; ++i) {
    engine.ScheduleAt(static_cast<SimTime>(i) * 5 * kMillisecond, [&net, i, unobserved] {
      const auto from = static_cast<NodeIndex>(i % 4);
      const auto to = static_cast<NodeIndex>((i + 1 + (i / 4) % 3) % 4);  // never `from`
      const std::size_t bytes = 200 + static_cast<std::size_t>(i) * 13;
      if (unobserved) {
        net.SendUnobserved(from, to, bytes);
      } else {
        net.Send(from, to, bytes, [] {});
      }
    });
  }
  engine.Run();
  return {snapshots, engine.executed()};
}

// Both runs took the same snapshots: same counters and upload queues.
void ExpectSameSnapshots(const std::vector<Snapshot>& a, const std::vector<Snapshot>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i] == b[i]) << "snapshot " << i;
}

TEST(NetworkTest, PromisedNoFailuresUnobservedMessagesCountLikeSentOnes) {
  const auto [sent, sent_events] = RunOfIdleMessages(false, /*no_failures=*/true);
  const auto [unobserved, unobserved_events] = RunOfIdleMessages(true, /*no_failures=*/true);
  ExpectSameSnapshots(sent, unobserved);
  const NetworkCounters& end = unobserved.back().counters;
  EXPECT_EQ(end.messages_sent, 300u);
  EXPECT_EQ(end.in_flight(), 0u);
  EXPECT_GT(end.lost_loss, 0u);
  EXPECT_EQ(end.delivered, 300u - end.lost_loss);
  EXPECT_EQ(sent_events - unobserved_events, end.delivered);
  // Counted at every snapshot while messages were in flight, not only at the end.
  EXPECT_GT(unobserved[4].counters.delivered, 0u);
  EXPECT_LT(unobserved[4].counters.delivered, end.delivered);
}

TEST(NetworkDeathTest, NoFailureMayComeAfterThePromise) {
  const auto promised = [](Engine& engine) {
    auto net = std::make_unique<Network>(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
    net->PromiseNoFailures();
    return net;
  };
  Engine engine;
  EXPECT_DEATH(promised(engine)->SetNodeUp(1, false), "");
  EXPECT_DEATH(promised(engine)->Partition({{0}, {1, 2}}), "");
  EXPECT_DEATH(promised(engine)->Heal(), "");
  promised(engine)->SetNodeUp(1, true);  // it is up: nothing changes
  Network late(engine, ConstantLatency(), Mesh(3), std::nullopt, 1);
  late.SendUnobserved(0, 1, 10);
  EXPECT_DEATH(late.PromiseNoFailures(), "");
}

TEST(NetworkTest, TheArrivalHintNamesEachReceiverBeforeItsDelivery) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(4), std::nullopt, 1);
  std::vector<std::string> log;
  net.set_arrival_hint([&log](NodeIndex to) { log.push_back("hint " + std::to_string(to)); });
  const auto deliver = [&log](NodeIndex to) -> Delivery {
    return [&log, to] { log.push_back("deliver " + std::to_string(to)); };
  };
  net.Send(0, 1, 100, deliver(1));
  net.Send(0, 2, 100, deliver(2));
  net.SendUnobserved(0, 3, 100);  // no event: no hint
  engine.ScheduleAt(kLatency / 2, [&log] { log.emplace_back("before"); });
  engine.Run();
  // Each delivery's hint comes while the event before it runs.
  EXPECT_EQ(log,
            (std::vector<std::string>{"hint 1", "before", "hint 2", "deliver 1", "deliver 2"}));
  EXPECT_EQ(net.counters().delivered, 3U);
}

TEST(NetworkTest, SendUnobservedCountsLikeSendButSchedulesNoEvent) {
  const auto [sent, sent_events] = RunOfIdleMessages(false);
  const auto [unobserved, unobserved_events] = RunOfIdleMessages(true);
  ExpectSameSnapshots(sent, unobserved);
  // Every kind of fate happened, and nothing is left in flight at the end.
  const NetworkCounters& end = unobserved.back().counters;
  EXPECT_EQ(end.messages_sent, 300u);
  EXPECT_EQ(end.in_flight(), 0u);
  EXPECT_GT(end.delivered, 0u);
  EXPECT_GT(end.lost_loss, 0u);
  EXPECT_GT(end.lost_partition, 0u);
  EXPECT_GT(end.lost_down, 0u);
  // The Send run ran one arrival event per message that got past the send.
  const std::uint64_t launched = end.messages_sent - end.lost_loss;
  EXPECT_GE(sent_events - unobserved_events, end.delivered);
  EXPECT_LE(sent_events - unobserved_events, launched);
}

TEST(NetworkTest, SendWithIdleUntilSkipsOnlyEarlierArrivals) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(2), std::nullopt, 1);
  Arrivals arrivals;
  net.SendIdleUntil(0, 1, 10, arrivals.Record(engine, 1), kLatency + 1);  // arrives before: idle
  EXPECT_EQ(engine.pending(), 0u);
  net.SendIdleUntil(0, 1, 10, arrivals.Record(engine, 2), kLatency);  // arrives at idle_until: runs
  EXPECT_EQ(engine.pending(), 1u);
  engine.RunUntil(kSecond);
  EXPECT_THAT(arrivals.seen, ElementsAre(std::pair<int, SimTime>{2, kLatency}));
  EXPECT_EQ(net.counters().delivered, 2u);
  EXPECT_EQ(net.counters().bytes_delivered, 20u);
  EXPECT_EQ(net.counters().in_flight(), 0u);
}

// Everything a run of sends can be told apart by: the snapshots, the
// deliveries (tag, time) in order, and the engine's event count.
struct SendRun {
  std::vector<Snapshot> snapshots;
  std::vector<std::pair<int, SimTime>> arrivals;
  std::uint64_t events = 0;
};

// How RunOfAnnouncements sends each message's copies.
enum class Sending {
  kOneByOne,       // Send, SendIdleUntil, SendUnobserved
  kLaunchDeliver,  // one LaunchEach, then a Deliver per copy it scheduled
  kLaunchPayload,  // one LaunchEach, then a DeliverPayload per copy
};

// What the payload receiver of RunOfAnnouncements writes to.
struct PayloadSink {
  Engine* engine;
  SendRun* run;
  static void Receive(void* owner, NodeIndex from, NodeIndex to, const Network::Payload& payload) {
    auto* sink = static_cast<PayloadSink*>(owner);
    // The payload is (tag, from, to): check that it came through untouched.
    EXPECT_EQ(payload[1], from);
    EXPECT_EQ(payload[2], to);
    sink->run->arrivals.emplace_back(static_cast<int>(payload[0]), sink->engine->now());
  }
};

// Every 5 ms a node sends one message to each of its three others (an
// announcement), over a Pareto latency, a limited upload, 30 % loss with two
// retransmissions, and (with `failures`) a crash, a restart, a partition and
// a heal, else PromiseNoFailures; each copy is observed, idle until some
// time, or unobserved by turns, and one sender's last upload is too big to
// end. Sent as `sending` says.
SendRun RunOfAnnouncements(Sending sending, bool failures = true) {
  Engine engine;
  NetworkConfig config = ConstantLatency(2e6, 0.0, 0.3);
  config.latency.law = LatencyLaw::kParetoMean;
  config.latency.mean = 40 * kMillisecond;
  config.retransmit_attempts = 2;
  config.retransmit_timeout = 20 * kMillisecond;
  Network net(engine, config, Mesh(4), std::nullopt, 11);
  SendRun run;
  PayloadSink sink{&engine, &run};
  net.set_receiver(&PayloadSink::Receive, &sink);
  if (failures) {
    engine.ScheduleAt(300 * kMillisecond, [&net] { net.SetNodeUp(2, false); });
    engine.ScheduleAt(450 * kMillisecond, [&net] { net.SetNodeUp(2, true); });
    engine.ScheduleAt(600 * kMillisecond, [&net] { net.Partition({{0, 1}, {2, 3}}); });
    engine.ScheduleAt(900 * kMillisecond, [&net] { net.Heal(); });
  } else {
    net.PromiseNoFailures();
  }
  for (SimTime t = 0; t <= 3000 * kMillisecond; t += 25 * kMillisecond) {
    engine.ScheduleAt(t + 1, [&net, &engine, &run] {
      Snapshot s{engine.now(), net.counters(), {}};
      for (NodeIndex n = 0; n < 4; ++n) s.upload_free_at.push_back(net.UploadFreeAt(n));
      run.snapshots.push_back(s);
    });
  }
  std::vector<Network::Launched> copies;
  for (int i = 0; i < 200; ++i) {
    engine.ScheduleAt(static_cast<SimTime>(i) * 5 * kMillisecond, [&, i] {
      const auto from = static_cast<NodeIndex>(i % 4);
      std::vector<NodeIndex> receivers;
      for (NodeIndex to = 0; to < 4; ++to) {
        if (to != from) receivers.push_back(to);
      }
      const std::size_t bytes =
          i == 190 ? std::size_t{1} << 62 : 200 + static_cast<std::size_t>(i) * 13;
      // Copy k of message i: 0 observed, 1 idle until 60 ms from now, 2 unobserved.
      const auto idle_until = [&engine, i](std::size_t k) {
        const auto mode = (static_cast<std::size_t>(i) + k) % 3;
        return mode == 0 ? SimTime{0} : mode == 1 ? engine.now() + 60 * kMillisecond : kNever;
      };
      const auto tag = [i](std::size_t k) { return i * 4 + static_cast<int>(k); };
      const auto delivery = [&run, &engine, &tag](std::size_t k) -> Delivery {
        return [&run, &engine, tag = tag(k)] { run.arrivals.emplace_back(tag, engine.now()); };
      };
      if (sending != Sending::kOneByOne) {
        std::vector<SimTime> idle;
        for (std::size_t k = 0; k < receivers.size(); ++k) idle.push_back(idle_until(k));
        net.LaunchEach(from, receivers, idle, bytes, kMillisecond, &copies);
        for (const Network::Launched& copy : copies) {
          const auto k = static_cast<std::size_t>(
              std::find(receivers.begin(), receivers.end(), copy.to) - receivers.begin());
          if (sending == Sending::kLaunchDeliver) {
            net.Deliver(from, copy, bytes, delivery(k));
          } else {
            const Network::Payload payload{static_cast<std::uint64_t>(tag(k)), from, copy.to};
            net.DeliverPayload(from, copy, bytes, payload);
          }
        }
        return;
      }
      for (std::size_t k = 0; k < receivers.size(); ++k) {
        if (idle_until(k) == kNever) {
          net.SendUnobserved(from, receivers[k], bytes, kMillisecond);
        } else if (idle_until(k) == 0) {
          net.Send(from, receivers[k], bytes, delivery(k), kMillisecond);
        } else {
          net.SendIdleUntil(from, receivers[k], bytes, delivery(k), idle_until(k), kMillisecond);
        }
      }
    });
  }
  engine.Run();
  run.events = engine.executed();
  return run;
}

void ExpectSameRuns(const SendRun& a, const SendRun& b) {
  ExpectSameSnapshots(a.snapshots, b.snapshots);
  EXPECT_EQ(a.arrivals, b.arrivals);
  EXPECT_EQ(a.events, b.events);
}

TEST(NetworkTest, LaunchEachThenDeliverIsOneSendAfterAnother) {
  const SendRun one_by_one = RunOfAnnouncements(Sending::kOneByOne);
  const SendRun together = RunOfAnnouncements(Sending::kLaunchDeliver);
  ExpectSameRuns(one_by_one, together);
  // Every fate happened: delivered, lost to loss, partition and a crash,
  // retransmitted, and never arriving (the upload that does not end).
  const NetworkCounters& end = together.snapshots.back().counters;
  EXPECT_EQ(end.messages_sent, 600u);
  EXPECT_GT(end.delivered, 0u);
  EXPECT_GT(end.lost_loss, 0u);
  EXPECT_GT(end.lost_partition, 0u);
  EXPECT_GT(end.lost_down, 0u);
  EXPECT_GT(end.retransmissions, 0u);
  EXPECT_GT(end.in_flight(), 0u);
  EXPECT_GT(together.arrivals.size(), 50u);
}

// With failures a payload waits in an in-flight record, and a crash or a
// partition loses it at arrival as it does a Delivery.
TEST(NetworkTest, DeliverPayloadIsDeliverWithFailures) {
  const SendRun delivered = RunOfAnnouncements(Sending::kLaunchDeliver);
  const SendRun payloads = RunOfAnnouncements(Sending::kLaunchPayload);
  ExpectSameRuns(delivered, payloads);
  EXPECT_GT(payloads.snapshots.back().counters.lost_down, 0u);
  EXPECT_GT(payloads.snapshots.back().counters.lost_partition, 0u);
}

// Under PromiseNoFailures the engine event carries the payload itself: the
// same arrivals, counters and events as Deliver and as one send at a time.
TEST(NetworkTest, DeliverPayloadIsDeliverWithoutFailures) {
  const SendRun one_by_one = RunOfAnnouncements(Sending::kOneByOne, /*failures=*/false);
  const SendRun delivered = RunOfAnnouncements(Sending::kLaunchDeliver, /*failures=*/false);
  const SendRun payloads = RunOfAnnouncements(Sending::kLaunchPayload, /*failures=*/false);
  ExpectSameRuns(one_by_one, payloads);
  ExpectSameRuns(delivered, payloads);
  EXPECT_GT(payloads.arrivals.size(), 50u);
  EXPECT_EQ(payloads.snapshots.back().counters.lost_down, 0u);
}

// A payload too big for the event's 32-bit size takes an in-flight record
// and is counted with its whole size.
TEST(NetworkTest, DeliverPayloadOfMoreThanFourGigabytes) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(2), std::nullopt, 1);
  net.PromiseNoFailures();
  SendRun run;
  PayloadSink sink{&engine, &run};
  net.set_receiver(&PayloadSink::Receive, &sink);
  const std::size_t bytes = std::size_t{5} << 30;
  const std::array<NodeIndex, 1> to{1};
  const std::array<SimTime, 1> idle{0};
  std::vector<Network::Launched> copies;
  net.LaunchEach(0, to, idle, bytes, 0, &copies);
  ASSERT_EQ(copies.size(), 1u);
  net.DeliverPayload(0, copies[0], bytes, Network::Payload{7, 0, 1});
  engine.Run();
  ASSERT_EQ(run.arrivals.size(), 1u);
  EXPECT_EQ(run.arrivals[0], (std::pair<int, SimTime>{7, copies[0].arrival}));
  EXPECT_EQ(net.counters().delivered, 1u);
  EXPECT_EQ(net.counters().bytes_delivered, bytes);
}

TEST(NetworkDeathTest, DeliverPayloadNeedsAReceiver) {
  Engine engine;
  Network net(engine, ConstantLatency(), Mesh(2), std::nullopt, 1);
  const Network::Launched copy{1, kMillisecond};
  EXPECT_DEATH(net.DeliverPayload(0, copy, 10, Network::Payload{}), "");
}

}  // namespace
}  // namespace chainsim::sim
