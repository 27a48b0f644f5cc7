#include "sim/behaviour/double_spend_behaviour.h"

#include <string>

#include "core/check.h"
#include "sim/behaviour/branch_rank.h"

namespace chainsim::sim {

DoubleSpendBehaviour::DoubleSpendBehaviour(NodeHost& host, NodeIndex node,
                                           const DoubleSpendConfig& config,
                                           const ProtocolConfig& protocol, ForkChoice fork_choice)
    : AdversaryBehaviour(host, node, protocol, fork_choice),
      config_(config),
      fork_choice_(fork_choice),
      fork_(host.Tip(node)),
      payment_(Json{{"amount", config.amount},
                    {"recipient", "merchant"},
                    {"sender", "attacker-" + std::to_string(node)}}) {
  CHAINSIM_CHECK(config_.confirmations >= 0 && config_.give_up >= 1 && config_.premine >= 0);
  host_.ReportAttack({AttackKind::kDoubleSpend, AttackStep::kStarted, node_, fork_, kNoBlock,
                      static_cast<std::uint64_t>(config_.confirmations)});
}

void DoubleSpendBehaviour::OnUp() {
  if (phase_ == Phase::kPremining && config_.premine == 0) SendPayment();
}

void DoubleSpendBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  CHAINSIM_CHECK(node == node_);
  view_.HoldSecret(block);
  if (phase_ == Phase::kDone) {
    view_.Publish(block);
    return;
  }
  const std::uint64_t branch = tree_[block].height - tree_[fork_].height;
  host_.ReportAttack(
      {AttackKind::kDoubleSpend, AttackStep::kWithheld, node_, block, kNoBlock, branch});
  if (phase_ == Phase::kPremining && branch >= static_cast<std::uint64_t>(config_.premine)) {
    SendPayment();
  }
  Check();
}

void DoubleSpendBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  CHAINSIM_CHECK(node == node_);
  if (!view_.OnMessage(from, message)) return;
  if (phase_ == Phase::kDone) {
    FollowPublic();
  } else if (phase_ == Phase::kPremining) {
    // The honest chain moved past the fork first: start again from it.
    const BlockId pub = view_.public_tip();
    if (tree_[pub].height > tree_[fork_].height) {
      const BlockId own = host_.Tip(node_);
      host_.Adopt(node_, pub, SwitchCause::kRelay, nullptr);
      host_.ReportAttack({AttackKind::kDoubleSpend, AttackStep::kAbandoned, node_, pub, own,
                          tree_[own].height - tree_[fork_].height});
      fork_ = pub;
      if (config_.premine == 0) SendPayment();
    }
  } else {
    Check();
  }
}

void DoubleSpendBehaviour::FollowPublic() {
  if (BranchOutranks(tree_, fork_choice_, view_.public_tip(), host_.Tip(node_))) {
    host_.Adopt(node_, view_.public_tip(), SwitchCause::kRelay, nullptr);
  }
}

void DoubleSpendBehaviour::SendPayment() {
  phase_ = Phase::kRacing;
  host_.BroadcastTransaction(node_, payment_);
  host_.ReportAttack({AttackKind::kDoubleSpend, AttackStep::kPaymentSent, node_, fork_, kNoBlock,
                      tree_[host_.Tip(node_)].height - tree_[fork_].height});
  Check();
}

BlockId DoubleSpendBehaviour::PaymentBlock() const {
  // The lowest: honest miners that did not mine it keep the payment pending
  // (the tutorial never drops a pending transaction that another node's
  // block holds), so later blocks may hold it again.
  BlockId lowest = kNoBlock;
  for (BlockId id = view_.public_tip(); id != fork_ && id != 0; id = tree_[id].parent) {
    for (const Json& tx : tree_[id].block->transactions()) {
      if (tx == payment_) lowest = id;
    }
  }
  return lowest;
}

void DoubleSpendBehaviour::Check() {
  if (phase_ != Phase::kRacing) return;
  const BlockId pub = view_.public_tip();
  const BlockId own = host_.Tip(node_);
  if (!accepted_) {
    BlockId paid = kNoBlock;
    std::uint64_t confirmations = 0;
    if (config_.confirmations > 0) {
      paid = PaymentBlock();
      if (paid != kNoBlock) confirmations = tree_[pub].height - tree_[paid].height + 1;
    }
    if (confirmations >= static_cast<std::uint64_t>(config_.confirmations)) {
      accepted_ = true;
      host_.ReportAttack(
          {AttackKind::kDoubleSpend, AttackStep::kAccepted, node_, pub, paid, confirmations});
    }
  }
  if (accepted_ && BranchOutranks(tree_, fork_choice_, own, pub)) {
    phase_ = Phase::kDone;
    view_.Publish(own);
    host_.ReportAttack({AttackKind::kDoubleSpend, AttackStep::kSucceeded, node_, own, pub,
                        tree_[own].height - tree_[fork_].height});
    return;
  }
  const std::int64_t deficit = std::int64_t{tree_[pub].height} - std::int64_t{tree_[own].height};
  if (deficit >= config_.give_up) {
    phase_ = Phase::kDone;
    host_.Adopt(node_, pub, SwitchCause::kRelay, nullptr);
    host_.ReportAttack({AttackKind::kDoubleSpend, AttackStep::kGaveUp, node_, pub, own,
                        static_cast<std::uint64_t>(deficit)});
  }
}

}  // namespace chainsim::sim
