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
  const std::int64_t proof = ProofOfWork(last_block(), rules_, start_nonce);
  return Forge(proof, timestamp);
}

BlockPtr Blockchain::Forge(std::int64_t proof, double timestamp) {
  AddTransaction(RewardTransaction(node_id_));
  BlockFields fields;
  fields.index = static_cast<std::int64_t>(chain_.size()) + 1;
  fields.timestamp = timestamp;
  fields.transactions = std::exchange(pending_, Json::array());
  fields.proof = proof;
  fields.previous_hash = last_block().hash();
  chain_.push_back(Block::Create(std::move(fields)));
  return chain_.back();
}

Result<std::string> Blockchain::RegisterNode(std::string_view address) {
  Result<std::string> node = ParseNodeAddress(address);
  if (node.ok()) nodes_.Add(node.value());
  return node;
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
    requeued = RequeueLost(keep, std::span<const BlockPtr>(chain).subspan(keep));
  }
  chain_ = std::move(chain);
  return requeued;
}

std::size_t Blockchain::AdoptTail(std::size_t keep, std::span<const BlockPtr> tail) {
  CHAINSIM_CHECK(keep >= 1 && keep <= chain_.size());
  const std::size_t requeued = requeue_lost_transactions_ ? RequeueLost(keep, tail) : 0;
  chain_.resize(keep);
  chain_.insert(chain_.end(), tail.begin(), tail.end());
  return requeued;
}

std::size_t Blockchain::DropPendingIn(std::span<const BlockPtr> blocks) {
  if (pending_.empty()) return 0;
  std::set<std::string> held;
  for (const BlockPtr& block : blocks) {
    for (const Json& tx : block->transactions()) held.insert(ToJson(tx));
  }
  Json kept = Json::array();
  for (Json& tx : pending_) {
    if (!held.contains(ToJson(tx))) kept.push_back(std::move(tx));
  }
  const std::size_t dropped = pending_.size() - kept.size();
  pending_ = std::move(kept);
  return dropped;
}

std::size_t Blockchain::RequeueLost(std::size_t keep, std::span<const BlockPtr> gained) {
  if (keep >= chain_.size()) return 0;  // nothing of ours is discarded
  std::set<std::string> in_gained;
  for (const BlockPtr& block : gained) {
    for (const Json& tx : block->transactions()) in_gained.insert(ToJson(tx));
  }
  std::size_t requeued = 0;
  for (std::size_t k = keep; k < chain_.size(); ++k) {
    for (const Json& tx : chain_[k]->transactions()) {
      if (IsRewardTransaction(tx) || in_gained.contains(ToJson(tx))) continue;
      pending_.push_back(tx);
      ++requeued;
    }
  }
  return requeued;
}

}  // namespace chainsim
