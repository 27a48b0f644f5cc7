#pragma once
// Scenario: everything one simulated run needs, as plain data with defaults.
//
// This is the in-memory form of a scenario YAML file (docs/scenario-format.md
// documents the file; sim/scenario/scenario_loader.h reads it). Every field
// has a default, so an empty file is a valid scenario. The layers of the
// simulator (network, nodes, mining, metrics) read their part of it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/chain_rules.h"
#include "core/json.h"
#include "sim/chain/ids.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

// --- network ---------------------------------------------------------------

enum class TopologyKind {
  kFullMesh,       // every pair of nodes connected
  kRing,           // i -- i+1 (mod n)
  kLine,           // i -- i+1
  kStar,           // node 0 -- every other node
  kGrid,           // 2-D lattice, `grid_columns` wide
  kRandomRegular,  // every node has exactly `degree` peers
  kErdosRenyi,     // each pair connected with `edge_probability`
  kSmallWorld,     // Watts-Strogatz: ring lattice of `degree`, rewired with `rewire_probability`
  kScaleFree,      // Barabasi-Albert preferential attachment, `attachment` edges per new node
  kEdgeList,       // exactly `edges`
  kRegions,        // the region model of a RegionTable (outbound degree from its CDF)
};

struct TopologyConfig {
  TopologyKind kind = TopologyKind::kFullMesh;
  // random-regular: peers per node; small-world: ring-lattice neighbours (even).
  int degree = 4;
  // erdos-renyi: probability of each possible edge.
  double edge_probability = 0.1;
  // small-world: probability of rewiring each lattice edge.
  double rewire_probability = 0.1;
  // scale-free: edges each new node attaches with (>= 1).
  int attachment = 2;
  // grid: columns of the lattice; 0 picks ceil(sqrt(n)).
  int grid_columns = 0;
  // edge-list: undirected peer links between node indices.
  std::vector<std::pair<NodeIndex, NodeIndex>> edges;
  // regions: a built-in table name ("bitcoin-2015", "bitcoin-2019") or a
  // path to a table file in the format of sim/scenario/regions/.
  std::string regions = "bitcoin-2015";

  bool operator==(const TopologyConfig&) const = default;
};

enum class LatencyLaw {
  kConstant,     // always `mean`
  kUniform,      // uniform in [min, max]
  kNormal,       // normal(mean, stddev), truncated at 0
  kExponential,  // exponential with mean `mean`
  kParetoMean,   // Pareto with mean `mean`: shape `shape`, or the regions rule
                 // (scale = mean - 5 ms, shape = 0.2 * mean in ms) when shape is 0
};

// One-way latency of a message over a link, drawn per message.
struct LatencyConfig {
  LatencyLaw law = LatencyLaw::kConstant;
  // constant, normal, exponential, pareto-mean: the mean; uniform: the loader
  // sets it to (min + max) / 2.
  SimTime mean = 50 * kMillisecond;
  SimTime min = 0;     // uniform
  SimTime max = 0;     // uniform
  SimTime stddev = 0;  // normal
  double shape = 0.0;  // pareto-mean; 0 = the regions rule

  bool operator==(const LatencyConfig&) const = default;
};

// `network.retransmit: true` resends a lost message up to this many times
// (Linux gives up on a TCP segment after 15 retransmissions, about 15
// minutes; 6 doublings of 1 s wait 63 s in all).
inline constexpr int kDefaultRetransmitAttempts = 6;
// The most a scenario may ask for (TCP's tcp_retries2 default is 15).
inline constexpr int kMaxRetransmitAttempts = 15;

struct NetworkConfig {
  TopologyConfig topology;
  // Latency between any two nodes; the region model uses its own table instead.
  LatencyConfig latency;
  // Per-node link capacity in bits per second; 0 means unlimited. A transfer
  // goes at min(sender's upload, receiver's download); a node sends one
  // message at a time. The region model uses its table's values instead.
  double upload_bps = 0.0;
  double download_bps = 0.0;
  // Probability that a message is lost, independently per message.
  double loss = 0.0;
  // Processing time added to each message's arrival (SimBlock charges 10 ms
  // per announcement and request and 2 ms per block): `block_processing` for
  // messages that carry blocks (a block, a chain reply), `processing` for the
  // others. Default 0: none.
  SimTime processing = 0;
  SimTime block_processing = 0;
  // Retransmission of randomly lost messages as TCP does it: a lost copy is
  // sent again after `retransmit_timeout`, doubled after each further loss,
  // up to `retransmit_attempts` times before the message counts as lost.
  // Default 0 attempts: off (a lost message is never resent).
  int retransmit_attempts = 0;
  SimTime retransmit_timeout = 1 * kSecond;

  bool operator==(const NetworkConfig&) const = default;
};

// --- mining ----------------------------------------------------------------

enum class MiningMode {
  // Each miner finds its next block after an exponential delay with rate
  // hash_rate * 16^-difficulty; a real proof is then searched from a random
  // start nonce.
  kExponential,
  // The tutorial's rule: every miner counts proofs up from 0, so a miner
  // needs (proof + 1) / hash_rate seconds for a block and the fastest miner
  // always wins.
  kRace,
};

struct MiningConfig {
  MiningMode mode = MiningMode::kExponential;
  // Mean time between blocks for the whole network; used when hash_rate is 0.
  SimTime block_interval = 10 * kSecond;
  // Hashes per second of the whole network; when > 0 the block interval is
  // 16^difficulty / hash_rate.
  double hash_rate = 0.0;
  // How many nodes mine: the first `miners` nodes; -1 means all.
  int miners = -1;
  // Relative hash power of each miner (normalised); empty means equal.
  std::vector<double> hash_shares;
  // Stop mining after this many blocks in all (0 = no limit); the run then
  // goes on until the network is quiet or the duration ends.
  std::int64_t max_blocks = 0;

  bool operator==(const MiningConfig&) const = default;
};

// --- protocols -------------------------------------------------------------

enum class ProtocolKind {
  // The tutorial's consensus: resolve asks every registered peer for its
  // whole chain and adopts the longest valid one.
  kPull,
  // Announce / request / block relay as real networks do, on the same core.
  kPush,
};

// Compact block relay for the push protocol (BIP 152 high-bandwidth mode;
// docs/consensus.md, "Compact block relay"). A node announces a block it
// accepts with a compact block (header, short transaction ids, the reward
// prefilled); a receiver whose pending pool holds every other transaction
// rebuilds the block, one that lacks some asks for them (getblocktxn) and
// gets them (blocktxn). The failure rates model what a pending pool cannot
// show (SimBlock's measured rates): a failing reconstruction asks for every
// transaction of the block.
struct CompactBlockConfig {
  // Announce with compact blocks instead of inv / getdata / block.
  bool enabled = false;
  // Bytes a compact block takes on the wire; 0: computed from the block.
  // SimBlock uses 18 kB with 535 kB blocks.
  std::size_t size = 0;
  // Share of nodes that are "churn" nodes, drawn per node from the run's
  // seed (SimBlock: 0.976); the others are "control" nodes.
  double churn_share = 0.0;
  // Probability that a control / churn node's reconstruction fails (SimBlock:
  // 0.13 and 0.27), on top of transactions its pending pool really lacks.
  double control_failure_rate = 0.0;
  double churn_failure_rate = 0.0;

  bool operator==(const CompactBlockConfig&) const = default;
};

struct ProtocolConfig {
  ProtocolKind kind = ProtocolKind::kPull;
  // pull: resolve every `resolve_interval` (0 = never on a timer).
  SimTime resolve_interval = 30 * kSecond;
  // pull: a node that mines or adopts a new block announces it to its peers,
  // who resolve when told.
  bool resolve_on_announce = true;
  // pull: a peer that has not answered a chain request by then is skipped.
  SimTime request_timeout = 5 * kSecond;
  // Bytes a block takes on the wire; 0 means its real serialized size.
  std::size_t block_wire_size = 0;
  // Put transactions of discarded blocks back in the pending list (an
  // improvement over the tutorial, which loses them). Off by default.
  bool requeue_lost_transactions = false;
  // Transaction relay (both protocols): a node forwards each transaction it
  // gets, once, to its peers, so one sent to a node that does not mine
  // reaches the miners (an improvement over the tutorial, whose nodes keep
  // them). Off by default.
  bool transaction_relay = false;
  // push: compact block relay; off by default.
  CompactBlockConfig compact_blocks;

  bool operator==(const ProtocolConfig&) const = default;
};

// --- workload and timeline ---------------------------------------------------

struct WorkloadConfig {
  // Transactions per second over the whole network, each submitted to a
  // random live node (0 = none).
  double transaction_rate = 0.0;

  bool operator==(const WorkloadConfig&) const = default;
};

// How a forging node (timeline action `forge`) falsifies the chain it sends
// in reply to a chain request (pull protocol only). It rewrites history to
// pay itself, without redoing any proof of work, and appends blocks it did
// not mine so that its chain looks longer than the honest ones.
struct ForgeryConfig {
  // The block rewritten is this many blocks below the forger's tip (0: the
  // tip itself; never below genesis).
  int depth = 2;
  // Coins the rewritten block pays the forger (an extra transaction from "0").
  std::int64_t amount = 1000;
  // Blocks appended after the forger's real tip, with proof 0 (>= 1).
  int extra_blocks = 1;

  bool operator==(const ForgeryConfig&) const = default;
};

// The actions of timeline events, one type each. kName is the action's key
// in a scenario file. Node lists are sorted, without duplicates. Adding an
// action: CONTRIBUTING.md, "Adding a timeline action".

// Split the network into named groups; messages between groups are lost.
// Nodes no group lists form one more group, "rest".
struct PartitionAction {
  static constexpr std::string_view kName = "partition";
  // Group names in name order, and each group's members (same order).
  std::vector<std::string> group_names;
  std::vector<std::vector<NodeIndex>> groups;

  bool operator==(const PartitionAction&) const = default;
};

// Remove the partition in force.
struct HealAction {
  static constexpr std::string_view kName = "heal";

  bool operator==(const HealAction&) const = default;
};

// Nodes stop: they lose their pending messages and do nothing.
struct CrashAction {
  static constexpr std::string_view kName = "crash";
  std::vector<NodeIndex> nodes;

  bool operator==(const CrashAction&) const = default;
};

// Crashed nodes come back with the chain they had.
struct RestartAction {
  static constexpr std::string_view kName = "restart";
  std::vector<NodeIndex> nodes;

  bool operator==(const RestartAction&) const = default;
};

// New nodes appear (with the next indices), register peers and catch up.
struct JoinAction {
  static constexpr std::string_view kName = "join";
  // How many nodes join (>= 1).
  int count = 1;
  // How many existing peers each registers (>= 1).
  int peers = 4;

  bool operator==(const JoinAction&) const = default;
};

// Change nodes' relative hash power.
struct HashShareAction {
  static constexpr std::string_view kName = "hash_share";
  std::vector<NodeIndex> nodes;
  // The new relative share of each node in `nodes` (>= 0).
  double share = 0.0;

  bool operator==(const HashShareAction&) const = default;
};

// Submit one transaction to a node.
struct TransactionAction {
  static constexpr std::string_view kName = "transaction";
  NodeIndex node = 0;
  // {"sender", "recipient", "amount"}.
  Json transaction;

  bool operator==(const TransactionAction&) const = default;
};

// A node starts answering chain requests with a forged chain.
struct ForgeAction {
  static constexpr std::string_view kName = "forge";
  NodeIndex node = 0;
  ForgeryConfig forgery;

  bool operator==(const ForgeAction&) const = default;
};

// A node becomes a selfish miner (Eyal & Sirer's SM1, docs/attacks.md).
struct SelfishMineAction {
  static constexpr std::string_view kName = "selfish_mine";
  NodeIndex node = 0;
  // The share of honest hash power that mines on the pool's block in a race,
  // set by the honest nodes' tie-breaking (sim/behaviour/tie_break.h); empty:
  // first-seen, so gamma emerges from where the pool sits in the network.
  std::optional<double> gamma;

  bool operator==(const SelfishMineAction&) const = default;
};

// How a double-spend attacker (timeline action `double_spend`) pays and
// races (sim/behaviour/double_spend_behaviour.h, docs/attacks.md).
struct DoubleSpendConfig {
  // z: blocks on the public chain from the payment's block up, that block
  // included, before the merchant accepts (0: it accepts unconfirmed).
  int confirmations = 6;
  // The attacker gives up when the public chain leads its branch by this
  // many blocks (>= 1).
  int give_up = 20;
  // Blocks the attacker mines on its branch before it pays (Rosenfeld
  // assumes 1); the public chain growing past the fork first restarts it.
  int premine = 0;
  // The payment's amount.
  std::int64_t amount = 1000;

  bool operator==(const DoubleSpendConfig&) const = default;
};

// A node pays a merchant and races to reverse the payment.
struct DoubleSpendAction {
  static constexpr std::string_view kName = "double_spend";
  NodeIndex node = 0;
  DoubleSpendConfig attack;

  bool operator==(const DoubleSpendAction&) const = default;
};

// How a withholding miner (timeline action `withhold`) keeps its blocks
// (sim/behaviour/withholder_behaviour.h, docs/attacks.md).
struct WithholdConfig {
  // Publish the private branch this long after the start (0: never).
  SimTime release_after = 0;

  bool operator==(const WithholdConfig&) const = default;
};

// A node keeps the blocks it mines private (and may release them later).
struct WithholdAction {
  static constexpr std::string_view kName = "withhold";
  NodeIndex node = 0;
  WithholdConfig withhold;

  bool operator==(const WithholdAction&) const = default;
};

// How an eclipse attack (timeline action `eclipse`) holds its victim
// (sim/behaviour/eclipse_behaviour.h, docs/attacks.md).
struct EclipseConfig {
  // The node whose peer slots the attackers take.
  NodeIndex victim = 0;
  // The attacker nodes (sorted, distinct, without the victim): the victim
  // registers only them while the attack lasts, and they mine privately
  // with it (an attacker without hash power serves the chain as it was at
  // the attack's start).
  std::vector<NodeIndex> attackers;
  // How long the attack lasts from when it takes hold (the victim's next
  // start, or at once if it is up); 0: until the victim's next restart.
  SimTime duration = 0;

  bool operator==(const EclipseConfig&) const = default;
};

// Attackers take every peer slot of a victim and feed it their own chain.
struct EclipseAction {
  static constexpr std::string_view kName = "eclipse";
  EclipseConfig eclipse;

  bool operator==(const EclipseAction&) const = default;
};

using TimelineAction =
    std::variant<PartitionAction, HealAction, CrashAction, RestartAction, JoinAction,
                 HashShareAction, TransactionAction, ForgeAction, SelfishMineAction,
                 DoubleSpendAction, WithholdAction, EclipseAction>;

struct TimelineEvent {
  SimTime at = 0;
  TimelineAction action;
  // Where the event stands in the scenario file (for messages); 0 if unknown.
  int line = 0;

  bool operator==(const TimelineEvent&) const = default;
};

// The action's key in a scenario file: "partition", "hash_share", ...
std::string_view ActionName(const TimelineAction& action);

// Overloaded{lambdas...}: one visitor from several lambdas, for std::visit
// over a TimelineAction (the compiler then insists that every action is
// handled).
template <typename... Lambdas>
struct Overloaded : Lambdas... {
  using Lambdas::operator()...;
};
template <typename... Lambdas>
Overloaded(Lambdas...) -> Overloaded<Lambdas...>;

// --- the whole scenario --------------------------------------------------

struct Scenario {
  std::string name = "default";
  std::string description;
  // The file it was read from ("" when not read from a file, e.g. the default
  // scenario of `chainsim run` without one).
  std::string source;
  // Master seed; every random stream of the run derives from it.
  std::uint64_t seed = 1;
  // Simulated time to run for.
  SimTime duration = 1 * kHour;
  // Nodes present at the start (joining nodes are added by the timeline).
  int nodes = 10;
  // Validity and fork-choice rules every node applies.
  ChainRules chain;
  // Epoch seconds that virtual time 0 maps to in block timestamps.
  double start_timestamp = 1795491520.0;
  MiningConfig mining;
  NetworkConfig network;
  ProtocolConfig protocol;
  WorkloadConfig workload;
  // Sorted by time; events at the same time run in file order.
  std::vector<TimelineEvent> timeline;
  // Interval of the time series of agreement and traffic.
  SimTime sample_interval = 10 * kSecond;
};

// Names as scenario files write them: "small-world", "pareto-mean",
// "exponential", "pull", "hash_share".
std::string_view Name(TopologyKind kind);
std::string_view Name(LatencyLaw law);
std::string_view Name(MiningMode mode);
std::string_view Name(ProtocolKind kind);

// Node count including every node that joins during the run.
int TotalNodes(const Scenario& scenario);

// Field-by-field equality of two scenarios, including `source` and each
// timeline event's `line`.
bool operator==(const Scenario& a, const Scenario& b);

}  // namespace chainsim::sim
