#include "sim/behaviour/selfish_miner_behaviour.h"

#include "core/check.h"

namespace chainsim::sim {

SelfishMinerBehaviour::SelfishMinerBehaviour(NodeHost& host, NodeIndex node,
                                             const ProtocolConfig& protocol, ForkChoice fork_choice)
    : AdversaryBehaviour(host, node, protocol, fork_choice) {
  host_.ReportAttack({AttackKind::kSelfishMining, AttackStep::kStarted, node_, host_.Tip(node_)});
}

std::int64_t SelfishMinerBehaviour::Lead() const {
  return std::int64_t{tree_[host_.Tip(node_)].height} -
         std::int64_t{tree_[view_.public_tip()].height};
}

void SelfishMinerBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  CHAINSIM_CHECK(node == node_);
  const std::int64_t delta = Lead() - 1;  // the lead before this block
  view_.HoldSecret(block);
  ++branch_;
  host_.ReportAttack({AttackKind::kSelfishMining, AttackStep::kWithheld, node_, block, kNoBlock,
                      view_.SecretCount()});
  if (delta == 0 && branch_ == 2) {
    Publish(block, kNoBlock);  // the race is won
    branch_ = 0;
  }
}

void SelfishMinerBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  CHAINSIM_CHECK(node == node_);
  if (view_.OnMessage(from, message)) OnPublicAdvanced();
}

void SelfishMinerBehaviour::OnPublicAdvanced() {
  const BlockId own = host_.Tip(node_);
  const BlockId pub = view_.public_tip();
  const std::int64_t lead = Lead();
  if (lead < 0) {
    // The others won (or built on the pool's published blocks): mine on theirs.
    const bool lost = !tree_.IsAncestor(own, pub);
    const std::size_t dropped = view_.SecretCount();
    host_.Adopt(node_, pub, SwitchCause::kRelay, nullptr);
    branch_ = 0;
    if (lost) {
      host_.ReportAttack(
          {AttackKind::kSelfishMining, AttackStep::kAbandoned, node_, pub, own, dropped});
    }
  } else if (lead == 0) {
    if (view_.Secret(own)) {
      const std::size_t published = view_.Publish(own);
      host_.ReportAttack(
          {AttackKind::kSelfishMining, AttackStep::kRace, node_, own, pub, published});
    }
  } else if (lead == 1) {
    Publish(own, pub);
    branch_ = 0;
  } else {
    Publish(view_.OwnAt(tree_[pub].height), pub);
  }
}

void SelfishMinerBehaviour::Publish(BlockId tip, BlockId answered) {
  const std::size_t published = view_.Publish(tip);
  if (published > 0) {
    host_.ReportAttack(
        {AttackKind::kSelfishMining, AttackStep::kPublished, node_, tip, answered, published});
  }
}

}  // namespace chainsim::sim
