#include "core/blockchain.h"

#include <utility>

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

Blockchain::Blockchain(ChainRules rules, std::string node_id, double genesis_timestamp)
    : Blockchain(rules, std::move(node_id),
                 Chain{MakeGenesis(genesis_timestamp, rules.proof_variant)}, Json::array(), {}) {}

Blockchain::Blockchain(ChainRules rules, std::string node_id, Chain chain,
                       Json pending_transactions, std::set<std::string> nodes)
    : rules_(rules),
      node_id_(std::move(node_id)),
      chain_(std::move(chain)),
      pending_(std::move(pending_transactions)),
      nodes_(std::move(nodes)) {
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
  if (node.ok()) nodes_.insert(node.value());
  return node;
}

ResolveDecision Blockchain::Resolve(std::span<const Chain* const> candidates) {
  ResolveDecision decision = ChooseChain(chain_, candidates, rules_);
  if (decision.winner) chain_ = *candidates[*decision.winner];
  return decision;
}

void Blockchain::ReplaceChain(Chain chain) {
  CHAINSIM_CHECK(!chain.empty());
  chain_ = std::move(chain);
}

void Blockchain::ReplaceTail(std::size_t keep, std::span<const BlockPtr> tail) {
  CHAINSIM_CHECK(keep >= 1 && keep <= chain_.size());
  chain_.resize(keep);
  chain_.insert(chain_.end(), tail.begin(), tail.end());
}

}  // namespace chainsim
