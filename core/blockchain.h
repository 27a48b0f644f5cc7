#pragma once
// Blockchain: the state of one tutorial node (its chain, pending
// transactions and registered peers) and the operations of blockchain.py.
//
// The simulator's virtual nodes and the real HTTP node both hold one of
// these. Time and identity come from the caller (core reads no clock and no
// random source). Not thread-safe: the owner serialises access.

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/resolve.h"
#include "core/result.h"

namespace chainsim {

// The genesis block of the reference: index 1, proof 100, no transactions,
// previous_hash "1" (the integer 1 in the article variant).
BlockPtr MakeGenesis(double timestamp, ProofVariant variant = ProofVariant::kTutorial);

// {"sender": "0", "recipient": node_id, "amount": 1}: the mining reward.
Json RewardTransaction(const std::string& node_id);

class Blockchain {
 public:
  // A new node whose chain is a fresh genesis block made at `genesis_timestamp`.
  // REQUIRES: CheckRules(rules).ok().
  Blockchain(ChainRules rules, std::string node_id, double genesis_timestamp);

  // A node restored from saved state. REQUIRES: !chain.empty(),
  // pending_transactions is an array.
  Blockchain(ChainRules rules, std::string node_id, Chain chain, Json pending_transactions,
             std::set<std::string> nodes);

  const ChainRules& rules() const { return rules_; }
  const std::string& node_id() const { return node_id_; }
  const Chain& chain() const { return chain_; }
  const Block& last_block() const { return *chain_.back(); }
  // The transactions the next mined block will carry (a JSON array).
  const Json& pending_transactions() const { return pending_; }
  // Registered peers, as ParseNodeAddress stored them.
  const std::set<std::string>& nodes() const { return nodes_; }

  // new_transaction: queues {"amount", "recipient", "sender"} and returns the
  // index of the block that will hold it (last index + 1: an integer of any
  // size, as the last block's index may be).
  Json NewTransaction(Json sender, Json recipient, Json amount);
  // Queues an already-built transaction value as it is.
  Json AddTransaction(Json transaction);

  // The /mine endpoint: proof_of_work from `start_nonce` on the last block,
  // then the reward transaction, then a new block with every pending
  // transaction, stamped `timestamp`. Returns the new block.
  BlockPtr Mine(double timestamp, std::int64_t start_nonce = 0);

  // new_block(proof): forges a block from the pending transactions with an
  // already-found proof and appends it. The caller vouches for the proof
  // (the simulator's deterministic race computes it once for all miners).
  BlockPtr Forge(std::int64_t proof, double timestamp);

  // register_node: stores the address per ParseNodeAddress; registering an
  // address twice changes nothing. On error nothing changes.
  Result<std::string> RegisterNode(std::string_view address);

  // resolve_conflicts over chains the caller fetched: adopts the winner of
  // ChooseChain, if any. Pending transactions are left as they are (so those
  // in discarded blocks are lost, as in the reference). The decision says
  // which candidate won and why each other one did not.
  ResolveDecision Resolve(std::span<const Chain* const> candidates);

  // Replaces the chain outright. REQUIRES: !chain.empty(). The caller has
  // decided (e.g. by ChooseChain) that `chain` should win.
  void ReplaceChain(Chain chain);

  // Keeps the first `keep` blocks and appends `tail`: a switch to another
  // branch in O(changed blocks). REQUIRES: 1 <= keep <= chain().size(). The
  // caller vouches that the result is a chain it has decided to hold.
  void ReplaceTail(std::size_t keep, std::span<const BlockPtr> tail);

 private:
  ChainRules rules_;
  std::string node_id_;
  Chain chain_;
  Json pending_ = Json::array();
  std::set<std::string> nodes_;
};

}  // namespace chainsim
