#pragma once
// DelegatingBehaviour: a behaviour wrapped around another one (the one the
// nodes ran before: a run's protocol, or an honest behaviour an adversary
// builds on) that passes every hook on to it. A wrapper derives from it and
// overrides only the hooks it changes, so a hook added to NodeBehaviour
// later reaches every wrapped behaviour without editing the wrappers.
// The forger, the eclipse attack and the transaction relay are wrappers.

#include "sim/behaviour/node_behaviour.h"

namespace chainsim::sim {

class DelegatingBehaviour : public NodeBehaviour {
 public:
  // `inner` must outlive this object.
  explicit DelegatingBehaviour(NodeBehaviour& inner) : inner_(&inner) {}

  void OnStart(NodeIndex node) override { inner_->OnStart(node); }
  void OnCatchUp(NodeIndex node) override { inner_->OnCatchUp(node); }
  void OnStop(NodeIndex node) override { inner_->OnStop(node); }
  void OnHeal(NodeIndex node) override { inner_->OnHeal(node); }
  void OnHandedOver(NodeIndex node) override { inner_->OnHandedOver(node); }
  void OnBlockFound(NodeIndex node, BlockId block) override { inner_->OnBlockFound(node, block); }
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) override {
    inner_->OnTipChanged(node, old_tip, new_tip);
  }
  void OnTransaction(NodeIndex node, TransactionId transaction) override {
    inner_->OnTransaction(node, transaction);
  }
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override {
    inner_->OnMessage(node, from, message);
  }
  SimTime IdleUntil(NodeIndex node, NodeIndex from, const Message& message) const override {
    return inner_->IdleUntil(node, from, message);
  }
  void Prefetch(NodeIndex node) const override { inner_->Prefetch(node); }

 protected:
  // The wrapped behaviour.
  NodeBehaviour& inner() const { return *inner_; }

 private:
  NodeBehaviour* inner_;
};

}  // namespace chainsim::sim
