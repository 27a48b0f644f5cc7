#pragma once
// Simulation: one run of a scenario, from its YAML data to its summary.
//
// It builds the world (engine, network, nodes holding core blockchains, the
// behaviour that runs each node, the miners, the workload and the
// timeline), runs it in virtual time, and measures it. It is the NodeHost
// of every behaviour (sim/behaviour/node_host.h): their messages go over its
// network, their timers on its engine, and every chain change of every node
// passes through Adopt (or OnBlockFound for a node's own block), which keeps
// the block tree, the metrics, the miners and the behaviour consistent. At
// the end every node's chain is checked with valid_chain.
//
// Determinism: everything random derives from scenario.seed; the same
// scenario and seed give the same run, event for event.
// Thread safety: none; a Simulation is driven by one thread.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/link_cache.h"
#include "sim/behaviour/node_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/behaviour/pull_behaviour.h"
#include "sim/behaviour/push_behaviour.h"
#include "sim/behaviour/tie_break.h"
#include "sim/chain/block_tree.h"
#include "sim/chain/branch_checker.h"
#include "sim/engine/engine.h"
#include "sim/metrics/run_metrics.h"
#include "sim/metrics/run_summary.h"
#include "sim/net/network.h"
#include "sim/node/mining_scheduler.h"
#include "sim/node/peer_table.h"
#include "sim/node/sim_node.h"
#include "sim/node/tip_table.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// Observes a run as it happens (the narration of the CLI, tests).
class RunObserver {
 public:
  virtual ~RunObserver() = default;
  virtual void OnBlockMined(SimTime now, NodeIndex miner, BlockId block) {
    (void)now, (void)miner, (void)block;
  }
  virtual void OnTipSwitched(SimTime now, const ReorgRecord& reorg) { (void)now, (void)reorg; }
  virtual void OnTimeline(SimTime now, const TimelineEvent& event) { (void)now, (void)event; }
  virtual void OnAgreement(SimTime now, BlockId tip) { (void)now, (void)tip; }
  // `node`'s tip moved from `old_tip` to `new_tip`: any change, its own block
  // mined, an extension or a switch (OnTipSwitched tells the switches that
  // discarded blocks, after this call).
  virtual void OnTipChanged(SimTime now, NodeIndex node, BlockId old_tip, BlockId new_tip) {
    (void)now, (void)node, (void)old_tip, (void)new_tip;
  }
  // `node` came up (restart, join) or went down (crash).
  virtual void OnNodeUp(SimTime now, NodeIndex node, bool up) { (void)now, (void)node, (void)up; }
  // `node`'s pending transactions changed (a submission, a requeue, or its
  // own block took them); read them from the node.
  virtual void OnPendingChanged(SimTime now, NodeIndex node) { (void)now, (void)node; }
  // `node` turned down `peer`'s longer chain of `length` blocks: valid_chain
  // fails, for `reason`.
  virtual void OnChainRejected(SimTime now, NodeIndex node, NodeIndex peer, std::size_t length,
                               const std::string& reason) {
    (void)now, (void)node, (void)peer, (void)length, (void)reason;
  }
  // An adversary took a step of its attack (`event.at` is `now`).
  virtual void OnAttack(SimTime now, const AttackEvent& event) { (void)now, (void)event; }
};

class Simulation final : public NodeHost {
 public:
  // Builds the world of `scenario` at virtual time 0. REQUIRES: a scenario
  // the loader accepted (sim/scenario/scenario_loader.h), or one that meets
  // the same checks. Throws ScenarioError only when the network cannot be
  // built after all (Network::Create: a random-regular graph not found, a
  // region table file no longer readable).
  explicit Simulation(Scenario scenario);
  ~Simulation() override;

  // Optional; must outlive the run.
  void set_observer(RunObserver* observer) { observer_ = observer; }

  // Runs until virtual time `until` (the scenario's duration when kNever),
  // then takes the final time-series sample. Same as RunUntil + Finish.
  void Run(SimTime until = kNever);
  // Runs until virtual time `until` (may be called repeatedly with growing
  // times, e.g. to report progress between calls; adds no events).
  void RunUntil(SimTime until);
  // Ends the run at the current time: takes the final time-series sample.
  void Finish();
  // The time the run ends at: the scenario's duration.
  SimTime end_time() const { return scenario_.duration; }

  // The summary of the run so far, with the final checks (valid_chain on
  // every node, transaction accounting).
  RunSummary Summarize() const;

  // NodeHost
  SimTime Now() const override { return engine_.now(); }
  double EpochNow() const override { return scenario_.start_timestamp + ToSeconds(engine_.now()); }
  TimerId SetTimer(SimTime delay, Callback on_fire) override;
  void CancelTimer(TimerId timer) override { engine_.Cancel(timer); }
  void Send(NodeIndex from, NodeIndex to, Message message) override;
  void SendEach(NodeIndex from, std::span<const NodeIndex> to, const Message& message,
                NodeIndex except) override;
  Random NewStream(std::string_view purpose, std::uint64_t index) const override;
  bool IsUp(NodeIndex node) const override { return nodes_[node].up; }
  std::span<const NodeIndex> Peers(NodeIndex node) const override { return peers_.Of(node); }
  void SetPeers(NodeIndex node, std::span<const NodeIndex> peers) override;
  void RestorePeers(NodeIndex node) override;
  BlockId Tip(NodeIndex node) const override { return tips_.Tip(node); }
  Blockchain State(NodeIndex node) const override;
  std::shared_ptr<const Chain> Snapshot(NodeIndex node) override {
    return tips_.Snapshot(node, tree_);
  }
  ResolveDecision ChooseChain(NodeIndex node, std::span<const Chain* const> candidates) override;
  ResolveDecision ChooseReply(NodeIndex node, std::span<const Message* const> replies) override;
  void Adopt(NodeIndex node, BlockId tip, SwitchCause cause, const Chain* chain) override;
  const BlockTree& Blocks() const override { return tree_; }
  bool LinkValid(BlockId block) override { return branches_.LinkValid(block); }
  std::size_t MissingTransactions(NodeIndex node, BlockId block) const override;
  // Messages sent and their bytes, per kind (index: MessageKind), whatever
  // became of them (docs/metrics.md).
  const std::array<std::uint64_t, kMessageKinds>& messages_by_kind() const {
    return messages_by_kind_;
  }
  const std::array<std::uint64_t, kMessageKinds>& bytes_by_kind() const { return bytes_by_kind_; }
  void Received(NodeIndex node, BlockId block) override {
    metrics_.OnReceived(node, block, engine_.now());
  }
  void ReceivedChain(NodeIndex node, const Message& reply) override;
  void Count(BehaviourCounter counter, std::uint64_t n) override;
  void ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                     const std::string& reason) override;
  void ReportAttack(AttackEvent event) override;
  void BroadcastTransaction(NodeIndex from, Json transaction) override;
  void AddPending(NodeIndex node, TransactionId transaction) override;
  std::vector<TransactionId> PendingTransactions(NodeIndex node,
                                                 std::size_t max_bytes) const override;

  const Scenario& scenario() const { return scenario_; }
  Engine& engine() { return engine_; }
  const BlockTree& tree() const { return tree_; }
  const RunMetrics& metrics() const { return metrics_; }
  const Network& network() const { return *network_; }
  const SimNode& node(NodeIndex index) const { return nodes_[index]; }
  // `index`'s chain, built from the tree (O(length): for reports and tests).
  Chain ChainOf(NodeIndex index) const { return tree_.ChainTo(tips_.Tip(index)); }
  int node_count() const { return static_cast<int>(nodes_.size()); }
  const std::vector<std::string>& submitted_transactions() const { return submitted_; }
  // Hashes per second `node` mines with now (0 for non-miners).
  double hash_rate(NodeIndex node) const { return mining_->HashRate(node); }

 private:
  void RegisterPeers(NodeIndex node);
  void BringUp(NodeIndex node, bool catch_up);
  void OnBlockFound(NodeIndex miner);
  std::int64_t RaceProof(NodeIndex node);
  void SubmitTransaction(NodeIndex node, Json transaction);
  void ScheduleWorkload();
  void ScheduleSample();
  void ApplyTimeline(const TimelineEvent& event);
  // `node`'s tip moved from `old_tip` (its chain already changed): tells the
  // metrics, the observer (with OnPendingChanged if `pending_changed`) and
  // the miner.
  void TipMoved(NodeIndex node, BlockId old_tip, SwitchCause cause, bool pending_changed);
  // Hands `node` to a new forger wrapping the run's protocol behaviour.
  void Forge(NodeIndex node, const ForgeryConfig& config);
  // Hands the victim and the attackers of `config` to a new eclipse
  // behaviour wrapping the run's protocol behaviour.
  void Eclipse(const EclipseConfig& config);
  // Hands `node` to `behaviour` (an adversary): its current behaviour gets
  // OnHandedOver, every later event of the node goes to the new one, and
  // the new one gets OnStart if the node is up (else when it restarts).
  void HandOver(NodeIndex node, std::unique_ptr<NodeBehaviour> behaviour);
  // The honest nodes break ties with gamma against `attacker`'s blocks
  // (TieBreak, sim/behaviour/tie_break.h).
  void SetTieBreak(NodeIndex attacker, double gamma);
  // The behaviour running `node`.
  NodeBehaviour* BehaviourOf(NodeIndex node) const {
    return sole_behaviour_ != nullptr ? sole_behaviour_ : behaviour_of_[node];
  }
  // Bytes of `message` on the wire.
  std::size_t WireBytes(const Message& message) const {
    const std::size_t fixed = FixedWireBytes(message.kind);
    return fixed > 0 ? fixed : PayloadBytes(message);
  }
  // Bytes of a kBlock or kChainReply: what it carries, serialized.
  std::size_t PayloadBytes(const Message& message) const;
  // The sizes compact block relay needs of a block (kept per block, made on
  // first use): its wire size without its transactions' bytes, its
  // transactions other than the reward, their bytes, and the reward's.
  struct CompactSizes {
    std::size_t header = 0;
    std::size_t transactions = 0;
    std::size_t transaction_bytes = 0;
    std::size_t reward_bytes = 0;
  };
  const CompactSizes& CompactSizesOf(BlockId block) const;
  // What `to` does when `message` from `from` arrives: its behaviour's
  // OnMessage, with the message (and its chain) held until then.
  // REQUIRES: a message with a chain (the others travel as payloads).
  Delivery DeliveryOf(NodeIndex from, NodeIndex to, const Message& message);
  // A message without a chain as the network carries it (Network::Payload),
  // and back: Receive is the network's receiver, the same as DeliveryOf's
  // callback for such a message. REQUIRES: message.chain null.
  static Network::Payload ToPayload(const Message& message);
  static void Receive(void* simulation, NodeIndex from, NodeIndex to,
                      const Network::Payload& payload);

  Scenario scenario_;
  Engine engine_;
  std::unique_ptr<Network> network_;
  BlockTree tree_;
  RunMetrics metrics_;
  std::vector<SimNode> nodes_;
  // Per node, apart from nodes_ (sim/node/sim_node.h): its tip in tree_,
  TipTable tips_;
  // and its registered peers as node indices, in registration order:
  // appended exactly when core registers an address as new in the node's
  // `registered` list (the simulator sends to indices).
  PeerTable peers_;
  // Every behaviour of the run; [0] is the scenario's protocol, which every
  // node runs at the start.
  std::vector<std::unique_ptr<NodeBehaviour>> behaviours_;
  std::vector<NodeBehaviour*> behaviour_of_;  // per node: the behaviour running it
  // While every node runs the same behaviour, that one (else null): spares
  // the relay's hot path a lookup in behaviour_of_ per message.
  NodeBehaviour* sole_behaviour_ = nullptr;
  // behaviours_[0] as what it is (the other is null): the tie-breaking rule
  // is set on it.
  PullBehaviour* pull_ = nullptr;
  PushBehaviour* push_ = nullptr;
  std::unique_ptr<TieBreak> tie_break_;  // set by an explicit gamma
  std::unique_ptr<MiningScheduler> mining_;
  Random workload_rng_;
  LinkCache link_cache_;  // for chains sent as vectors (a forger's reply)
  // Validity of every branch of tree_, kept per block. A cache of immutable
  // facts, so filling it from const methods (Summarize) is safe.
  mutable BranchChecker branches_;
  std::vector<std::int64_t> race_proofs_;  // per block: first valid proof from 0, -1 unknown
  std::vector<std::string> submitted_;     // canonical JSON of each submitted transaction
  // With transaction relay: the run's distinct submitted transactions, by
  // TransactionId, with their canonical JSON's size, and the id of each.
  struct RelayedTransaction {
    Json json;
    std::size_t canonical_bytes;
  };
  std::vector<RelayedTransaction> transactions_;
  // With transaction relay: per TransactionId, the blocks of the tree that
  // carry it, so that a relayed copy is not queued by a node whose chain
  // already holds it (a catch-up may bring one: AddPending).
  std::vector<std::vector<BlockId>> carried_by_;
  std::unordered_map<std::string, TransactionId> transaction_ids_;
  // Per MessageKind: the network's processing time for it (the scenario's
  // network.processing, block_processing for messages carrying blocks).
  std::array<SimTime, kMessageKinds> processing_{};
  std::array<std::uint64_t, kMessageKinds> messages_by_kind_{};
  std::array<std::uint64_t, kMessageKinds> bytes_by_kind_{};
  // SendEach's scratch: the receivers of a message, their idle_until, the
  // copies that need an event; `sending_` while SendEach uses them (it must
  // not be re-entered).
  std::vector<NodeIndex> receivers_;
  std::vector<SimTime> idle_until_;
  std::vector<Network::Launched> scheduled_;
  bool sending_ = false;
  mutable std::vector<CompactSizes> compact_sizes_;  // by BlockId, grown on use
  mutable std::vector<bool> compact_sized_;
  std::uint64_t requeued_ = 0;
  std::uint64_t chains_rejected_ = 0;  // NodeHost::ChainRejected calls
  ProtocolTally protocol_tally_;       // NodeHost::Count calls
  RunObserver* observer_ = nullptr;
};

}  // namespace chainsim::sim
