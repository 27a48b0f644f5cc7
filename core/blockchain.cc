#include "core/blockchain.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/canonical_json.h"
#include "core/check.h"
#include "core/node_address.h"
#include "core/proof_of_work.h"

namespace chainsim {

BlockPtr MakeGenesis(double timestamp, ProofVariant variant) {
  BlockFields genesis;
  genesis.index = 1;
  genesis.timestamp = timestamp;
  genesis.proof = 100;
  genesis.previous_hash = variant == ProofVariant::kTutorial ? Json("1") : Json(1);
  return Block::Create(std::move(genesis));
}

Json RewardTransaction(const std::string& node_id) {
  return Json{{"amount", 1}, {"recipient", node_id}, {"sender", "0"}};
}

bool IsRewardTransaction(const Json& transaction) {
  if (!transaction.is_object()) return false;
  const auto sender = transaction.find("sender");
  return sender != transaction.end() && *sender == "0";
}

Blockchain::Blockchain(ChainRules rules, std::string node_id, double genesis_timestamp)
    : Blockchain(rules, std::move(node_id),
                 Chain{MakeGenesis(genesis_timestamp, rules.proof_variant)}, Json::array()) {}

Blockchain::Blockchain(ChainRules rules, std::string node_id, Chain chain,
                       Json pending_transactions)
    : rules_(rules),
      node_id_(std::move(node_id)),
      chain_(std::move(chain)),
      pending_(std::move(pending_transactions)) {
  CHAINSIM_CHECK(CheckRules(rules_).ok());
  CHAINSIM_CHECK(!chain_.empty());
  CHAINSIM_CHECK(pending_.is_array());
}

Json Blockchain::NewTransaction(Json sender, Json recipient, Json amount) {
  return AddTransaction(Json{{"amount", std::move(amount)},
                             {"recipient", std::move(recipient)},
                             {"sender", std::move(sender)}});
}

Json Blockchain::AddTransaction(Json transaction) {
  pending_.push_back(std::move(transaction));
  return IncrementInteger(last_block().index());
}

BlockPtr Blockchain::Mine(double timestamp, std::int64_t start_nonce) {
  const std::int64_t proof =
      rules_.retarget.every > 0
          ? ProofOfWork(last_block(), rules_, NextTarget(chain_, rules_), start_nonce)
          : ProofOfWork(last_block(), rules_, start_nonce);
  return Forge(proof, timestamp);
}

BlockPtr MakeNextBlock(const Block& last, std::size_t length, const std::string& node_id,
                       Json& pending, std::int64_t proof, double timestamp) {
  CHAINSIM_CHECK(pending.is_array());
  pending.push_back(RewardTransaction(node_id));
  BlockFields fields;
  fields.index = static_cast<std::int64_t>(length) + 1;
  fields.timestamp = timestamp;
  fields.transactions = std::exchange(pending, Json::array());
  fields.proof = proof;
  fields.previous_hash = last.hash();
  return Block::Create(std::move(fields));
}

std::size_t RequeueLostTransactions(std::span<const BlockPtr> discarded,
                                    std::span<const BlockPtr> gained, Json& pending) {
  if (discarded.empty()) return 0;
  std::set<std::string> in_gained;
  for (const BlockPtr& block : gained) {
    for (const Json& tx : block->transactions()) in_gained.insert(ToJson(tx));
  }
  std::size_t requeued = 0;
  for (const BlockPtr& block : discarded) {
    for (const Json& tx : block->transactions()) {
      if (IsRewardTransaction(tx) || in_gained.contains(ToJson(tx))) continue;
      pending.push_back(tx);
      ++requeued;
    }
  }
  return requeued;
}

std::size_t DropPendingIn(std::span<const BlockPtr> blocks, Json& pending) {
  if (pending.empty()) return 0;
  std::set<std::string> held;
  for (const BlockPtr& block : blocks) {
    for (const Json& tx : block->transactions()) held.insert(ToJson(tx));
  }
  Json kept = Json::array();
  for (Json& tx : pending) {
    if (!held.contains(ToJson(tx))) kept.push_back(std::move(tx));
  }
  const std::size_t dropped = pending.size() - kept.size();
  pending = std::move(kept);
  return dropped;
}

BlockPtr Blockchain::Forge(std::int64_t proof, double timestamp) {
  chain_.push_back(
      MakeNextBlock(last_block(), chain_.size(), node_id_, pending_, proof, timestamp));
  return chain_.back();
}

Result<std::string> RegisterAddress(PeerList& peers, std::string_view address) {
  Result<std::string> node = ParseNodeAddress(address);
  if (node.ok()) peers.Add(node.value());
  return node;
}

Result<std::string> Blockchain::RegisterNode(std::string_view address) {
  return RegisterAddress(nodes_, address);
}

Result<std::size_t> Blockchain::RegisterNodes(std::span<const std::string> addresses) {
  std::vector<std::string> stored;
  stored.reserve(addresses.size());
  for (const std::string& address : addresses) {
    Result<std::string> node = ParseNodeAddress(address);
    if (!node.ok()) return Error{"bad peer address '" + address + "': " + node.error().message};
    stored.push_back(std::move(node.value()));
  }
  return nodes_.AddAll(stored);
}

ResolveDecision Blockchain::Resolve(std::span<const Chain* const> candidates) {
  ResolveDecision decision = ChooseChain(chain_, candidates, rules_);
  if (decision.winner) Adopt(*candidates[*decision.winner]);
  return decision;
}

std::size_t Blockchain::Adopt(Chain chain) {
  CHAINSIM_CHECK(!chain.empty());
  std::size_t requeued = 0;
  if (requeue_lost_transactions_) {
    // The shared prefix ends at the highest position holding the same block
    // in both chains: below a shared block, hash links make every block shared.
    std::size_t keep = std::min(chain_.size(), chain.size());
    while (keep > 0 && chain_[keep - 1] != chain[keep - 1] &&
           chain_[keep - 1]->hash() != chain[keep - 1]->hash()) {
      --keep;
    }
    requeued = RequeueLostTransactions(std::span<const BlockPtr>(chain_).subspan(keep),
                                       std::span<const BlockPtr>(chain).subspan(keep), pending_);
  }
  chain_ = std::move(chain);
  return requeued;
}

std::size_t Blockchain::AdoptTail(std::size_t keep, std::span<const BlockPtr> tail) {
  CHAINSIM_CHECK(keep >= 1 && keep <= chain_.size());
  const std::size_t requeued =
      requeue_lost_transactions_
          ? RequeueLostTransactions(std::span<const BlockPtr>(chain_).subspan(keep), tail, pending_)
          : 0;
  chain_.resize(keep);
  chain_.insert(chain_.end(), tail.begin(), tail.end());
  return requeued;
}

}  // namespace chainsim
