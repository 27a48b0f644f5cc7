#include "sim/node/simulation.h"

#include <algorithm>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>

#include "core/blockchain.h"
#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/check.h"
#include "core/node_id.h"
#include "core/proof_of_work.h"
#include "core/valid_chain.h"
#include "sim/behaviour/double_spend_behaviour.h"
#include "sim/behaviour/eclipse_behaviour.h"
#include "sim/behaviour/forger_behaviour.h"
#include "sim/behaviour/selfish_miner_behaviour.h"
#include "sim/behaviour/transaction_relay_behaviour.h"
#include "sim/behaviour/withholder_behaviour.h"

namespace chainsim::sim {
namespace {

// Bytes of a /chain body around its blocks: {"chain":[...],"length":N}.
constexpr std::size_t kChainEnvelopeBytes = 24;
// Start nonces of the exponential mode are drawn below this bound.
constexpr std::uint64_t kStartNonceBound = 1'000'000'000'000ULL;

// True if the scenario's timeline has an action of one of these kinds.
template <class... Actions>
bool TimelineHasAny(const Scenario& scenario) {
  return std::any_of(scenario.timeline.begin(), scenario.timeline.end(),
                     [](const TimelineEvent& event) {
                       return (std::holds_alternative<Actions>(event.action) || ...);
                     });
}

// True if the scenario's timeline can crash a node.
bool NodesMayCrash(const Scenario& scenario) { return TimelineHasAny<CrashAction>(scenario); }

// True if the scenario's timeline can take a node down or split the network
// (a heal comes only after a partition, but counts too).
bool NetworkMayFail(const Scenario& scenario) {
  return TimelineHasAny<CrashAction, PartitionAction, HealAction>(scenario);
}

}  // namespace

Simulation::Simulation(Scenario scenario)
    : scenario_(std::move(scenario)),
      network_(Network::Create(engine_, scenario_.network, scenario_.nodes, scenario_.seed)),
      tree_(MakeGenesis(scenario_.start_timestamp, scenario_.chain.proof_variant)),
      metrics_(tree_, TotalNodes(scenario_), scenario_.nodes),
      tips_(static_cast<std::size_t>(TotalNodes(scenario_))),
      peers_(static_cast<std::size_t>(TotalNodes(scenario_))),
      workload_rng_(StreamFor(scenario_.seed, "workload")),
      link_cache_(scenario_.chain),
      branches_(tree_, scenario_.chain),
      race_proofs_(1, -1) {
  if (!NetworkMayFail(scenario_)) network_->PromiseNoFailures();
  const int total = TotalNodes(scenario_);
  nodes_.reserve(static_cast<std::size_t>(total));
  for (int i = 0; i < total; ++i) {
    const auto index = static_cast<std::uint64_t>(i);
    std::string id = NodeIdFromBits(DeriveSeed(scenario_.seed, "node-id", 2 * index),
                                    DeriveSeed(scenario_.seed, "node-id", 2 * index + 1));
    nodes_.emplace_back(std::move(id), StreamFor(scenario_.seed, "nonce", index));
  }
  for (std::size_t kind = 0; kind < kMessageKinds; ++kind) {
    const auto message_kind = static_cast<MessageKind>(kind);
    const bool carries_blocks =
        message_kind == MessageKind::kBlock || message_kind == MessageKind::kChainReply ||
        message_kind == MessageKind::kCompactBlock || message_kind == MessageKind::kBlockTxn;
    processing_[kind] =
        carries_blocks ? scenario_.network.block_processing : scenario_.network.processing;
  }
  // The scenario's protocol, which every node runs at first (wrapped in the
  // transaction relay when the scenario asks for it).
  std::unique_ptr<NodeBehaviour> protocol;
  if (scenario_.protocol.kind == ProtocolKind::kPush) {
    auto push = std::make_unique<PushBehaviour>(
        *this, total, scenario_.protocol, scenario_.chain.fork_choice, NodesMayCrash(scenario_));
    push_ = push.get();
    protocol = std::move(push);
  } else {
    auto pull = std::make_unique<PullBehaviour>(*this, total, scenario_.protocol);
    pull_ = pull.get();
    protocol = std::move(pull);
  }
  if (scenario_.protocol.transaction_relay) {
    protocol = std::make_unique<TransactionRelayBehaviour>(*this, std::move(protocol), total);
  }
  behaviours_.push_back(std::move(protocol));
  behaviour_of_.assign(static_cast<std::size_t>(total), behaviours_.front().get());
  sole_behaviour_ = behaviours_.front().get();
  // Shortly before a message reaches a node, start loading what its delivery
  // reads: the node's peer list (a block is announced to it) and the state
  // its behaviour keeps for it.
  network_->set_receiver(&Simulation::Receive, this);
  network_->set_arrival_hint([this](NodeIndex to) {
    peers_.Prefetch(to);
    BehaviourOf(to)->Prefetch(to);
    metrics_.Prefetch(to);
  });
  mining_ = std::make_unique<MiningScheduler>(
      scenario_, engine_, total, [this](NodeIndex miner) { OnBlockFound(miner); },
      [this](NodeIndex node) { return RaceProof(node); },
      [this](NodeIndex node) { return branches_.ChildTarget(tips_.Tip(node)).ExpectedHashes(); });
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(total); ++i) {
    metrics_.OnHashShare(i, mining_->HashRate(i));
  }

  for (NodeIndex i = 0; i < static_cast<NodeIndex>(scenario_.nodes); ++i) {
    nodes_[i].joined = true;
    RegisterPeers(i);
  }
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(scenario_.nodes); ++i) {
    nodes_[i].up = true;
    BehaviourOf(i)->OnStart(i);
    mining_->Start(i);
  }
  for (const TimelineEvent& event : scenario_.timeline) {  // scenario_ never changes in a run
    engine_.ScheduleAt(event.at, [this, &event] { ApplyTimeline(event); });
  }
  ScheduleWorkload();
  metrics_.TakeSample(0, 0, 0);
  ScheduleSample();
}

Simulation::~Simulation() = default;

void Simulation::RegisterPeers(NodeIndex node) {
  // Core keeps the registration order and drops repeats; the index list
  // follows what core registered.
  SimNode& self = nodes_[node];
  for (const NodeIndex peer : network_->peers(node)) {
    const std::size_t before = self.registered.size();
    CHAINSIM_CHECK(RegisterAddress(self.registered, NodeAddress(peer)).ok());
    if (self.registered.size() > before) peers_.Append(node, peer);
  }
}

void Simulation::SetPeers(NodeIndex node, std::span<const NodeIndex> peers) {
  SimNode& self = nodes_[node];
  self.registered = PeerList();
  // A copy first: `peers` may be this node's own list, which Clear drops.
  const std::vector<NodeIndex> wanted(peers.begin(), peers.end());
  peers_.Clear(node);
  for (const NodeIndex peer : wanted) {
    CHAINSIM_CHECK(peer != node && peer < nodes_.size());
    CHAINSIM_CHECK(RegisterAddress(self.registered, NodeAddress(peer)).ok());
    peers_.Append(node, peer);
  }
  CHAINSIM_CHECK(self.registered.size() == peers_.Of(node).size());  // no repeats
}

void Simulation::RestorePeers(NodeIndex node) {
  SimNode& self = nodes_[node];
  self.registered = PeerList();
  peers_.Clear(node);
  RegisterPeers(node);
}

void Simulation::BringUp(NodeIndex node, bool catch_up) {
  nodes_[node].up = true;
  metrics_.OnNodeUp(node, engine_.now());
  if (observer_ != nullptr) observer_->OnNodeUp(engine_.now(), node, true);
  BehaviourOf(node)->OnStart(node);
  mining_->Start(node);
  if (catch_up) BehaviourOf(node)->OnCatchUp(node);
}

void Simulation::Run(SimTime until) {
  RunUntil(until == kNever ? scenario_.duration : until);
  Finish();
}

void Simulation::RunUntil(SimTime until) { engine_.RunUntil(until); }

void Simulation::Finish() {
  if (metrics_.samples().empty() || metrics_.samples().back().time != engine_.now()) {
    metrics_.TakeSample(engine_.now(), network_->counters().messages_sent,
                        network_->counters().bytes_sent);
  }
}

void Simulation::OnBlockFound(NodeIndex miner) {
  SimNode& node = nodes_[miner];
  CHAINSIM_CHECK(node.up);  // the scheduler mines only for nodes that are up
  const double timestamp = EpochNow();
  const BlockRecord& tip = tree_[tips_.Tip(miner)];
  const Block& parent = *tip.block;
  // Core's /mine (Blockchain::Mine and Forge) on the node's branch.
  std::int64_t proof = 0;
  const bool retarget = scenario_.chain.retarget.every > 0;
  if (scenario_.mining.mode == MiningMode::kRace) {
    proof = RaceProof(miner);
  } else {
    const auto start = static_cast<std::int64_t>(node.mining_rng.UniformInt(kStartNonceBound));
    proof = retarget ? ProofOfWork(parent, scenario_.chain, branches_.ChildTarget(tips_.Tip(miner)),
                                   start)
                     : ProofOfWork(parent, scenario_.chain, start);
  }
  BlockPtr block = MakeNextBlock(parent, tip.height + std::size_t{1}, node.node_id, node.pending,
                                 proof, timestamp);
  double work = 0.0;
  if (scenario_.chain.fork_choice == ForkChoice::kMostWork) {
    work = ProofWork(
        CheckLink(parent, *block, scenario_.chain, branches_.ChildTarget(tips_.Tip(miner)))
            .proof_digest);
  }
  const BlockId old_tip = tips_.Tip(miner);
  const BlockId id = tree_.Add(block, old_tip, miner, engine_.now(), work);
  race_proofs_.push_back(-1);
  if (scenario_.protocol.transaction_relay) {
    for (const Json& transaction : block->transactions()) {
      const auto it = transaction_ids_.find(ToJson(transaction));
      if (it != transaction_ids_.end()) carried_by_[it->second].push_back(id);
    }
  }
  metrics_.OnBlockMined(id, engine_.now());
  metrics_.OnReceived(miner, id, engine_.now());
  if (observer_ != nullptr) observer_->OnBlockMined(engine_.now(), miner, id);

  tips_.Move(miner, id);
  TipMoved(miner, old_tip, SwitchCause::kRelay, /*pending_changed=*/true);
  BehaviourOf(miner)->OnBlockFound(miner, id);
  const std::int64_t budget = scenario_.mining.max_blocks;
  if (budget > 0 && static_cast<std::int64_t>(tree_.size() - 1) >= budget) mining_->Halt();
}

std::int64_t Simulation::RaceProof(NodeIndex node) {
  const BlockId tip = tips_.Tip(node);
  if (race_proofs_[tip] < 0) {
    race_proofs_[tip] =
        scenario_.chain.retarget.every > 0
            ? ProofOfWork(*tree_[tip].block, scenario_.chain, branches_.ChildTarget(tip), 0)
            : ProofOfWork(*tree_[tip].block, scenario_.chain, 0);
  }
  return race_proofs_[tip];
}

void Simulation::Adopt(NodeIndex node, BlockId new_tip, SwitchCause cause, const Chain* chain) {
  SimNode& self = nodes_[node];
  const BlockId old_tip = tips_.Tip(node);
  if (old_tip == new_tip) return;
  // The node's chain is the branch ending at its tip: switching is moving the
  // tip. A chain handed in is that branch (its blocks are the tree's).
  if (chain != nullptr) CHAINSIM_CHECK(tree_.IdOf(chain->back()) == new_tip);
  const bool requeue = scenario_.protocol.requeue_lost_transactions;
  const bool relay = scenario_.protocol.transaction_relay;
  bool discards = false;  // blocks of the old branch are dropped (pending may change)
  bool dropped = false;   // the relay dropped confirmed transactions from pending
  if (requeue || relay) {
    const BlockId common = tree_.CommonAncestor(old_tip, new_tip);
    const Chain gained = tree_.BranchAfter(common, new_tip);
    discards = common != old_tip;
    if (requeue && discards) {
      // Core's rule, as Blockchain::Adopt applies it to a vector.
      requeued_ +=
          RequeueLostTransactions(tree_.BranchAfter(common, old_tip), gained, self.pending);
    }
    // Core's rule for the relay, as Blockchain::DropPendingIn applies it.
    if (relay) dropped = DropPendingIn(gained, self.pending) > 0;
  }
  tips_.Move(node, new_tip);
  TipMoved(node, old_tip, cause, /*pending_changed=*/(requeue && discards) || dropped);
  BehaviourOf(node)->OnTipChanged(node, old_tip, new_tip);
}

void Simulation::TipMoved(NodeIndex node, BlockId old_tip, SwitchCause cause,
                          bool pending_changed) {
  const BlockId new_tip = tips_.Tip(node);
  const bool was_agreed = metrics_.agreed();
  const std::size_t reorgs_before = metrics_.reorgs().size();
  metrics_.OnTipChanged(node, old_tip, new_tip, engine_.now(), cause);
  if (observer_ != nullptr) {
    observer_->OnTipChanged(engine_.now(), node, old_tip, new_tip);
    if (pending_changed) observer_->OnPendingChanged(engine_.now(), node);
    if (metrics_.reorgs().size() > reorgs_before) {
      observer_->OnTipSwitched(engine_.now(), metrics_.reorgs().back());
    }
    if (!was_agreed && metrics_.agreed()) observer_->OnAgreement(engine_.now(), new_tip);
  }
  mining_->TipChanged(node);
}

TimerId Simulation::SetTimer(SimTime delay, Callback on_fire) {
  return engine_.ScheduleAfter(delay, std::move(on_fire));
}

void Simulation::Send(NodeIndex from, NodeIndex to, Message message) {
  SendEach(from, std::span(&to, 1), message, kNoNode);
}

void Simulation::SendEach(NodeIndex from, std::span<const NodeIndex> to, const Message& message,
                          NodeIndex except) {
  const std::size_t bytes = WireBytes(message);
  const auto kind = static_cast<std::size_t>(message.kind);
  // Not re-entrant: the scratch vectors are in use until the end. Nothing
  // below sends (IdleUntil is const; a delivery only runs later).
  CHAINSIM_CHECK(!sending_);
  sending_ = true;
  // The peers are nodes anywhere in memory: ask for all their records first,
  // so that the cache misses overlap instead of coming one per message.
  receivers_.clear();
  for (const NodeIndex peer : to) {
    CHAINSIM_CHECK(peer < nodes_.size());
    network_->Prefetch(peer);
    BehaviourOf(peer)->Prefetch(peer);
    if (peer != except) receivers_.push_back(peer);
  }
  messages_by_kind_[kind] += receivers_.size();
  bytes_by_kind_[kind] += bytes * receivers_.size();
  // Each receiver's promise (NodeBehaviour::IdleUntil) decides whether its
  // copy's arrival needs an event (docs/architecture.md, "Performance
  // shortcuts"); the network settles the copies that do not.
  idle_until_.clear();
  for (const NodeIndex peer : receivers_) {
    idle_until_.push_back(BehaviourOf(peer)->IdleUntil(peer, from, message));
  }
  network_->LaunchEach(from, receivers_, idle_until_, bytes, processing_[kind], &scheduled_);
  if (message.chain) {
    for (const Network::Launched& copy : scheduled_) {
      network_->Deliver(from, copy, bytes, DeliveryOf(from, copy.to, message));
    }
  } else {
    const Network::Payload payload = ToPayload(message);
    for (const Network::Launched& copy : scheduled_) {
      network_->DeliverPayload(from, copy, bytes, payload);
    }
  }
  sending_ = false;
}

Delivery Simulation::DeliveryOf(NodeIndex from, NodeIndex to, const Message& message) {
  CHAINSIM_CHECK(message.chain != nullptr);
  return [this, from, to, message] { BehaviourOf(to)->OnMessage(to, from, message); };
}

Network::Payload Simulation::ToPayload(const Message& message) {
  CHAINSIM_CHECK(message.chain == nullptr);
  Network::Payload payload{};
  payload[0] = message.tag;
  payload[1] = static_cast<std::uint64_t>(message.block) |
               static_cast<std::uint64_t>(message.transaction) << 32;
  payload[2] = static_cast<std::uint64_t>(message.kind);
  return payload;
}

void Simulation::Receive(void* simulation, NodeIndex from, NodeIndex to,
                         const Network::Payload& payload) {
  auto& self = *static_cast<Simulation*>(simulation);
  const auto kind = static_cast<MessageKind>(payload[2]);
  // A block that arrives is usually announced to every peer next: start
  // loading the peer list now, so that the miss overlaps with its checks.
  if (kind == MessageKind::kBlock) self.peers_.Prefetch(to);
  const Message message{kind, static_cast<BlockId>(payload[1] & 0xffffffffu), payload[0], nullptr,
                        static_cast<TransactionId>(payload[1] >> 32)};
  self.BehaviourOf(to)->OnMessage(to, from, message);
}

Random Simulation::NewStream(std::string_view purpose, std::uint64_t index) const {
  return StreamFor(scenario_.seed, purpose, index);
}

ResolveDecision Simulation::ChooseChain(NodeIndex node, std::span<const Chain* const> candidates) {
  std::vector<VectorCandidate> held;
  held.reserve(candidates.size());
  std::vector<const CandidateChain*> slots(candidates.size(), nullptr);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (candidates[i] != nullptr) {
      slots[i] = &held.emplace_back(*candidates[i], scenario_.chain, &link_cache_);
    }
  }
  const TreeBranchCandidate ours(branches_, tree_, tips_.Tip(node));
  return chainsim::ChooseChain(ours, slots, scenario_.chain.fork_choice);
}

ResolveDecision Simulation::ChooseReply(NodeIndex node, std::span<const Message* const> replies) {
  // Branches are judged from per-block facts (O(1) each); chains sent as
  // vectors (a forger's) are walked, with the run's link cache.
  std::vector<VectorCandidate> vectors;
  std::vector<TreeBranchCandidate> branches;
  vectors.reserve(replies.size());
  branches.reserve(replies.size());
  std::vector<const CandidateChain*> slots(replies.size(), nullptr);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const Message* reply = replies[i];
    if (reply == nullptr) continue;
    CHAINSIM_CHECK(reply->kind == MessageKind::kChainReply);
    if (reply->chain) {
      slots[i] = &vectors.emplace_back(*reply->chain, scenario_.chain, &link_cache_);
    } else {
      slots[i] = &branches.emplace_back(branches_, tree_, reply->block);
    }
  }
  const TreeBranchCandidate ours(branches_, tree_, tips_.Tip(node));
  return chainsim::ChooseChain(ours, slots, scenario_.chain.fork_choice);
}

Blockchain Simulation::State(NodeIndex node) const {
  const SimNode& self = nodes_[node];
  Blockchain state(scenario_.chain, self.node_id, tree_.ChainTo(tips_.Tip(node)), self.pending);
  state.set_requeue_lost_transactions(scenario_.protocol.requeue_lost_transactions);
  return state;
}

void Simulation::ReceivedChain(NodeIndex node, const Message& reply) {
  if (reply.chain == nullptr) {  // a branch of the tree
    metrics_.OnReceivedChain(node, reply.block, engine_.now());
    return;
  }
  // The last block of the run's own (a forged chain ends in blocks it never
  // saw); the metrics walk down from it.
  const Chain& chain = *reply.chain;
  for (std::size_t k = chain.size(); k > 0; --k) {
    const BlockId id = tree_.IdOf(chain[k - 1]);
    if (id != kNoBlock) {
      metrics_.OnReceivedChain(node, id, engine_.now());
      return;
    }
  }
}

void Simulation::Count(BehaviourCounter counter, std::uint64_t n) {
  switch (counter) {
    case BehaviourCounter::kResolveStarted:
      protocol_tally_.resolves_started += n;
      break;
    case BehaviourCounter::kReplyTimedOut:
      protocol_tally_.replies_timed_out += n;
      break;
    case BehaviourCounter::kInvalidBlock:
      protocol_tally_.invalid_blocks += n;
      break;
  }
}

void Simulation::Forge(NodeIndex node, const ForgeryConfig& config) {
  behaviours_.push_back(std::make_unique<ForgerBehaviour>(*this, *behaviours_.front(), config));
  behaviour_of_[node] = behaviours_.back().get();
  sole_behaviour_ = nullptr;  // the nodes no longer all run one behaviour
}

void Simulation::Eclipse(const EclipseConfig& config) {
  auto owned = std::make_unique<EclipseBehaviour>(*this, *behaviours_.front(), config);
  EclipseBehaviour* eclipse = owned.get();
  behaviours_.push_back(std::move(owned));
  behaviour_of_[config.victim] = eclipse;
  for (const NodeIndex attacker : config.attackers) behaviour_of_[attacker] = eclipse;
  sole_behaviour_ = nullptr;  // the nodes no longer all run one behaviour
  eclipse->Arm();
}

void Simulation::HandOver(NodeIndex node, std::unique_ptr<NodeBehaviour> behaviour) {
  BehaviourOf(node)->OnHandedOver(node);
  behaviours_.push_back(std::move(behaviour));
  behaviour_of_[node] = behaviours_.back().get();
  sole_behaviour_ = nullptr;  // the nodes no longer all run one behaviour
  if (nodes_[node].up) behaviour_of_[node]->OnStart(node);
}

void Simulation::SetTieBreak(NodeIndex attacker, double gamma) {
  std::vector<bool> attackers(nodes_.size(), false);
  attackers[attacker] = true;
  tie_break_ =
      std::make_unique<TieBreak>(*this, std::move(attackers), gamma, scenario_.chain.fork_choice);
  if (push_ != nullptr) push_->set_tie_break(tie_break_.get());
  if (pull_ != nullptr) pull_->set_tie_break(tie_break_.get());
}

void Simulation::ReportAttack(AttackEvent event) {
  event.at = engine_.now();
  metrics_.OnAttack(event);
  if (observer_ != nullptr) observer_->OnAttack(event.at, event);
}

void Simulation::BroadcastTransaction(NodeIndex from, Json transaction) {
  submitted_.push_back(ToJson(transaction));
  for (NodeIndex node = 0; node < nodes_.size(); ++node) {
    if (node == from || !nodes_[node].up) continue;
    nodes_[node].pending.push_back(transaction);
    if (observer_ != nullptr) observer_->OnPendingChanged(engine_.now(), node);
  }
}

std::size_t Simulation::PayloadBytes(const Message& message) const {
  const std::size_t declared = scenario_.protocol.block_wire_size;
  if (message.kind == MessageKind::kBlock) {
    return declared > 0 ? declared : tree_[message.block].block->wire_size();
  }
  if (message.kind == MessageKind::kTransaction) {
    return kAnnounceBytes + transactions_[message.transaction].canonical_bytes;
  }
  if (message.kind == MessageKind::kCompactBlock) {
    const CompactSizes& sizes = CompactSizesOf(message.block);
    const std::size_t configured = scenario_.protocol.compact_blocks.size;
    if (configured > 0) return configured;
    return sizes.header + kShortIdBytes * sizes.transactions + sizes.reward_bytes;
  }
  if (message.kind == MessageKind::kGetBlockTxn) {
    return kInventoryBytes + kTxIndexBytes * static_cast<std::size_t>(message.tag);
  }
  if (message.kind == MessageKind::kBlockTxn) {
    // The asked-for transactions' share of the block's transaction bytes (of
    // the declared block size when the scenario gives one).
    const CompactSizes& sizes = CompactSizesOf(message.block);
    if (sizes.transactions == 0) return kInventoryBytes;
    const double share = static_cast<double>(message.tag) / static_cast<double>(sizes.transactions);
    const double bytes =
        declared > 0 ? static_cast<double>(declared) : static_cast<double>(sizes.transaction_bytes);
    return kInventoryBytes + static_cast<std::size_t>(share * bytes);
  }
  CHAINSIM_CHECK(message.kind == MessageKind::kChainReply);
  if (message.chain == nullptr) {
    // A branch of the tree: its size from the running sums kept per block.
    const BlockRecord& tip = tree_[message.block];
    const std::size_t blocks = tip.height + std::size_t{1};
    if (declared == 0) return ChainResponseSize(blocks, tip.chain_bytes);
    return kChainEnvelopeBytes + blocks * (declared + 1);
  }
  const Chain& chain = *message.chain;
  if (declared == 0) return ChainResponseSize(chain);
  return kChainEnvelopeBytes + chain.size() * (declared + 1);
}

const Simulation::CompactSizes& Simulation::CompactSizesOf(BlockId block) const {
  if (compact_sizes_.size() <= block) {
    compact_sizes_.resize(tree_.size());
    compact_sized_.resize(tree_.size(), false);
  }
  if (!compact_sized_[block]) {
    const Block& b = *tree_[block].block;
    CompactSizes sizes;
    // The list as the block's compact JSON writes it: "[" a "," b "]".
    const Json& transactions = b.transactions();
    std::size_t all = 2 + (transactions.empty() ? 0 : transactions.size() - 1);
    for (const Json& transaction : transactions) {
      const std::size_t bytes = ToJson(transaction, JsonStyle::kCompact).size();
      all += bytes;
      if (IsRewardTransaction(transaction)) {
        sizes.reward_bytes += bytes;
      } else {
        ++sizes.transactions;
        sizes.transaction_bytes += bytes;
      }
    }
    sizes.header = b.wire_size() > all ? b.wire_size() - all : 0;
    compact_sizes_[block] = sizes;
    compact_sized_[block] = true;
  }
  return compact_sizes_[block];
}

std::size_t Simulation::MissingTransactions(NodeIndex node, BlockId block) const {
  std::unordered_set<std::string> pending;
  for (const Json& transaction : nodes_[node].pending) pending.insert(ToJson(transaction));
  std::size_t missing = 0;
  for (const Json& transaction : tree_[block].block->transactions()) {
    if (!IsRewardTransaction(transaction) && !pending.contains(ToJson(transaction))) ++missing;
  }
  return missing;
}

void Simulation::SubmitTransaction(NodeIndex node, Json transaction) {
  submitted_.push_back(ToJson(transaction));
  if (!scenario_.protocol.transaction_relay) {
    nodes_[node].pending.push_back(std::move(transaction));
    if (observer_ != nullptr) observer_->OnPendingChanged(engine_.now(), node);
    return;
  }
  // The relay addresses transactions by id: one per distinct canonical JSON.
  const auto [it, added] = transaction_ids_.try_emplace(
      submitted_.back(), static_cast<TransactionId>(transactions_.size()));
  if (added) {
    transactions_.push_back({transaction, submitted_.back().size()});
    carried_by_.emplace_back();
  }
  nodes_[node].pending.push_back(std::move(transaction));
  if (observer_ != nullptr) observer_->OnPendingChanged(engine_.now(), node);
  BehaviourOf(node)->OnTransaction(node, it->second);
}

void Simulation::AddPending(NodeIndex node, TransactionId transaction) {
  CHAINSIM_CHECK(transaction < transactions_.size());
  // Already in the node's chain (confirmed while it was away): not queued
  // again, or its next block would carry it twice.
  for (const BlockId block : carried_by_[transaction]) {
    if (tree_.IsAncestor(block, tips_.Tip(node))) return;
  }
  nodes_[node].pending.push_back(transactions_[transaction].json);
  if (observer_ != nullptr) observer_->OnPendingChanged(engine_.now(), node);
}

std::vector<TransactionId> Simulation::PendingTransactions(NodeIndex node,
                                                           std::size_t max_bytes) const {
  std::vector<TransactionId> ids;
  std::size_t bytes = 0;
  for (const Json& transaction : nodes_[node].pending) {
    const auto it = transaction_ids_.find(ToJson(transaction));
    if (it == transaction_ids_.end()) continue;  // not the relay's (a wallet's broadcast)
    const std::size_t size = kAnnounceBytes + transactions_[it->second].canonical_bytes;
    if (bytes + size > max_bytes) break;
    bytes += size;
    ids.push_back(it->second);
  }
  return ids;
}

void Simulation::ScheduleWorkload() {
  const double rate = scenario_.workload.transaction_rate;
  if (rate <= 0) return;
  const SimTime delay = std::max<SimTime>(1, FromSeconds(workload_rng_.Exponential(1.0 / rate)));
  engine_.ScheduleAfter(delay, [this] {
    std::vector<NodeIndex> live;
    for (NodeIndex i = 0; i < nodes_.size(); ++i) {
      if (nodes_[i].up) live.push_back(i);
    }
    if (!live.empty()) {
      const NodeIndex target = live[workload_rng_.UniformInt(live.size())];
      const auto sender = workload_rng_.UniformInt(1000);
      const auto recipient = workload_rng_.UniformInt(1000);
      SubmitTransaction(target, Json{{"amount", submitted_.size() + 1},
                                     {"recipient", "wallet-" + std::to_string(recipient)},
                                     {"sender", "wallet-" + std::to_string(sender)}});
    }
    ScheduleWorkload();
  });
}

void Simulation::ScheduleSample() {
  if (scenario_.sample_interval <= 0) return;
  engine_.ScheduleAfter(scenario_.sample_interval, [this] {
    metrics_.TakeSample(engine_.now(), network_->counters().messages_sent,
                        network_->counters().bytes_sent);
    ScheduleSample();
  });
}

void Simulation::ApplyTimeline(const TimelineEvent& event) {
  const SimTime now = engine_.now();
  if (observer_ != nullptr) observer_->OnTimeline(now, event);
  std::visit(Overloaded{
                 [&](const PartitionAction& partition) { network_->Partition(partition.groups); },
                 [&](const HealAction&) {
                   network_->Heal();
                   metrics_.OnHeal(now);
                   for (NodeIndex node = 0; node < nodes_.size(); ++node) {
                     if (nodes_[node].up) BehaviourOf(node)->OnHeal(node);
                   }
                 },
                 [&](const CrashAction& crash) {
                   for (const NodeIndex node : crash.nodes) {
                     if (!nodes_[node].up) continue;
                     network_->SetNodeUp(node, false);
                     nodes_[node].up = false;
                     BehaviourOf(node)->OnStop(node);
                     mining_->Stop(node);
                     metrics_.OnNodeDown(node, now);
                     if (observer_ != nullptr) observer_->OnNodeUp(now, node, false);
                   }
                 },
                 [&](const RestartAction& restart) {
                   for (const NodeIndex node : restart.nodes) {
                     if (nodes_[node].up || !nodes_[node].joined) continue;
                     network_->SetNodeUp(node, true);
                     BringUp(node, /*catch_up=*/true);
                   }
                 },
                 [&](const JoinAction& join) {
                   for (int k = 0; k < join.count; ++k) {
                     const NodeIndex node = network_->AddNode(join.peers);
                     CHAINSIM_CHECK(node < nodes_.size() && !nodes_[node].joined);
                     nodes_[node].joined = true;
                     RegisterPeers(node);
                     for (const NodeIndex peer : network_->peers(node)) RegisterPeers(peer);
                     BringUp(node, /*catch_up=*/true);
                   }
                 },
                 [&](const HashShareAction& share) {
                   for (const NodeIndex node : share.nodes) {
                     mining_->SetShare(node, share.share);
                     metrics_.OnHashShare(node, mining_->HashRate(node));
                   }
                 },
                 [&](const TransactionAction& transaction) {
                   SubmitTransaction(transaction.node, transaction.transaction);
                 },
                 [&](const ForgeAction& forge) { Forge(forge.node, forge.forgery); },
                 [&](const SelfishMineAction& selfish) {
                   HandOver(selfish.node, std::make_unique<SelfishMinerBehaviour>(
                                              *this, selfish.node, scenario_.protocol,
                                              scenario_.chain.fork_choice));
                   if (selfish.gamma) SetTieBreak(selfish.node, *selfish.gamma);
                 },
                 [&](const WithholdAction& withhold) {
                   HandOver(withhold.node, std::make_unique<WithholderBehaviour>(
                                               *this, withhold.node, withhold.withhold,
                                               scenario_.protocol, scenario_.chain.fork_choice));
                 },
                 [&](const EclipseAction& eclipse) { Eclipse(eclipse.eclipse); },
                 [&](const DoubleSpendAction& spend) {
                   HandOver(spend.node, std::make_unique<DoubleSpendBehaviour>(
                                            *this, spend.node, spend.attack, scenario_.protocol,
                                            scenario_.chain.fork_choice));
                 },
             },
             event.action);
}

void Simulation::ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                               const std::string& reason) {
  ++chains_rejected_;
  if (observer_ != nullptr) {
    observer_->OnChainRejected(engine_.now(), node, peer, chain.size(), reason);
  }
}

RunSummary Simulation::Summarize() const {
  RunSummary summary = SummarizeRun(tree_, metrics_);
  summary.chains_rejected = chains_rejected_;
  summary.protocol = protocol_tally_;

  // valid_chain on every node. A node's chain is the branch ending at its
  // tip, whose validity is kept per block (BranchChecker): the verdict is
  // identical to calling valid_chain on each chain.
  for (NodeIndex i = 0; i < nodes_.size() && summary.all_chains_valid; ++i) {
    if (!nodes_[i].joined) continue;
    const BlockId bad = branches_.FirstInvalid(tips_.Tip(i));
    if (bad != kNoBlock) {
      summary.all_chains_valid = false;
      summary.invalid_chain_detail = "node " + std::to_string(i) + ": block at position " +
                                     std::to_string(tree_[bad].height) +
                                     " does not link to its predecessor";
    }
  }

  // Transactions: confirmed on the main chain, pending somewhere, or lost.
  std::set<std::string> on_main;
  for (BlockId id = summary.main_tip; id != kNoBlock; id = tree_[id].parent) {
    for (const Json& tx : tree_[id].block->transactions()) on_main.insert(ToJson(tx));
  }
  std::set<std::string> pending;
  for (const SimNode& node : nodes_) {
    for (const Json& tx : node.pending) pending.insert(ToJson(tx));
  }
  TransactionTally& tally = summary.transactions;
  tally.submitted = submitted_.size();
  tally.requeued = requeued_;
  for (const std::string& tx : submitted_) {
    if (on_main.contains(tx)) {
      ++tally.confirmed;
    } else if (pending.contains(tx)) {
      ++tally.pending;
    } else {
      ++tally.lost;
      if (tally.lost_examples.size() < 20) tally.lost_examples.push_back(tx);
    }
  }
  return summary;
}

}  // namespace chainsim::sim
