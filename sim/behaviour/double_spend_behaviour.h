#pragma once
// DoubleSpendBehaviour: the double-spend race of Nakamoto's paper (section
// 11) and Rosenfeld's "Analysis of hashrate-based double spending" (2014),
// for one attacking node (timeline action `double_spend`, docs/attacks.md).
//
// 1. Pre-mining. The attacker mines a private branch from its tip (the fork
//    point). Once the branch has `premine` blocks (0: at once) it pays the
//    merchant: the payment is broadcast to every other node
//    (NodeHost::BroadcastTransaction) and the honest miners put it in their
//    next blocks. If the public chain grows past the fork point first, the
//    attacker starts again from the public tip (Rosenfeld's pre-mining of
//    one block is premine: 1).
// 2. The race. The attacker keeps mining its branch, which omits the
//    payment. The merchant accepts once the payment's block has
//    `confirmations` blocks on the public chain, itself included (z; 0:
//    at once, unconfirmed). As soon as the merchant has accepted and the
//    attacker's branch outranks the public chain (strictly longer, or more
//    work), the attacker publishes it: the honest nodes switch, and the
//    payment is reversed (kSucceeded). If the public chain leads by
//    `give_up` blocks, the attacker adopts it (kGaveUp).
// 3. After either outcome the node mines honestly on the public chain,
//    publishing each block it finds.
//
// The merchant is the honest network: acceptance is judged on the public
// chain as the attacker's node learns it (PublicView), a hop from the
// honest nodes. The payment is {"sender": "attacker-<node>", "recipient":
// "merchant", "amount": A}.

#include <cstdint>

#include "core/json.h"
#include "sim/behaviour/adversary_behaviour.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class DoubleSpendBehaviour final : public AdversaryBehaviour {
 public:
  enum class Phase { kPremining, kRacing, kDone };

  // Will run `node`. `host` must outlive the behaviour. Reports kStarted
  // (count: the confirmations the merchant waits for); the attack begins
  // with OnStart (the host calls it when it hands the node over, or when
  // the node comes up).
  DoubleSpendBehaviour(NodeHost& host, NodeIndex node, const DoubleSpendConfig& config,
                       const ProtocolConfig& protocol, ForkChoice fork_choice);

  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;

  Phase phase() const { return phase_; }
  BlockId fork() const { return fork_; }
  const Json& payment() const { return payment_; }

 private:
  // Pays at once when nothing is to be pre-mined.
  void OnUp() override;
  void SendPayment();
  // The lowest block of the public chain above the fork holding the
  // payment (kNoBlock: none).
  BlockId PaymentBlock() const;
  // Acceptance, success and giving up, after any change.
  void Check();
  // Adopts the public tip (when it is not the node's tip's descendant's).
  void FollowPublic();

  const DoubleSpendConfig config_;
  const ForkChoice fork_choice_;
  Phase phase_ = Phase::kPremining;
  BlockId fork_;
  Json payment_;
  bool accepted_ = false;
};

}  // namespace chainsim::sim
