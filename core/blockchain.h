#pragma once
// Blockchain: the state of one tutorial node (its chain, pending
// transactions and registered peers) and the operations of blockchain.py.
//
// The simulator's virtual nodes and the real HTTP node both hold one of
// these, so the decisions a node makes about its own state are made here
// once: which peers it registered and in what order, which chain resolve
// adopts, and what adopting a chain does to pending transactions. Time and
// identity come from the caller (core reads no clock and no random source).
// Not thread-safe: the owner serialises access.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/peer_list.h"
#include "core/resolve.h"
#include "core/result.h"

namespace chainsim {

// The genesis block of the reference: index 1, proof 100, no transactions,
// previous_hash "1" (the integer 1 in the article variant).
BlockPtr MakeGenesis(double timestamp, ProofVariant variant = ProofVariant::kTutorial);

// {"sender": "0", "recipient": node_id, "amount": 1}: the mining reward.
Json RewardTransaction(const std::string& node_id);
// True for a mining reward: an object whose "sender" is the string "0" (the
// reference's marker; a reward is never re-queued, the new chain pays its own).
bool IsRewardTransaction(const Json& transaction);

// The node decisions below are free functions so that a node that keeps its
// chain elsewhere (the simulator's nodes hold only a tip in the run's shared
// block tree, sim/node/sim_node.h) makes them with the same code as
// Blockchain.

// The block /mine (and new_block) appends to a chain of `length` blocks
// ending with `last`: the reward to `node_id` joins `pending`, then every
// pending transaction goes into the block (index length + 1, previous_hash
// last's hash, `proof`, stamped `timestamp`), leaving `pending` empty.
// REQUIRES: pending is an array.
BlockPtr MakeNextBlock(const Block& last, std::size_t length, const std::string& node_id,
                       Json& pending, std::int64_t proof, double timestamp);

// What adopting a chain does to pending transactions when re-queueing is on:
// the transactions of `discarded` (our blocks the adopted chain does not
// share, oldest first), except rewards and those `gained` (the adopted
// chain's blocks after the shared prefix) holds, are appended to `pending`,
// in block order. Returns how many.
std::size_t RequeueLostTransactions(std::span<const BlockPtr> discarded,
                                    std::span<const BlockPtr> gained, Json& pending);

// What the simulator's transaction relay does when a node adopts blocks:
// the entries of `pending` that one of `blocks` holds (by canonical JSON)
// are dropped, the others kept in order, so that a transaction every miner
// heard of is not mined again once it is in the chain (the tutorial never
// does this). Returns how many went. REQUIRES: pending is an array.
std::size_t DropPendingIn(std::span<const BlockPtr> blocks, Json& pending);

// register_node: stores `address` in `peers` in the form ParseNodeAddress
// makes, after the peers registered before it; an address registered before
// changes nothing. Returns the stored form. On error nothing changes.
Result<std::string> RegisterAddress(PeerList& peers, std::string_view address);

class Blockchain {
 public:
  // A new node whose chain is a fresh genesis block made at `genesis_timestamp`.
  // REQUIRES: CheckRules(rules).ok().
  Blockchain(ChainRules rules, std::string node_id, double genesis_timestamp);

  // A node restored from saved state, with no registered peers (register
  // saved ones with RegisterNodes). REQUIRES: !chain.empty(),
  // pending_transactions is an array.
  Blockchain(ChainRules rules, std::string node_id, Chain chain, Json pending_transactions);

  const ChainRules& rules() const { return rules_; }
  const std::string& node_id() const { return node_id_; }
  const Chain& chain() const { return chain_; }
  const Block& last_block() const { return *chain_.back(); }
  // The transactions the next mined block will carry (a JSON array).
  const Json& pending_transactions() const { return pending_; }
  // Registered peers, as ParseNodeAddress stored them, in registration
  // order, each once.
  const std::vector<std::string>& nodes() const { return nodes_.ordered(); }

  // Named option (off by default, as in the reference): when adopting a
  // chain discards blocks of ours, their transactions, except rewards and
  // those the adopted chain already holds, go back to the pending list.
  bool requeue_lost_transactions() const { return requeue_lost_transactions_; }
  void set_requeue_lost_transactions(bool on) { requeue_lost_transactions_ = on; }

  // new_transaction: queues {"amount", "recipient", "sender"} and returns the
  // index of the block that will hold it (last index + 1: an integer of any
  // size, as the last block's index may be).
  Json NewTransaction(Json sender, Json recipient, Json amount);
  // Queues an already-built transaction value as it is.
  Json AddTransaction(Json transaction);

  // The /mine endpoint: proof_of_work from `start_nonce` on the last block
  // (under retargeting, against the next block's target, NextTarget),
  // then the reward transaction, then a new block with every pending
  // transaction, stamped `timestamp`. Returns the new block.
  BlockPtr Mine(double timestamp, std::int64_t start_nonce = 0);

  // new_block(proof): forges a block from the pending transactions with an
  // already-found proof and appends it. The caller vouches for the proof
  // (the simulator's deterministic race computes it once for all miners).
  BlockPtr Forge(std::int64_t proof, double timestamp);

  // register_node: stores the address per ParseNodeAddress, after the peers
  // registered before it; registering an address twice changes nothing.
  // Returns the stored form. On error nothing changes.
  Result<std::string> RegisterNode(std::string_view address);
  // RegisterNode for each address in order, all or nothing: if any address
  // is rejected nothing changes and the error names it. Returns how many
  // were new. O((n + m) log(n + m)) for n registered and m given.
  Result<std::size_t> RegisterNodes(std::span<const std::string> addresses);

  // resolve_conflicts over chains the caller fetched, one slot per peer
  // (null: no reply): adopts the winner of ChooseChain, if any, with Adopt.
  // The decision says which candidate won and why each other one did not.
  ResolveDecision Resolve(std::span<const Chain* const> candidates);

  // Adopts `chain` in place of ours: the one way a node switches chains.
  // The caller has decided (e.g. by ChooseChain) that `chain` should win.
  // Pending transactions stay as they are, unless requeue_lost_transactions
  // is on: then the transactions of our blocks that `chain` does not share
  // (found by comparing block hashes from the tip down), except rewards and
  // those `chain`'s own new blocks hold, are appended to the pending list,
  // oldest block first and in block order. Returns how many were re-queued.
  // REQUIRES: !chain.empty().
  std::size_t Adopt(Chain chain);

  // Adopt for a chain that shares our first `keep` blocks: keeps them and
  // appends `tail`, in O(changed blocks). REQUIRES: 1 <= keep <=
  // chain().size(). The caller vouches that the result is a chain it has
  // decided to hold.
  std::size_t AdoptTail(std::size_t keep, std::span<const BlockPtr> tail);

 private:
  ChainRules rules_;
  std::string node_id_;
  Chain chain_;
  Json pending_ = Json::array();
  PeerList nodes_;
  bool requeue_lost_transactions_ = false;
};

}  // namespace chainsim
