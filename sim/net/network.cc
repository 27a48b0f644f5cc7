#include "sim/net/network.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/check.h"
#include "sim/engine/free_stack.h"

namespace chainsim::sim {
namespace {

// The table of the region model, or nothing when the topology has no regions.
std::optional<RegionTable> ResolveRegions(const NetworkConfig& config,
                                          std::optional<RegionTable> regions,
                                          const Topology& topology) {
  if (topology.region.empty()) return std::nullopt;
  if (!regions) regions = LoadRegionTable(config.topology.regions);
  for (const int r : topology.region) CHAINSIM_CHECK(r >= 0 && r < regions->region_count());
  return regions;
}

const NetworkConfig& Validated(const NetworkConfig& config) {
  CHAINSIM_CHECK(config.upload_bps >= 0.0 && config.download_bps >= 0.0);
  CHAINSIM_CHECK(config.loss >= 0.0 && config.loss <= 1.0);
  return config;
}

}  // namespace

LatencyModel Network::MakeLatencyModel(const NetworkConfig& config,
                                       const std::optional<RegionTable>& regions,
                                       const Topology& topology) {
  if (regions) return LatencyModel(*regions, &topology.region);
  return LatencyModel(config.latency);
}

Network::Network(Engine& engine, const NetworkConfig& config, Topology topology,
                 std::optional<RegionTable> regions, std::uint64_t master_seed)
    : engine_(engine),
      config_(Validated(config)),
      regions_(ResolveRegions(config, std::move(regions), topology)),
      topology_(std::move(topology)),
      latency_(MakeLatencyModel(config_, regions_, topology_)),
      latency_sampler_(&latency_, StreamFor(master_seed, "latency")),
      loss_rng_(StreamFor(master_seed, "loss")),
      join_rng_(StreamFor(master_seed, "join")) {
  if (regions_) {
    for (int r = 0; r < regions_->region_count(); ++r) {
      const auto i = static_cast<std::size_t>(r);
      rates_by_region_.push_back(
          Rates{regions_->upload_mbit[i] * 1e6, regions_->download_mbit[i] * 1e6});
    }
  } else {
    config_rates_ = Rates{config_.upload_bps, config_.download_bps};
  }
  nodes_.reserve(topology_.peers.size());
  for (std::size_t i = 0; i < topology_.peers.size(); ++i) {
    nodes_.push_back(MakeNodeState());
    upload_free_at_.push_back(engine_.now());
  }
  partition_history_.emplace_back();
}

std::unique_ptr<Network> Network::Create(Engine& engine, const NetworkConfig& config,
                                         int node_count, std::uint64_t master_seed) {
  std::optional<RegionTable> regions;
  if (config.topology.kind == TopologyKind::kRegions) {
    regions = LoadRegionTable(config.topology.regions);
  }
  Topology topology = StartTopology(config, node_count, master_seed, regions ? &*regions : nullptr);
  return std::make_unique<Network>(engine, config, std::move(topology), std::move(regions),
                                   master_seed);
}

Topology Network::StartTopology(const NetworkConfig& config, int node_count,
                                std::uint64_t master_seed, const RegionTable* regions) {
  Random topology_rng = StreamFor(master_seed, "topology");
  return BuildTopology(config.topology, node_count, topology_rng, regions);
}

Network::NodeState Network::MakeNodeState() const {
  NodeState s;
  s.group = partition_history_.empty() ? 0 : partition_history_.back().rest;
  return s;
}

SimTime Network::TransmissionTime(NodeIndex from, NodeIndex to, std::size_t bytes) const {
  const double up = RatesOf(from).upload_bps;
  const double down = RatesOf(to).download_bps;
  double rate;
  if (up > 0.0 && down > 0.0) {
    rate = std::min(up, down);
  } else {
    rate = std::max(up, down);  // the limited side, or 0 if none is
  }
  if (rate <= 0.0 || bytes == 0) return 0;
  const double seconds = static_cast<double>(bytes) * 8.0 / rate;
  if (!(seconds < static_cast<double>(kLatestUpload) / kSecond)) return kNever;
  return FromSeconds(seconds);
}

SimTime Network::Launch(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing) {
  const SimTime departed = Depart(from, to, bytes, processing);
  return departed == kNever ? kNever : departed + latency_sampler_.Sample(from, to);
}

void Network::LaunchEach(NodeIndex from, std::span<const NodeIndex> receivers,
                         std::span<const SimTime> idle_until, std::size_t bytes, SimTime processing,
                         std::vector<Launched>* scheduled) {
  CHAINSIM_CHECK(idle_until.size() == receivers.size());
  scheduled->clear();
  departed_.clear();
  drawing_.clear();
  for (const NodeIndex to : receivers) {
    const SimTime departed = Depart(from, to, bytes, processing);
    departed_.push_back(departed);
    if (departed != kNever) drawing_.push_back(to);
  }
  latencies_.resize(drawing_.size());
  latency_sampler_.SampleEach(from, drawing_, latencies_);
  std::size_t next = 0;
  for (std::size_t i = 0; i < receivers.size(); ++i) {
    if (departed_[i] == kNever) continue;  // dropped or lost at send
    const SimTime arrival = departed_[i] + latencies_[next++];
    if (!RecordIfIdle(from, receivers[i], bytes, arrival, idle_until[i])) {
      scheduled->push_back(Launched{receivers[i], arrival});
    }
  }
}

SimTime Network::Depart(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing) {
  CHAINSIM_CHECK(from < nodes_.size() && to < nodes_.size());
  ++counters_.messages_sent;
  counters_.bytes_sent += bytes;
  SimTime& upload_free_at = upload_free_at_[from];
  if (!quiet_) {  // else every node is up, in one group
    const NodeState& sender = nodes_[from];
    const NodeState& receiver = nodes_[to];
    if (!sender.up || !receiver.up) {
      ++counters_.lost_down;
      return kNever;
    }
    if (sender.group != receiver.group) {
      ++counters_.lost_partition;
      return kNever;
    }
  }
  const SimTime now = engine_.now();
  const SimTime start = std::max(now, upload_free_at);
  const SimTime transmission = TransmissionTime(from, to, bytes);
  if (transmission > kLatestUpload - start) {
    // The upload would end past the end of virtual time (an absurd size or
    // rate): the message never arrives, and the sender's upload stays busy.
    upload_free_at = kLatestUpload;
    return kNever;
  }
  const SimTime uploaded = start + transmission;
  upload_free_at = uploaded;
  SimTime wait = 0;
  if (config_.loss > 0.0 && loss_rng_.Bernoulli(config_.loss)) {
    wait = config_.retransmit_attempts > 0 ? RetransmitWait() : kNever;
    if (wait == kNever || wait > kLatestUpload - uploaded - processing) {
      ++counters_.lost_loss;
      return kNever;
    }
  }
  return uploaded + wait + processing;
}

SimTime Network::RetransmitWait() {
  SimTime wait = 0;
  SimTime timeout = config_.retransmit_timeout;
  for (int attempt = 1; attempt <= config_.retransmit_attempts; ++attempt) {
    if (timeout > kLatestUpload - wait) return kNever;  // past the end of virtual time
    wait += timeout;
    timeout = timeout > kLatestUpload / 2 ? kLatestUpload : 2 * timeout;
    ++counters_.retransmissions;
    if (!loss_rng_.Bernoulli(config_.loss)) return wait;
  }
  return kNever;
}

void Network::Send(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
                   SimTime processing) {
  CHAINSIM_CHECK(static_cast<bool>(on_delivery));
  const SimTime arrival = Launch(from, to, bytes, processing);
  if (arrival != kNever) Schedule(from, to, bytes, std::move(on_delivery), arrival);
}

void Network::SendIdleUntil(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
                            SimTime idle_until, SimTime processing) {
  CHAINSIM_CHECK(static_cast<bool>(on_delivery));
  const SimTime arrival = Launch(from, to, bytes, processing);
  if (arrival == kNever || RecordIfIdle(from, to, bytes, arrival, idle_until)) return;
  Schedule(from, to, bytes, std::move(on_delivery), arrival);
}

void Network::SendUnobserved(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing) {
  const SimTime arrival = Launch(from, to, bytes, processing);
  if (arrival != kNever) Record(from, to, bytes, arrival);
}

void Network::Deliver(NodeIndex from, const Launched& copy, std::size_t bytes,
                      Delivery on_delivery) {
  CHAINSIM_CHECK(static_cast<bool>(on_delivery));
  Schedule(from, copy.to, bytes, std::move(on_delivery), copy.arrival);
}

void Network::DeliverPayload(NodeIndex from, const Launched& copy, std::size_t bytes,
                             const Payload& payload) {
  CHAINSIM_CHECK(receiver_ != nullptr);
  if (no_failures_ && bytes <= std::numeric_limits<std::uint32_t>::max()) {
    // Nothing can be lost at arrival: nothing of step 5 to keep.
    engine_.ScheduleAt(copy.arrival, PayloadArrival{this, from, copy.to,
                                                    static_cast<std::uint32_t>(bytes), payload});
    return;
  }
  Schedule(
      from, copy.to, bytes,
      [this, from, to = copy.to, payload] { receiver_(receiver_owner_, from, to, payload); },
      copy.arrival);
}

bool Network::RecordIfIdle(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime arrival,
                           SimTime idle_until) {
  // idle_until kNever: arrival < idle_until always (as SendUnobserved).
  if (arrival >= idle_until || bytes > kMaxUnobservedBytes) return false;
  Record(from, to, bytes, arrival);
  return true;
}

void Network::Schedule(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
                       SimTime arrival) {
  std::uint32_t slot;
  if (!free_in_flight_.empty()) {
    slot = free_in_flight_.back();
    free_in_flight_.pop_back();
    // The next message's record, freed maybe long ago: load it meanwhile.
    if (!free_in_flight_.empty()) __builtin_prefetch(&in_flight_[free_in_flight_.back()], 1);
  } else {
    CHAINSIM_CHECK(in_flight_.size() < kSlotLimit);
    ReserveFreeStack(free_in_flight_, in_flight_.size());  // Arrive never allocates
    slot = static_cast<std::uint32_t>(in_flight_.size());
    in_flight_.emplace_back();
  }
  InFlight& m = in_flight_[slot];
  m.on_delivery = std::move(on_delivery);
  m.bytes = bytes;
  m.from = from;
  m.to = to;
  m.from_epoch = nodes_[from].crash_epoch;
  m.to_epoch = nodes_[to].crash_epoch;
  m.partition_epoch = static_cast<std::uint32_t>(partition_history_.size() - 1);
  engine_.ScheduleAt(arrival, ArrivalEvent{this, slot, to});
}

void Network::Record(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime arrival) {
  CHAINSIM_CHECK(bytes <= kMaxUnobservedBytes);
  if (unobserved_.size() >= settle_at_) {
    SettleUnobserved(/*include_now=*/false);
    settle_at_ = std::max(kMinSettleBatch, 2 * unobserved_.size());
  }
  unobserved_.push_back(Unobserved{arrival, static_cast<std::uint32_t>(bytes)});
  if (!no_failures_) {
    unobserved_ends_.push_back(
        UnobservedEnds{from, to, nodes_[from].crash_epoch, nodes_[to].crash_epoch,
                       static_cast<std::uint32_t>(partition_history_.size() - 1)});
  }
}

void Network::PromiseNoFailures() {
  CHAINSIM_CHECK(counters_.messages_sent == 0);
  no_failures_ = true;
}

bool Network::LostAtArrival(NodeIndex from, NodeIndex to, std::uint32_t from_epoch,
                            std::uint32_t to_epoch, std::uint32_t partition_epoch) const {
  // Nobody went down and no partition was made: both nodes are as they were
  // when the message was launched (up, same group, same epochs).
  if (quiet_) return false;
  const bool crashed = nodes_[from].crash_epoch != from_epoch || nodes_[to].crash_epoch != to_epoch;
  if (crashed || !nodes_[from].up || !nodes_[to].up) {
    ++counters_.lost_down;
    return true;
  }
  for (std::size_t e = partition_epoch + 1u; e < partition_history_.size(); ++e) {
    if (partition_history_[e].GroupOf(from) != partition_history_[e].GroupOf(to)) {
      ++counters_.lost_partition;
      return true;
    }
  }
  return false;
}

void Network::SettleUnobserved(bool include_now) const {
  // The latest arrival time settled now (arrivals are >= 0: at time 0,
  // without include_now, none).
  const SimTime last_arrival = include_now ? engine_.now() : engine_.now() - 1;
  // Counted in locals and added once: a record's store may alias counters_
  // (int64 and uint64 fields), which would keep each count in memory.
  std::uint64_t delivered = 0;
  std::uint64_t bytes_delivered = 0;
  std::size_t kept = 0;
  if (no_failures_) {  // every message arrives
    // Without branches: the records are in send order, not arrival order,
    // so whether one stays is a coin toss to the branch predictor.
    for (const Unobserved& m : unobserved_) {
      const bool later = m.arrival > last_arrival;
      unobserved_[kept] = m;  // kept <= the index of m
      kept += later ? 1 : 0;
      delivered += later ? 0 : 1;
      bytes_delivered += later ? 0 : m.bytes;
    }
  } else {
    for (std::size_t i = 0; i < unobserved_.size(); ++i) {
      const Unobserved& m = unobserved_[i];
      const UnobservedEnds& ends = unobserved_ends_[i];
      if (m.arrival > last_arrival) {
        unobserved_ends_[kept] = ends;
        unobserved_[kept++] = m;
      } else if (!LostAtArrival(ends.from, ends.to, ends.from_epoch, ends.to_epoch,
                                ends.partition_epoch)) {
        ++delivered;
        bytes_delivered += m.bytes;
      }
    }
    unobserved_ends_.resize(kept);
  }
  counters_.delivered += delivered;
  counters_.bytes_delivered += bytes_delivered;
  unobserved_.resize(kept);
}

void Network::Arrive(std::uint32_t slot) {
  // Take the message out first: the delivery may Send, which may grow the pool.
  InFlight& m = in_flight_[slot];
  Delivery deliver = std::move(m.on_delivery);
  const std::size_t bytes = m.bytes;
  const bool lost = LostAtArrival(m.from, m.to, m.from_epoch, m.to_epoch, m.partition_epoch);
  free_in_flight_.push_back(slot);
  if (lost) return;
  ++counters_.delivered;
  counters_.bytes_delivered += bytes;
  deliver();
}

void Network::ArrivePayload(const PayloadArrival& arrival) {
  ++counters_.delivered;
  counters_.bytes_delivered += arrival.bytes;
  receiver_(receiver_owner_, arrival.from, arrival.to, arrival.payload);
}

void Network::PrefetchArrival(std::uint32_t slot, NodeIndex to) const {
  const InFlight* m = &in_flight_[slot];
  __builtin_prefetch(m);
  __builtin_prefetch(reinterpret_cast<const char*>(m + 1) - 1);  // its last byte's line
  if (!quiet_) __builtin_prefetch(&nodes_[to]);  // the sender's is read too, less often cold
  if (arrival_hint_) arrival_hint_(to);
}

void Network::SetPartitionState(PartitionState state) {
  CHAINSIM_CHECK(!no_failures_);
  SettleUnobserved(/*include_now=*/false);
  quiet_ = false;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    nodes_[i].group = state.GroupOf(static_cast<NodeIndex>(i));
  }
  partition_history_.push_back(std::move(state));
}

void Network::Partition(const std::vector<std::vector<NodeIndex>>& groups) {
  const auto rest = static_cast<std::uint32_t>(groups.size());
  PartitionState state;
  state.rest = rest;
  state.group.assign(nodes_.size(), rest);
  for (std::uint32_t g = 0; g < groups.size(); ++g) {
    for (NodeIndex node : groups[g]) {
      CHAINSIM_CHECK(node < nodes_.size() && state.group[node] == rest);
      state.group[node] = g;
    }
  }
  SetPartitionState(std::move(state));
  partitioned_ = true;
}

void Network::Heal() {
  SetPartitionState(PartitionState{});
  partitioned_ = false;
}

void Network::SetNodeUp(NodeIndex node, bool up) {
  CHAINSIM_CHECK(node < nodes_.size());
  NodeState& s = nodes_[node];
  if (s.up == up) return;
  CHAINSIM_CHECK(!no_failures_);  // a node is up until it goes down
  SettleUnobserved(/*include_now=*/false);
  s.up = up;
  if (!up) {
    quiet_ = false;
    ++s.crash_epoch;
    upload_free_at_[node] = engine_.now();  // the queue is gone
  } else {
    upload_free_at_[node] = std::max(upload_free_at_[node], engine_.now());
  }
}

NodeIndex Network::AddNode(int peers) {
  CHAINSIM_CHECK(peers >= 0);
  const auto node = static_cast<NodeIndex>(nodes_.size());
  AddJoiningNode(topology_, node, peers, join_rng_, regions());
  nodes_.push_back(MakeNodeState());
  upload_free_at_.push_back(engine_.now());
  return node;
}

}  // namespace chainsim::sim
