#include "sim/node/simulation.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "core/check.h"
#include "core/node_id.h"
#include "core/proof_of_work.h"
#include "core/valid_chain.h"
#include "sim/node/pull_protocol.h"
#include "sim/node/push_protocol.h"

namespace chainsim::sim {
namespace {

// Bytes of a /chain body around its blocks: {"chain":[...],"length":N}.
constexpr std::size_t kChainEnvelopeBytes = 24;
// Start nonces of the exponential mode are drawn below this bound.
constexpr std::uint64_t kStartNonceBound = 1'000'000'000'000ULL;

std::unique_ptr<Protocol> MakeProtocol(NodeHost& host, const Scenario& scenario, int nodes) {
  if (scenario.protocol.kind == ProtocolKind::kPush) {
    return std::make_unique<PushProtocol>(host, nodes);
  }
  return std::make_unique<PullProtocol>(host, nodes, DeriveSeed(scenario.seed, "resolve-phase"));
}

}  // namespace

Simulation::Simulation(Scenario scenario)
    : scenario_(std::move(scenario)),
      network_(Network::Create(engine_, scenario_.network, scenario_.nodes, scenario_.seed)),
      tree_(MakeGenesis(scenario_.start_timestamp, scenario_.chain.proof_variant)),
      metrics_(tree_, TotalNodes(scenario_), scenario_.nodes),
      workload_rng_(StreamFor(scenario_.seed, "workload")),
      link_cache_(scenario_.chain),
      link_valid_(1, 1),
      race_proofs_(1, -1) {
  const int total = TotalNodes(scenario_);
  nodes_.reserve(static_cast<std::size_t>(total));
  for (int i = 0; i < total; ++i) {
    const auto index = static_cast<std::uint64_t>(i);
    std::string id = NodeIdFromBits(DeriveSeed(scenario_.seed, "node-id", 2 * index),
                                    DeriveSeed(scenario_.seed, "node-id", 2 * index + 1));
    nodes_.emplace_back(
        Blockchain(scenario_.chain, std::move(id), Chain{tree_[0].block}, Json::array(), {}),
        StreamFor(scenario_.seed, "nonce", index));
  }
  protocol_ = MakeProtocol(*this, scenario_, total);
  mining_ = std::make_unique<MiningScheduler>(
      scenario_, engine_, total, [this](NodeIndex miner) { OnBlockFound(miner); },
      [this](NodeIndex node) { return RaceProof(node); });
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(total); ++i) {
    metrics_.OnHashShare(i, mining_->HashRate(i));
  }

  for (NodeIndex i = 0; i < static_cast<NodeIndex>(scenario_.nodes); ++i) {
    nodes_[i].joined = true;
    RegisterPeers(i);
  }
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(scenario_.nodes); ++i) {
    nodes_[i].up = true;
    protocol_->Start(i);
    mining_->Start(i);
  }
  for (std::size_t i = 0; i < scenario_.timeline.size(); ++i) {
    engine_.ScheduleAt(scenario_.timeline[i].at,
                       [this, i] { ApplyTimeline(scenario_.timeline[i]); });
  }
  ScheduleWorkload();
  metrics_.TakeSample(0, 0, 0);
  ScheduleSample();
}

Simulation::~Simulation() = default;

void Simulation::RegisterPeers(NodeIndex node) {
  SimNode& self = nodes_[node];
  for (const NodeIndex peer : network_->peers(node)) {
    if (std::find(self.peers.begin(), self.peers.end(), peer) != self.peers.end()) continue;
    CHAINSIM_CHECK(self.blockchain.RegisterNode(NodeAddress(peer)).ok());
    self.peers.push_back(peer);
  }
}

void Simulation::BringUp(NodeIndex node, bool catch_up) {
  nodes_[node].up = true;
  metrics_.OnNodeUp(node, engine_.now());
  if (observer_ != nullptr) observer_->OnNodeUp(engine_.now(), node, true);
  protocol_->Start(node);
  mining_->Start(node);
  if (catch_up) protocol_->CatchUp(node);
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
  const double timestamp = EpochNow();
  const Block& parent = node.blockchain.last_block();
  BlockPtr block;
  if (scenario_.mining.mode == MiningMode::kRace) {
    block = node.blockchain.Forge(RaceProof(miner), timestamp);
  } else {
    const auto start = static_cast<std::int64_t>(node.mining_rng.UniformInt(kStartNonceBound));
    block = node.blockchain.Mine(timestamp, start);
  }
  double work = 0.0;
  if (scenario_.chain.fork_choice == ForkChoice::kMostWork) {
    work = ProofWork(CheckLink(parent, *block, scenario_.chain).proof_digest);
  }
  const BlockId old_tip = node.tip;
  const BlockId id = tree_.Add(block, old_tip, miner, engine_.now(), work);
  link_valid_.push_back(-1);
  race_proofs_.push_back(-1);
  metrics_.OnBlockMined(id, engine_.now());
  if (observer_ != nullptr) observer_->OnBlockMined(engine_.now(), miner, id);

  const bool was_agreed = metrics_.agreed();
  node.tip = id;
  node.ChainChanged();
  metrics_.OnTipChanged(miner, old_tip, id, engine_.now(), SwitchCause::kRelay);
  if (observer_ != nullptr) {
    observer_->OnTipChanged(engine_.now(), miner, old_tip, id);
    observer_->OnPendingChanged(engine_.now(), miner);
    if (!was_agreed && metrics_.agreed()) observer_->OnAgreement(engine_.now(), id);
  }
  mining_->TipChanged(miner);
  protocol_->OnTipChanged(miner, id, /*mined_here=*/true);
  const std::int64_t budget = scenario_.mining.max_blocks;
  if (budget > 0 && static_cast<std::int64_t>(tree_.size() - 1) >= budget) mining_->Halt();
}

std::int64_t Simulation::RaceProof(NodeIndex node) {
  const BlockId tip = nodes_[node].tip;
  if (race_proofs_[tip] < 0) {
    race_proofs_[tip] = ProofOfWork(*tree_[tip].block, scenario_.chain, 0);
  }
  return race_proofs_[tip];
}

void Simulation::SwitchTip(NodeIndex node, BlockId new_tip, SwitchCause cause, const Chain* chain) {
  SimNode& self = nodes_[node];
  const BlockId old_tip = self.tip;
  if (old_tip == new_tip) return;
  const BlockId common = tree_.CommonAncestor(old_tip, new_tip);
  if (chain != nullptr) {
    CHAINSIM_CHECK(tree_.IdOf(chain->back()) == new_tip);
    self.blockchain.ReplaceChain(*chain);
  } else {
    Chain tail(tree_[new_tip].height - tree_[common].height);
    BlockId id = new_tip;
    for (std::size_t k = tail.size(); k > 0; --k, id = tree_[id].parent)
      tail[k - 1] = tree_[id].block;
    self.blockchain.ReplaceTail(tree_[common].height + 1, tail);
  }
  if (scenario_.protocol.requeue_lost_transactions && common != old_tip) {
    RequeueLost(node, old_tip, new_tip, common);
  }
  self.tip = new_tip;
  self.ChainChanged();

  const bool was_agreed = metrics_.agreed();
  const std::size_t reorgs_before = metrics_.reorgs().size();
  metrics_.OnTipChanged(node, old_tip, new_tip, engine_.now(), cause);
  if (observer_ != nullptr) {
    observer_->OnTipChanged(engine_.now(), node, old_tip, new_tip);
    if (scenario_.protocol.requeue_lost_transactions && common != old_tip) {
      observer_->OnPendingChanged(engine_.now(), node);
    }
    if (metrics_.reorgs().size() > reorgs_before) {
      observer_->OnTipSwitched(engine_.now(), metrics_.reorgs().back());
    }
    if (!was_agreed && metrics_.agreed()) observer_->OnAgreement(engine_.now(), new_tip);
  }
  mining_->TipChanged(node);
  protocol_->OnTipChanged(node, new_tip, /*mined_here=*/false);
}

void Simulation::RequeueLost(NodeIndex node, BlockId old_tip, BlockId new_tip, BlockId common) {
  std::set<std::string> gained;
  for (BlockId id = new_tip; id != common; id = tree_[id].parent) {
    for (const Json& tx : tree_[id].block->transactions()) gained.insert(ToJson(tx));
  }
  std::vector<Json> lost;
  for (BlockId id = old_tip; id != common; id = tree_[id].parent) {
    const Json& transactions = tree_[id].block->transactions();
    for (auto it = transactions.rbegin(); it != transactions.rend(); ++it) {
      const bool reward = it->is_object() && it->contains("sender") && (*it)["sender"] == "0";
      if (!reward && gained.count(ToJson(*it)) == 0) lost.push_back(*it);
    }
  }
  // Oldest block first, each block's transactions in order.
  for (auto it = lost.rbegin(); it != lost.rend(); ++it) {
    nodes_[node].blockchain.AddTransaction(*it);
    ++requeued_;
  }
}

bool Simulation::LinkValid(BlockId block) { return CheckedLink(block); }

bool Simulation::CheckedLink(BlockId block) const {
  if (link_valid_[block] < 0) {
    const BlockRecord& record = tree_[block];
    link_valid_[block] =
        CheckLink(*tree_[record.parent].block, *record.block, scenario_.chain).valid ? 1 : 0;
  }
  return link_valid_[block] == 1;
}

std::size_t Simulation::BlockBytes(const Block& block) const {
  const std::size_t declared = scenario_.protocol.block_wire_size;
  return declared > 0 ? declared : block.wire_size();
}

std::size_t Simulation::ChainBytes(const Chain& chain) const {
  const std::size_t declared = scenario_.protocol.block_wire_size;
  if (declared == 0) return ChainResponseSize(chain);
  return kChainEnvelopeBytes + chain.size() * (declared + 1);
}

void Simulation::SubmitTransaction(NodeIndex node, Json transaction) {
  submitted_.push_back(ToJson(transaction));
  nodes_[node].blockchain.AddTransaction(std::move(transaction));
  if (observer_ != nullptr) observer_->OnPendingChanged(engine_.now(), node);
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
                 [&](const PartitionAction& partition) {
                   network_->Partition(partition.groups);
                   metrics_.OnPartition(now);
                 },
                 [&](const HealAction&) {
                   network_->Heal();
                   metrics_.OnHeal(now);
                   for (NodeIndex node = 0; node < nodes_.size(); ++node) {
                     if (nodes_[node].up) protocol_->OnHeal(node);
                   }
                 },
                 [&](const CrashAction& crash) {
                   for (const NodeIndex node : crash.nodes) {
                     if (!nodes_[node].up) continue;
                     network_->SetNodeUp(node, false);
                     nodes_[node].up = false;
                     protocol_->Stop(node);
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
                 [&](const ForgeAction& forge) {
                   nodes_[forge.node].forgery = forge.forgery;
                   nodes_[forge.node].ChainChanged();
                 },
             },
             event.action);
}

std::shared_ptr<const Chain> Simulation::ChainReply(NodeIndex node) {
  return nodes_[node].ChainReply(EpochNow());
}

void Simulation::ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                               const std::string& reason) {
  ++chains_rejected_;
  if (observer_ != nullptr)
    observer_->OnChainRejected(engine_.now(), node, peer, chain.size(), reason);
}

RunSummary Simulation::Summarize() const {
  RunSummary summary = SummarizeRun(tree_, metrics_);
  summary.chains_rejected = chains_rejected_;

  // valid_chain on every node. A link's validity depends only on its two
  // immutable blocks, so it is computed once per block (LinkValid) and
  // reused: the verdict is identical to calling valid_chain on each chain.
  for (NodeIndex i = 0; i < nodes_.size() && summary.all_chains_valid; ++i) {
    if (!nodes_[i].joined) continue;
    const Chain& chain = nodes_[i].blockchain.chain();
    for (std::size_t k = 1; k < chain.size(); ++k) {
      const BlockId id = tree_.IdOf(chain[k]);
      const bool linked = id != kNoBlock && tree_[id].parent == tree_.IdOf(chain[k - 1]);
      if (!linked || !CheckedLink(id)) {
        summary.all_chains_valid = false;
        summary.invalid_chain_detail = "node " + std::to_string(i) + ": block at position " +
                                       std::to_string(k) + " does not link to its predecessor";
        break;
      }
    }
  }

  // Transactions: confirmed on the main chain, pending somewhere, or lost.
  std::set<std::string> on_main;
  for (BlockId id = summary.main_tip; id != kNoBlock; id = tree_[id].parent) {
    for (const Json& tx : tree_[id].block->transactions()) on_main.insert(ToJson(tx));
  }
  std::set<std::string> pending;
  for (const SimNode& node : nodes_) {
    for (const Json& tx : node.blockchain.pending_transactions()) pending.insert(ToJson(tx));
  }
  TransactionTally& tally = summary.transactions;
  tally.submitted = submitted_.size();
  tally.requeued = requeued_;
  for (const std::string& tx : submitted_) {
    if (on_main.count(tx) != 0) {
      ++tally.confirmed;
    } else if (pending.count(tx) != 0) {
      ++tally.pending;
    } else {
      ++tally.lost;
      if (tally.lost_examples.size() < 20) tally.lost_examples.push_back(tx);
    }
  }
  return summary;
}

}  // namespace chainsim::sim
