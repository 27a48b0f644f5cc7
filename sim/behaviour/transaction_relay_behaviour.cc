#include "sim/behaviour/transaction_relay_behaviour.h"

#include <utility>

#include "core/check.h"

namespace chainsim::sim {
namespace {

NodeBehaviour& NonNull(const std::unique_ptr<NodeBehaviour>& protocol) {
  CHAINSIM_CHECK(protocol != nullptr);
  return *protocol;
}

}  // namespace

TransactionRelayBehaviour::TransactionRelayBehaviour(NodeHost& host,
                                                     std::unique_ptr<NodeBehaviour> protocol,
                                                     int node_count)
    : DelegatingBehaviour(NonNull(protocol)),
      host_(host),
      protocol_(std::move(protocol)),
      seen_(node_count) {}

void TransactionRelayBehaviour::OnTransaction(NodeIndex node, TransactionId transaction) {
  // The client's submission already queued it.
  if (!seen_.Contains(node, transaction)) Relay(node, transaction, kNoNode);
  inner().OnTransaction(node, transaction);
}

void TransactionRelayBehaviour::OnCatchUp(NodeIndex node) {
  inner().OnCatchUp(node);
  host_.SendEach(node, host_.Peers(node), Message::PendingRequest(), kNoNode);
}

void TransactionRelayBehaviour::OnHeal(NodeIndex node) {
  inner().OnHeal(node);
  host_.SendEach(node, host_.Peers(node), Message::PendingRequest(), kNoNode);
}

void TransactionRelayBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  if (message.kind == MessageKind::kPendingRequest) {
    for (const TransactionId transaction : host_.PendingTransactions(node, kCatchUpBytes)) {
      host_.Send(node, from, Message::Transaction(transaction));
    }
    return;
  }
  if (message.kind != MessageKind::kTransaction) {
    inner().OnMessage(node, from, message);
    return;
  }
  if (seen_.Contains(node, message.transaction)) return;
  host_.AddPending(node, message.transaction);
  Relay(node, message.transaction, from);
}

SimTime TransactionRelayBehaviour::IdleUntil(NodeIndex node, NodeIndex from,
                                             const Message& message) const {
  if (message.kind == MessageKind::kPendingRequest) return 0;
  if (message.kind != MessageKind::kTransaction) return inner().IdleUntil(node, from, message);
  return seen_.Contains(node, message.transaction) ? kNever : 0;
}

void TransactionRelayBehaviour::Relay(NodeIndex node, TransactionId transaction, NodeIndex except) {
  seen_.Insert(node, transaction);
  host_.SendEach(node, host_.Peers(node), Message::Transaction(transaction), except);
}

}  // namespace chainsim::sim
