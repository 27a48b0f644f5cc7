#pragma once
// WithholderBehaviour: a miner that keeps every block it finds to itself
// (timeline action `withhold`, docs/attacks.md), on a private branch from
// its tip at the start, ignoring the public chain. Two attacks in one:
//
// - Block withholding (sabotage): without `release_after` it never shows a
//   block. Its hash power is lost to the network, whose main chain then
//   grows at (1 - w) / T for a withholder of share w and an interval T.
// - The majority miner's secret chain: with `release_after` it publishes
//   its branch that long after the start; a branch longer than the public
//   chain (a majority of the hash power gets one) replaces the honest
//   nodes' history. Afterwards it mines honestly on the public chain,
//   publishing each block.
//
// What it learns and shows goes through PublicView; it reports kWithheld
// for each block and kPublished at the release (`other`: the public tip
// then).

#include "sim/behaviour/adversary_behaviour.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class WithholderBehaviour final : public AdversaryBehaviour {
 public:
  // Will run `node` (the attack begins with OnStart). `host` must outlive
  // the behaviour. Reports kStarted. REQUIRES: config.release_after >= 0.
  WithholderBehaviour(NodeHost& host, NodeIndex node, const WithholdConfig& config,
                      const ProtocolConfig& protocol, ForkChoice fork_choice);
  ~WithholderBehaviour() override;

  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;

  bool released() const { return released_; }

 private:
  // Releases now if the release time passed while the node was down.
  void OnUp() override;
  void Release();

  const ForkChoice fork_choice_;
  const BlockId fork_;
  bool released_ = false;
  bool release_due_ = false;  // the release time passed while the node was down
  TimerId release_timer_;
};

}  // namespace chainsim::sim
