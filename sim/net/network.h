#pragma once
// Network: the links between simulated nodes. It carries messages from one
// node to another through the Engine, with bandwidth, one upload at a time
// per node, a latency law, random loss, partitions and crashed nodes.
//
// Message model, per Send(from, to, bytes, on_delivery):
//   1. Dropped at once (no upload) if `from` or `to` is down (counted
//      lost_down) or they are in different partition groups (lost_partition).
//   2. Upload: each node sends one message at a time, first in first out.
//      The message starts when the sender's previous upload has finished (or
//      now) and takes bytes * 8 / rate seconds, rate = min(sender's upload,
//      receiver's download) in bits/s, an unlimited (0) side not counting;
//      both unlimited: no upload time. The region model takes the rates of
//      the nodes' regions in its RegionTable.
//   3. Loss: with probability `loss` the message is lost (lost_loss). Drawn
//      at send from the loss stream, so the outcome does not depend on what
//      else happens; a lost message still uses its sender's upload time.
//      With retransmission (config retransmit_attempts > 0) a lost copy is
//      sent again retransmit_timeout later, the wait doubling after each
//      further loss (loss drawn again for each copy), as TCP does; after
//      retransmit_attempts lost copies the message is lost. The copies take
//      no more upload time (a simplification: the sender's queue is not
//      charged again) and each counts in `retransmissions`.
//   4. Propagation: a latency drawn per message (LatencyModel) and the
//      `processing` time the caller gives (a receiver's work, 0 by default)
//      are added to the end of the upload (and the retransmission waits);
//      on_delivery runs at that arrival time. An
//      upload that would end after kLatestUpload (absurd sizes or rates)
//      never ends: the message never arrives (it stays in flight) and the
//      sender's upload stays busy for good.
//   5. At arrival the message is dropped instead if either endpoint is down
//      or has crashed since the send, even if it has restarted (lost_down:
//      a crash loses the node's upload queue and everything in flight to or
//      from it), or if the endpoints were in different groups of any
//      partition in force at some moment between send and arrival
//      (lost_partition).
// A dropped message's on_delivery is destroyed without being called.
// SendUnobserved is Send for a message whose arrival does nothing (an
// announcement of a block the receiver already holds): the same steps 1-4
// and counters, but no engine event; its fate at arrival (step 5) is
// settled later (see SendUnobserved). Any node may send to any node: the
// topology says whom a node knows as a peer (for the protocols), the
// network does not enforce it.
//
// Randomness: streams derived from the master seed: "latency" and "loss"
// (and "topology" for Create, "join" for AddNode); same seed, same run.
// Cost: Send and delivery allocate nothing in steady state (the message
// waits in a reused slot; the engine event is an ArrivalEvent {this, slot,
// receiver}, whose hint loads the slot and the receiver's state first).
// DeliverPayload after PromiseNoFailures needs no in-flight record: the
// engine event carries the message (PayloadArrival, 48 bytes, inline).
// SendUnobserved costs no event: a 16-byte record (its arrival and size),
// settled in batches, and 20 bytes more (its endpoints and epochs, to judge
// step 5) unless the owner promised no failures (PromiseNoFailures).
// Ownership: the Network refers to the Engine, which must outlive it; the
// Network must outlive every event it scheduled or the engine's run.
// Thread safety: none (one Engine, one thread).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "sim/engine/callback.h"
#include "sim/engine/engine.h"
#include "sim/engine/random.h"
#include "sim/net/latency_model.h"
#include "sim/net/topology.h"
#include "sim/scenario/region_table.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// What the receiver does with a message; called once at arrival, or never
// if the message is lost.
using Delivery = Callback;

struct NetworkCounters {
  std::uint64_t messages_sent = 0;    // Send() calls, whatever became of them
  std::uint64_t bytes_sent = 0;       // their bytes
  std::uint64_t delivered = 0;        // on_delivery called
  std::uint64_t bytes_delivered = 0;  // their bytes
  std::uint64_t lost_loss = 0;        // random loss
  std::uint64_t lost_partition = 0;   // endpoints separated by a partition
  std::uint64_t lost_down = 0;        // an endpoint down or crashed meanwhile
  std::uint64_t retransmissions = 0;  // copies sent again after a random loss

  std::uint64_t lost() const { return lost_loss + lost_partition + lost_down; }
  // Sent, and neither delivered nor lost yet.
  std::uint64_t in_flight() const { return messages_sent - delivered - lost(); }
};

class Network {
 public:
  // Largest message SendUnobserved takes (its record keeps 32 bits of size).
  static constexpr std::size_t kMaxUnobservedBytes = 0xffffffffu;
  // Latest end of an upload: a latency added to it still fits in SimTime.
  static constexpr SimTime kLatestUpload = kNever - LatencyModel::kMaxLatency;

  // A network over `topology`'s nodes (all up, no partition).
  // The region model is used when topology.region is non-empty: `regions`
  // then gives the table (loaded from config.topology.regions when empty);
  // otherwise `regions` is ignored and config's latency and rates apply.
  // REQUIRES (the scenario loader checks them): a valid latency law
  // (LatencyModel), rates >= 0, loss in [0, 1], region indices inside the
  // table.
  Network(Engine& engine, const NetworkConfig& config, Topology topology,
          std::optional<RegionTable> regions, std::uint64_t master_seed);

  // Builds the topology of `node_count` nodes from config.topology with the
  // stream "topology" of `master_seed`, then the network. Same REQUIRES and
  // throws as BuildTopology and the constructor.
  static std::unique_ptr<Network> Create(Engine& engine, const NetworkConfig& config,
                                         int node_count, std::uint64_t master_seed);
  // The topology Create builds (the same draws), without the network: for
  // checks that look at the graph before a run (sim/net/graph_check.h).
  // `regions`: the region table, when the caller loaded it (else BuildTopology
  // loads it).
  static Topology StartTopology(const NetworkConfig& config, int node_count,
                                std::uint64_t master_seed, const RegionTable* regions = nullptr);

  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Sends `bytes` from `from` to `to` (model above), arriving `processing`
  // later than the network alone would bring it. REQUIRES: both are nodes
  // of this network; on_delivery non-empty; processing >= 0.
  void Send(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
            SimTime processing = 0);

  // Send with nothing to do at arrival: steps 1-4 as for Send (upload time,
  // loss and latency draws from the same streams, in the same order), but no
  // engine event is scheduled. The message counts as delivered, or lost by
  // step 5, at its arrival time; counters() includes every such message that
  // arrived at or before now(). A crash, restart, partition or heal at
  // exactly its arrival time is taken to come first (as a timeline event,
  // scheduled before any message, does). So a run that replaces Send(...,
  // f) by SendUnobserved when f would do nothing has the same counters and
  // events, less these messages' arrival events. REQUIRES: as Send, and
  // bytes <= kMaxUnobservedBytes.
  void SendUnobserved(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing = 0);

  // Send, for a caller that knows on_delivery would do nothing if it ran
  // before `idle_until`: a message arriving strictly before then is handled
  // as by SendUnobserved (on_delivery destroyed unused), a later one as by
  // Send. Draws and counters as for Send.
  void SendIdleUntil(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
                     SimTime idle_until, SimTime processing = 0);

  // One message sent to many receivers (an announcement to every peer) in
  // two steps, with the same draws, counters and events as SendIdleUntil to
  // each receiver in order (idle_until[i] for receivers[i]; 0: as Send,
  // kNever: as SendUnobserved), but faster:
  //   LaunchEach(from, receivers, idle_until, bytes, processing, &scheduled);
  //   for (const Launched& copy : scheduled) Deliver(from, copy, bytes, ...);
  // LaunchEach runs steps 1-4 for each receiver, in order, with the copies'
  // latency draws computed together (LatencySampler), settles here every
  // copy that arrives before its idle_until (as SendUnobserved), and
  // replaces `scheduled` by {receiver, arrival} for each of the others, in
  // order. REQUIRES: as Send, for every receiver; idle_until.size()
  // == receivers.size(); every scheduled copy delivered once, in order,
  // before anything else changes the network (a send, a crash or restart, a
  // partition or heal, a join).
  struct Launched {
    NodeIndex to = 0;
    SimTime arrival = kNever;
  };
  void LaunchEach(NodeIndex from, std::span<const NodeIndex> receivers,
                  std::span<const SimTime> idle_until, std::size_t bytes, SimTime processing,
                  std::vector<Launched>* scheduled);
  // The rest of the send of a copy LaunchEach scheduled: on_delivery runs at
  // its arrival (or never, by step 5). REQUIRES: on_delivery non-empty.
  void Deliver(NodeIndex from, const Launched& copy, std::size_t bytes, Delivery on_delivery);

  // A message's content as a few plain bytes the network carries without
  // reading them: at arrival it hands them to the owner's Receiver
  // (set_receiver), which knows what they mean.
  using Payload = std::array<std::uint64_t, 3>;
  using Receiver = void (*)(void* owner, NodeIndex from, NodeIndex to, const Payload& payload);
  // The receiver DeliverPayload's messages are handed to; `owner` is passed
  // back to it. REQUIRES: receiver non-null; set before a DeliverPayload.
  void set_receiver(Receiver receiver, void* owner) {
    receiver_ = receiver;
    receiver_owner_ = owner;
  }
  // Deliver, for a message given as a payload: at its arrival (or never, by
  // step 5) the receiver is called with (from, copy.to, payload). The same
  // events, in the same order, as Deliver; but after PromiseNoFailures the
  // engine event carries the whole message (PayloadArrival), so no in-flight
  // record is written at the send and read again at the arrival.
  // REQUIRES: set_receiver called.
  void DeliverPayload(NodeIndex from, const Launched& copy, std::size_t bytes,
                      const Payload& payload);

  // Promises that no node will go down and no partition will be made (nor
  // healed) for the rest of the network's life: the run's timeline has none.
  // Then no message can be lost at arrival (step 5), and an unobserved
  // message keeps only its arrival and size until it is settled.
  // REQUIRES: nothing sent yet. Afterwards SetNodeUp(node, false),
  // Partition and Heal fail a check.
  void PromiseNoFailures();
  bool no_failures_promised() const { return no_failures_; }

  // Splits the nodes into groups; nodes not listed form one more group
  // (so do nodes that join later). Replaces any partition in force.
  // REQUIRES: every node listed is a node of the network, listed once; no
  // PromiseNoFailures.
  void Partition(const std::vector<std::vector<NodeIndex>>& groups);
  // Ends the partition: every node can reach every node again.
  // REQUIRES: no PromiseNoFailures.
  void Heal();
  bool partitioned() const { return partitioned_; }
  // True if a message could go from a to b now (same group).
  bool SameGroup(NodeIndex a, NodeIndex b) const { return nodes_[a].group == nodes_[b].group; }

  // Crash (false) or restart (true) a node. Crashing drops its upload queue
  // and every message in flight to or from it; a restarted node starts with
  // an idle upload. Setting the current state again does nothing.
  // REQUIRES: no crash after PromiseNoFailures.
  void SetNodeUp(NodeIndex node, bool up);
  bool IsUp(NodeIndex node) const { return nodes_[node].up; }

  // A node joins: it gets the next index, links to min(peers, node_count())
  // random existing nodes (AddJoiningNode; stream "join"), a region drawn
  // from the table's shares in the region model, and is up, in the extra
  // group of a partition in force. Returns its index. REQUIRES: peers >= 0.
  NodeIndex AddNode(int peers);

  // Starts loading what a message to `node` reads of it (its region, and
  // its record once the network is not quiet) into the cache; changes
  // nothing. REQUIRES: a node of the network.
  void Prefetch(NodeIndex node) const {
    if (!quiet_) __builtin_prefetch(&nodes_[node]);
    if (!topology_.region.empty()) __builtin_prefetch(&topology_.region[node]);
  }

  // A hint the network gives shortly before it delivers a message to `to`
  // (while the engine runs an event before): the owner may start loading the
  // receiver's state into the cache. It must change nothing and must not
  // throw (it runs inside a noexcept hint). None by default.
  void set_arrival_hint(std::function<void(NodeIndex to)> hint) { arrival_hint_ = std::move(hint); }

  int node_count() const { return static_cast<int>(nodes_.size()); }
  const Topology& topology() const { return topology_; }
  const std::vector<NodeIndex>& peers(NodeIndex node) const { return topology_.peers[node]; }
  // The region table of the region model; nullptr otherwise.
  const RegionTable* regions() const { return regions_ ? &*regions_ : nullptr; }
  const LatencyModel& latency_model() const { return latency_; }
  // Includes unobserved messages that arrived by now().
  const NetworkCounters& counters() const {
    SettleUnobserved(/*include_now=*/true);
    return counters_;
  }
  Engine& engine() const { return engine_; }

  // Upload time of `bytes` from `from` to `to`, without queueing; kNever if
  // it would not end before kLatestUpload.
  SimTime TransmissionTime(NodeIndex from, NodeIndex to, std::size_t bytes) const;
  // When `node`'s upload queue is empty (<= now: idle).
  SimTime UploadFreeAt(NodeIndex node) const { return upload_free_at_[node]; }
  // Per-node link rates in bits/s (0 = unlimited).
  double UploadBps(NodeIndex node) const { return RatesOf(node).upload_bps; }
  double DownloadBps(NodeIndex node) const { return RatesOf(node).download_bps; }

 private:
  // What a message reads of its receiver (and sender) to judge steps 1 and
  // 5, in one aligned 16-byte record; read only once a node has gone down
  // or a partition was made (until then every node is up, in one group:
  // quiet_), so a send in a quiet network reads nothing of its receiver but
  // its region (docs/performance.md, issue 15). The rates are the region's
  // (or the configuration's): Rates. The sender's upload queue is apart
  // (upload_free_at_), written only by the sender's own sends.
  struct alignas(16) NodeState {
    std::uint32_t group = 0;        // partition group in force
    std::uint32_t crash_epoch = 0;  // crashes so far
    bool up = true;
  };
  static_assert(sizeof(NodeState) == 16);
  // Link rates in bits/s (0 = unlimited) of a node (RatesOf): its region's
  // in the region model (rates_by_region_, by the topology's region), else
  // the configuration's, the same for every node.
  struct Rates {
    double upload_bps = 0.0;
    double download_bps = 0.0;
  };
  // A message between its send and its arrival.
  struct InFlight {
    Delivery on_delivery;
    std::size_t bytes = 0;
    NodeIndex from = 0;
    NodeIndex to = 0;
    std::uint32_t from_epoch = 0;
    std::uint32_t to_epoch = 0;
    std::uint32_t partition_epoch = 0;
  };
  // The engine event of a message's arrival. Its hint loads the message's
  // record and the receiver's state while the event before it runs.
  struct ArrivalEvent {
    Network* network;
    std::uint32_t slot;
    NodeIndex to;
    void operator()() const { network->Arrive(slot); }
    void Prefetch() const noexcept { network->PrefetchArrival(slot, to); }
  };
  // The engine event of a payload's arrival when no message can be lost at
  // arrival (PromiseNoFailures): the message itself, in the event's own
  // storage (it fits Callback's inline bytes: no record, no allocation).
  struct PayloadArrival {
    Network* network;
    NodeIndex from;
    NodeIndex to;
    std::uint32_t bytes;
    Payload payload;
    void operator()() const { network->ArrivePayload(*this); }
    void Prefetch() const noexcept {
      if (network->arrival_hint_) network->arrival_hint_(to);
    }
  };
  static_assert(Callback::kStoredInline<PayloadArrival>);
  // The groups of one partition state (epoch); nodes past the end of
  // `group` (or all, when empty) are in group `rest`.
  struct PartitionState {
    std::vector<std::uint32_t> group;
    std::uint32_t rest = 0;
    std::uint32_t GroupOf(NodeIndex node) const { return node < group.size() ? group[node] : rest; }
  };
  // A SendUnobserved message between its send and its settlement: what
  // counting it takes, and apart (UnobservedEnds), what judging its fate
  // at arrival takes, kept only while failures may come.
  struct Unobserved {
    SimTime arrival = 0;
    std::uint32_t bytes = 0;  // <= kMaxUnobservedBytes
  };
  static_assert(sizeof(Unobserved) == 16);
  struct UnobservedEnds {
    NodeIndex from = 0;
    NodeIndex to = 0;
    std::uint32_t from_epoch = 0;
    std::uint32_t to_epoch = 0;
    std::uint32_t partition_epoch = 0;
  };
  static constexpr std::uint32_t kSlotLimit = 0xffffffffu;  // in_flight_ holds fewer

  static LatencyModel MakeLatencyModel(const NetworkConfig& config,
                                       const std::optional<RegionTable>& regions,
                                       const Topology& topology);
  NodeState MakeNodeState() const;
  const Rates& RatesOf(NodeIndex node) const {
    return rates_by_region_.empty()
               ? config_rates_
               : rates_by_region_[static_cast<std::size_t>(topology_.region[node])];
  }
  void SetPartitionState(PartitionState state);
  // Steps 1-4 of Send: counts the message and returns its arrival time, or
  // kNever when it is dropped or lost at send.
  SimTime Launch(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing);
  // Steps 1-3 of Send and the processing time: Launch's arrival less the
  // latency, or kNever. The caller draws the latency next (in send order).
  SimTime Depart(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime processing);
  // Step 3 with retransmission, after a first lost copy: the extra wait
  // before the copy that gets through, or kNever if every copy is lost.
  SimTime RetransmitWait();
  // The rest of Send and SendUnobserved for a launched message.
  void Schedule(NodeIndex from, NodeIndex to, std::size_t bytes, Delivery on_delivery,
                SimTime arrival);
  // Records a launched message unobserved (Record) when it arrives before
  // idle_until and may be; returns whether it did.
  bool RecordIfIdle(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime arrival,
                    SimTime idle_until);
  void Record(NodeIndex from, NodeIndex to, std::size_t bytes, SimTime arrival);
  // True if a message sent with these epochs fails step 5 (counted as lost).
  bool LostAtArrival(NodeIndex from, NodeIndex to, std::uint32_t from_epoch, std::uint32_t to_epoch,
                     std::uint32_t partition_epoch) const;
  void Arrive(std::uint32_t slot);
  // Counts a PayloadArrival's message delivered and hands it to the receiver.
  void ArrivePayload(const PayloadArrival& arrival);
  // ArrivalEvent's hint: the message's record, the receiver's record when
  // Arrive reads it (the sender's is read too, less often cold), and the
  // owner's arrival hint for `to`.
  void PrefetchArrival(std::uint32_t slot, NodeIndex to) const;
  // Counts the unobserved messages that arrived before now() (and at now()
  // when include_now); the state they are judged in must not have changed
  // since their arrival, so this runs before every change of it.
  void SettleUnobserved(bool include_now) const;

  Engine& engine_;
  NetworkConfig config_;
  std::optional<RegionTable> regions_;
  Topology topology_;
  LatencyModel latency_;
  LatencySampler latency_sampler_;  // stream "latency"
  // LaunchEach's scratch: per receiver its departure (kNever: dropped or
  // lost at send); the receivers that take a latency draw, their draws.
  std::vector<SimTime> departed_;
  std::vector<NodeIndex> drawing_;
  std::vector<SimTime> latencies_;
  Random loss_rng_;
  Random join_rng_;
  std::vector<NodeState> nodes_;
  Rates config_rates_;                   // every node's, without regions
  std::vector<Rates> rates_by_region_;   // the region model's, by region
  std::vector<SimTime> upload_free_at_;  // per node: when its upload queue is empty
  std::vector<InFlight> in_flight_;
  // The free records of in_flight_, last freed first (capacity() >= the
  // number of records):
  // apart from the records, so that taking one reads none of them.
  std::vector<std::uint32_t> free_in_flight_;
  // partition_history_[e]: the groups after the e-th change (0: none).
  std::vector<PartitionState> partition_history_;
  bool partitioned_ = false;
  // True until a node goes down or a partition is made: until then every
  // message that Launch let go arrives, and LostAtArrival need not read the
  // two nodes' state (a cache miss each at scale).
  bool quiet_ = true;
  // PromiseNoFailures was called.
  bool no_failures_ = false;
  // Logically const: settling moves messages from here into counters_.
  mutable std::vector<Unobserved> unobserved_;
  // unobserved_ends_[i]: unobserved_[i]'s; empty under PromiseNoFailures.
  mutable std::vector<UnobservedEnds> unobserved_ends_;
  mutable std::size_t settle_at_ = kMinSettleBatch;
  mutable NetworkCounters counters_;
  std::function<void(NodeIndex)> arrival_hint_;
  Receiver receiver_ = nullptr;
  void* receiver_owner_ = nullptr;
  static constexpr std::size_t kMinSettleBatch = 4096;
};

}  // namespace chainsim::sim
