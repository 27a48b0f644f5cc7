#pragma once
// FakeHost: a NodeHost for driving node behaviours one event at a time, with
// no network model, metrics or scenario.
//
// Every message takes exactly `delay` to arrive and is never lost, except
// that messages to or from a node that crashed after they were sent are
// dropped (as the simulator's network does), and a test may drop every
// message a node sends (Silence). Timers and deliveries run on a real
// Engine, so same-time events keep their order. Blocks are mined for real
// (difficulty 1) on a node's tip with MineOn. Every message sent is logged.
//
// Thread safety: none.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/blockchain.h"
#include "core/json.h"
#include "core/proof_of_work.h"
#include "core/valid_chain.h"
#include "sim/behaviour/node_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/chain/block_tree.h"
#include "sim/engine/engine.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim::testing {

// The rules of every fake node: the reference's, at difficulty 1.
inline ChainRules FakeRules() {
  ChainRules rules;
  rules.difficulty = 1;
  return rules;
}

// Pull settings for tests that start every resolve themselves: no resolve
// timer, no announcements, a 1 s reply timeout.
inline ProtocolConfig QuietPull() {
  ProtocolConfig config;
  config.resolve_interval = 0;
  config.resolve_on_announce = false;
  config.request_timeout = 1 * kSecond;
  return config;
}

class FakeHost final : public NodeHost {
 public:
  struct Sent {
    SimTime at;
    NodeIndex from;
    NodeIndex to;
    MessageKind kind;
    BlockId block;
    TransactionId transaction;
    std::uint64_t tag;  // the message's tag (kGetBlockTxn, kBlockTxn: transactions)
  };
  struct Rejection {
    NodeIndex node;
    NodeIndex peer;
    std::string reason;
  };
  // A reception report: Received(node, block), or ReceivedChain(node,
  // reply) with `block` the id of the reply's last block.
  struct Reception {
    SimTime at;
    NodeIndex node;
    BlockId block;
    bool whole_chain;
  };

  // `node_count` nodes, all up, each on the same genesis, with no peers.
  explicit FakeHost(int node_count, SimTime delay = 100 * kMillisecond,
                    ChainRules rules = FakeRules())
      : delay_(delay), rules_(rules), tree_(MakeGenesis(1.0)) {
    for (int i = 0; i < node_count; ++i) {
      nodes_.push_back(
          Node{Blockchain(rules_, "node" + std::to_string(i), Chain{tree_[0].block}, Json::array()),
               {},
               {},
               0,
               true,
               0,
               nullptr,
               nullptr,
               {}});
    }
  }

  // --- Test controls -------------------------------------------------------

  // Who runs `node` (not owned; must outlive the host's use).
  void Assign(NodeIndex node, NodeBehaviour* behaviour) { nodes_[node].behaviour = behaviour; }
  void AssignAll(NodeBehaviour* behaviour) {
    for (NodeIndex i = 0; i < nodes_.size(); ++i) Assign(i, behaviour);
  }
  // Makes `a` and `b` peers of each other (appended to both lists).
  void Link(NodeIndex a, NodeIndex b) {
    nodes_[a].peers.push_back(b);
    nodes_[b].peers.push_back(a);
    nodes_[a].links.push_back(b);
    nodes_[b].links.push_back(a);
  }
  // Calls OnStart for every node, as a run's start does.
  void StartAll() {
    for (NodeIndex i = 0; i < nodes_.size(); ++i) nodes_[i].behaviour->OnStart(i);
  }
  // Every later message `node` sends is dropped.
  void Silence(NodeIndex node) { silenced_.insert(node); }
  // Messages in flight survive crashes and restarts (the simulator's network
  // drops them; this checks that a behaviour copes on its own).
  void KeepMessagesAcrossCrashes() { keep_across_crashes_ = true; }
  // Crash: in-flight messages to and from `node` are dropped; OnStop.
  void Crash(NodeIndex node) {
    nodes_[node].up = false;
    ++nodes_[node].epoch;
    nodes_[node].behaviour->OnStop(node);
  }
  // Restart: OnStart then OnCatchUp.
  void Restart(NodeIndex node) {
    nodes_[node].up = true;
    nodes_[node].behaviour->OnStart(node);
    nodes_[node].behaviour->OnCatchUp(node);
  }
  // `node` mines a block on its tip now (its behaviour gets OnBlockFound).
  BlockId MineOn(NodeIndex node) {
    Node& self = nodes_[node];
    const BlockId parent = self.tip;
    const BlockPtr block = self.blockchain.Mine(2.0 + ToSeconds(Now()));
    const BlockId id = tree_.Add(block, parent, node, Now());
    self.tip = id;
    self.snapshot.reset();
    self.behaviour->OnBlockFound(node, id);
    return id;
  }
  // Adds a block with a proof that fails (its link is invalid) on `parent`,
  // "mined" by `miner` without telling anyone. Returns its id.
  BlockId AddInvalidBlock(BlockId parent, NodeIndex miner) {
    BlockFields fields;
    fields.index = IncrementInteger(tree_[parent].block->index());
    fields.timestamp = 3.0;
    fields.previous_hash = tree_[parent].block->hash();
    const Block& last = *tree_[parent].block;
    std::int64_t proof = 0;
    while (ValidProof(last.proof().get<std::int64_t>(), proof, last.hash(), rules_)) ++proof;
    fields.proof = proof;
    return tree_.Add(Block::Create(std::move(fields)), parent, miner, Now());
  }
  // Delivers `message` from `from` to `to` now, as if it had arrived.
  void Inject(NodeIndex from, NodeIndex to, const Message& message) {
    nodes_[to].behaviour->OnMessage(to, from, message);
  }
  // Runs every event due up to `until`; now() is `until` afterwards.
  void RunUntil(SimTime until) { engine_.RunUntil(until); }
  // Runs events until none is left; now() is the last one's time.
  void RunAll() { engine_.Run(); }

  const std::vector<Sent>& sent() const { return sent_; }
  std::size_t SentCount(MessageKind kind) const {
    std::size_t n = 0;
    for (const Sent& s : sent_) n += s.kind == kind ? 1 : 0;
    return n;
  }
  const std::vector<Rejection>& rejections() const { return rejections_; }
  const std::vector<Reception>& receptions() const { return receptions_; }
  // Every step adversaries reported, stamped with the time.
  const std::vector<AttackEvent>& attacks() const { return attacks_; }
  // A client submits the transaction with id `transaction` to `node`: it
  // enters its pending list and its behaviour gets OnTransaction. The fake's
  // transaction `id` is {"amount": id, "recipient": "b", "sender": "a"}.
  void Submit(NodeIndex node, TransactionId transaction) {
    nodes_[node].blockchain.AddTransaction(TransactionJson(transaction));
    nodes_[node].behaviour->OnTransaction(node, transaction);
  }
  static Json TransactionJson(TransactionId transaction) {
    return Json{{"amount", transaction}, {"recipient", "b"}, {"sender", "a"}};
  }
  // How many transactions were broadcast.
  std::size_t broadcasts() const { return broadcasts_; }
  std::uint64_t count(BehaviourCounter counter) const {
    const auto it = counts_.find(counter);
    return it == counts_.end() ? 0 : it->second;
  }
  // The tips `node` had after each Adopt, in order.
  const std::vector<BlockId>& adoptions(NodeIndex node) const { return nodes_[node].adoptions; }
  SimTime delay() const { return delay_; }

  // --- NodeHost ------------------------------------------------------------

  SimTime Now() const override { return engine_.now(); }
  double EpochNow() const override { return 2.0 + ToSeconds(engine_.now()); }
  TimerId SetTimer(SimTime delay, Callback on_fire) override {
    return engine_.ScheduleAfter(delay, std::move(on_fire));
  }
  void CancelTimer(TimerId timer) override { engine_.Cancel(timer); }
  void Send(NodeIndex from, NodeIndex to, Message message) override {
    sent_.push_back(
        {Now(), from, to, message.kind, message.block, message.transaction, message.tag});
    if (silenced_.contains(from) || !nodes_[from].up || !nodes_[to].up) return;
    engine_.ScheduleAfter(delay_, [this, from, to, from_epoch = nodes_[from].epoch,
                                   to_epoch = nodes_[to].epoch, m = std::move(message)] {
      const bool crashed = nodes_[from].epoch != from_epoch || nodes_[to].epoch != to_epoch;
      if (crashed && !keep_across_crashes_) return;
      if (!nodes_[to].up) return;
      nodes_[to].behaviour->OnMessage(to, from, m);
    });
  }
  void SendEach(NodeIndex from, std::span<const NodeIndex> to, const Message& message,
                NodeIndex except) override {
    for (const NodeIndex peer : to) {
      if (peer != except) Send(from, peer, message);
    }
  }
  Random NewStream(std::string_view purpose, std::uint64_t index) const override {
    return StreamFor(42, purpose, index);
  }
  bool IsUp(NodeIndex node) const override { return nodes_[node].up; }
  std::span<const NodeIndex> Peers(NodeIndex node) const override { return nodes_[node].peers; }
  void SetPeers(NodeIndex node, std::span<const NodeIndex> peers) override {
    nodes_[node].peers.assign(peers.begin(), peers.end());
  }
  // Back to the peers Link gave it.
  void RestorePeers(NodeIndex node) override { nodes_[node].peers = nodes_[node].links; }
  BlockId Tip(NodeIndex node) const override { return nodes_[node].tip; }
  Blockchain State(NodeIndex node) const override { return nodes_[node].blockchain; }
  std::shared_ptr<const Chain> Snapshot(NodeIndex node) override {
    Node& self = nodes_[node];
    if (!self.snapshot) self.snapshot = std::make_shared<const Chain>(self.blockchain.chain());
    return self.snapshot;
  }
  ResolveDecision ChooseChain(NodeIndex node, std::span<const Chain* const> candidates) override {
    return chainsim::ChooseChain(nodes_[node].blockchain.chain(), candidates, rules_);
  }
  // The plain way: a branch reply's blocks are built from the tree and
  // checked with core's ChooseChain (no per-block facts).
  ResolveDecision ChooseReply(NodeIndex node, std::span<const Message* const> replies) override {
    std::vector<Chain> built;
    built.reserve(replies.size());
    std::vector<const Chain*> candidates(replies.size(), nullptr);
    for (std::size_t i = 0; i < replies.size(); ++i) {
      if (replies[i] == nullptr) continue;
      candidates[i] = replies[i]->chain ? replies[i]->chain.get()
                                        : &built.emplace_back(tree_.ChainTo(replies[i]->block));
    }
    return ChooseChain(node, candidates);
  }
  void Adopt(NodeIndex node, BlockId tip, SwitchCause cause, const Chain* chain) override {
    (void)cause;
    Node& self = nodes_[node];
    const BlockId old_tip = self.tip;
    if (old_tip == tip) return;
    self.blockchain.Adopt(chain != nullptr ? *chain : tree_.ChainTo(tip));
    self.tip = tip;
    self.snapshot.reset();
    self.adoptions.push_back(tip);
    self.behaviour->OnTipChanged(node, old_tip, tip);
  }
  const BlockTree& Blocks() const override { return tree_; }
  bool LinkValid(BlockId block) override {
    return CheckLink(*tree_[tree_[block].parent].block, *tree_[block].block, rules_).valid;
  }
  std::size_t MissingTransactions(NodeIndex node, BlockId block) const override {
    const Json& pending = nodes_[node].blockchain.pending_transactions();
    std::size_t missing = 0;
    for (const Json& transaction : tree_[block].block->transactions()) {
      if (IsRewardTransaction(transaction)) continue;
      if (std::find(pending.begin(), pending.end(), transaction) == pending.end()) ++missing;
    }
    return missing;
  }
  void Received(NodeIndex node, BlockId block) override {
    receptions_.push_back({Now(), node, block, false});
  }
  void ReceivedChain(NodeIndex node, const Message& reply) override {
    const BlockId tip = reply.chain != nullptr ? tree_.IdOf(reply.chain->back()) : reply.block;
    receptions_.push_back({Now(), node, tip, true});
  }
  void Count(BehaviourCounter counter, std::uint64_t n) override { counts_[counter] += n; }
  void ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                     const std::string& reason) override {
    (void)chain;
    rejections_.push_back({node, peer, reason});
  }
  void ReportAttack(AttackEvent event) override {
    event.at = Now();
    attacks_.push_back(event);
  }
  void BroadcastTransaction(NodeIndex from, Json transaction) override {
    for (NodeIndex node = 0; node < nodes_.size(); ++node) {
      if (node != from && nodes_[node].up) nodes_[node].blockchain.AddTransaction(transaction);
    }
    ++broadcasts_;
  }
  void AddPending(NodeIndex node, TransactionId transaction) override {
    nodes_[node].blockchain.AddTransaction(TransactionJson(transaction));
  }
  // The fake's transactions are TransactionJson(id): the id is the amount.
  // Each counts kAnnounceBytes + 50 bytes.
  std::vector<TransactionId> PendingTransactions(NodeIndex node,
                                                 std::size_t max_bytes) const override {
    std::vector<TransactionId> ids;
    for (const Json& transaction : nodes_[node].blockchain.pending_transactions()) {
      if ((ids.size() + 1) * (kAnnounceBytes + 50) > max_bytes) break;
      ids.push_back(transaction["amount"].get<TransactionId>());
    }
    return ids;
  }

 private:
  struct Node {
    Blockchain blockchain;
    std::vector<NodeIndex> peers;
    std::vector<NodeIndex> links;  // the peers Link gave it
    BlockId tip;
    bool up;
    std::uint32_t epoch;  // crashes so far
    NodeBehaviour* behaviour;
    std::shared_ptr<const Chain> snapshot;
    std::vector<BlockId> adoptions;
  };

  Engine engine_;
  const SimTime delay_;
  const ChainRules rules_;
  BlockTree tree_;
  std::vector<Node> nodes_;
  std::set<NodeIndex> silenced_;
  bool keep_across_crashes_ = false;
  std::vector<Sent> sent_;
  std::vector<Rejection> rejections_;
  std::vector<Reception> receptions_;
  std::vector<AttackEvent> attacks_;
  std::size_t broadcasts_ = 0;
  std::map<BehaviourCounter, std::uint64_t> counts_;
};

}  // namespace chainsim::sim::testing
