#pragma once
// TransactionRelayBehaviour: transaction relay by flooding (scenario option
// protocol.transaction_relay), wrapped around a run's honest protocol (pull
// or push), which does everything else.
//
// A node that gets a new transaction, from a client (OnTransaction) or from
// a peer (kTransaction), sends it once to each of its peers (except the one
// it came from); a relayed transaction enters the receiver's pending list
// (NodeHost::AddPending), so a transaction sent to a node that does not mine
// reaches the miners. Duplicates are suppressed by transaction identity (the
// run's TransactionId, one per distinct canonical JSON): a node relays and
// queues each transaction at most once, however many peers send it.
//
// Memory: one bit per (node, transaction) seen (NodeBits), kept for the
// whole run: ceil(nodes / 64) words per transaction, i.e. 1/8 byte per node
// where each node's pending list holds a copy of the transaction itself.
//
// Crashes and partitions act on kTransaction as on block messages (the
// network drops them). Catch-up: a node that comes back (a restart or a
// join: OnCatchUp) and every node after a heal (OnHeal) asks each of its
// peers for its pending transactions (kPendingRequest, Bitcoin's BIP 35
// `mempool`); a peer answers with one kTransaction per pending transaction,
// oldest first, at most kCatchUpBytes of them (NodeHost::
// PendingTransactions); the asker queues and relays those it has not seen,
// as any relayed transaction. So a transaction flooded while a node was
// down or partitioned away reaches it once it is back, if a peer still
// holds it pending. All of it is counted on the wire.
//
// Cost: IdleUntil promises that a kTransaction does nothing at a node that
// has seen it (for ever: the bits only grow); other promises are the
// wrapped behaviour's.

#include <cstddef>
#include <memory>

#include "sim/behaviour/delegating_behaviour.h"
#include "sim/behaviour/node_bits.h"
#include "sim/behaviour/node_host.h"

namespace chainsim::sim {

class TransactionRelayBehaviour final : public DelegatingBehaviour {
 public:
  // The most a peer sends in answer to one kPendingRequest: 1 MiB of
  // kTransaction messages (about 5,000 of the workload's transactions).
  static constexpr std::size_t kCatchUpBytes = std::size_t{1} << 20;

  // Relays for every node of `node_count` that it runs; `protocol` (owned)
  // gets every other event. `host` must outlive the behaviour.
  // REQUIRES: protocol non-null.
  TransactionRelayBehaviour(NodeHost& host, std::unique_ptr<NodeBehaviour> protocol,
                            int node_count);

  // The wrapped protocol.
  NodeBehaviour& protocol() { return inner(); }
  // True if `node` has seen (queued and relayed) `transaction`.
  bool Seen(NodeIndex node, TransactionId transaction) const {
    return seen_.Contains(node, transaction);
  }

  // The protocol's catch-up, then the pending transactions asked of the peers.
  void OnCatchUp(NodeIndex node) override;
  void OnHeal(NodeIndex node) override;
  void OnTransaction(NodeIndex node, TransactionId transaction) override;
  // kTransaction and kPendingRequest are the relay's; every other kind goes
  // to the protocol.
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;
  SimTime IdleUntil(NodeIndex node, NodeIndex from, const Message& message) const override;

 private:
  // Marks `transaction` seen at `node` and sends it to its peers but
  // `except`. REQUIRES: not seen yet.
  void Relay(NodeIndex node, TransactionId transaction, NodeIndex except);

  NodeHost& host_;
  std::unique_ptr<NodeBehaviour> protocol_;  // owns inner()
  NodeBits seen_;
};

}  // namespace chainsim::sim
