#include "sim/behaviour/withholder_behaviour.h"

#include "core/check.h"
#include "sim/behaviour/branch_rank.h"

namespace chainsim::sim {

WithholderBehaviour::WithholderBehaviour(NodeHost& host, NodeIndex node,
                                         const WithholdConfig& config,
                                         const ProtocolConfig& protocol, ForkChoice fork_choice)
    : AdversaryBehaviour(host, node, protocol, fork_choice),
      fork_choice_(fork_choice),
      fork_(host.Tip(node)) {
  CHAINSIM_CHECK(config.release_after >= 0);
  host_.ReportAttack({AttackKind::kWithholding, AttackStep::kStarted, node_, fork_});
  if (config.release_after > 0) {
    release_timer_ = host_.SetTimer(config.release_after, [this] {
      if (host_.IsUp(node_)) {
        Release();
      } else {
        release_due_ = true;
      }
    });
  }
}

WithholderBehaviour::~WithholderBehaviour() { host_.CancelTimer(release_timer_); }

void WithholderBehaviour::OnUp() {
  if (release_due_) Release();
}

void WithholderBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  CHAINSIM_CHECK(node == node_);
  view_.HoldSecret(block);
  if (released_) {
    view_.Publish(block);
    return;
  }
  host_.ReportAttack({AttackKind::kWithholding, AttackStep::kWithheld, node_, block, kNoBlock,
                      tree_[block].height - tree_[fork_].height});
}

void WithholderBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  CHAINSIM_CHECK(node == node_);
  // While withholding it ignores the public chain; afterwards it follows it.
  if (view_.OnMessage(from, message) && released_ &&
      BranchOutranks(tree_, fork_choice_, view_.public_tip(), host_.Tip(node_))) {
    host_.Adopt(node_, view_.public_tip(), SwitchCause::kRelay, nullptr);
  }
}

void WithholderBehaviour::Release() {
  released_ = true;
  release_due_ = false;
  const BlockId own = host_.Tip(node_);
  const BlockId pub = view_.public_tip();
  const std::size_t published = view_.Publish(own);
  host_.ReportAttack(
      {AttackKind::kWithholding, AttackStep::kPublished, node_, own, pub, published});
  if (BranchOutranks(tree_, fork_choice_, pub, own)) {
    host_.Adopt(node_, pub, SwitchCause::kRelay, nullptr);
  }
}

}  // namespace chainsim::sim
