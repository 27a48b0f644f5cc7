#pragma once
// AdversaryBehaviour: what every adversary that runs one node shares (the
// selfish miner, the double spender, the withholder): its host, its node,
// and its window on the network (PublicView), which it starts on OnStart,
// stops on OnStop and refreshes on OnCatchUp and OnHeal. Its own chain
// changes only by its own decisions, so OnTipChanged does nothing. A
// subclass adds what happens when the node comes up (OnUp) and its
// reactions to blocks and messages.
//
// Thread safety: none (the host's thread).

#include "core/check.h"
#include "sim/behaviour/node_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/behaviour/public_view.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class AdversaryBehaviour : public NodeBehaviour {
 public:
  void OnStart(NodeIndex node) final {
    CHAINSIM_CHECK(node == node_);
    view_.Start();
    OnUp();
  }
  void OnCatchUp(NodeIndex node) final {
    CHAINSIM_CHECK(node == node_);
    view_.Poll();
  }
  void OnStop(NodeIndex node) final {
    CHAINSIM_CHECK(node == node_);
    view_.Stop();
  }
  void OnHeal(NodeIndex node) final {
    CHAINSIM_CHECK(node == node_);
    view_.Poll();
  }
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) final {
    (void)node, (void)old_tip, (void)new_tip;
  }

  const PublicView& view() const { return view_; }

 protected:
  // `host` must outlive the behaviour; `node` is the only node it runs.
  AdversaryBehaviour(NodeHost& host, NodeIndex node, const ProtocolConfig& protocol,
                     ForkChoice fork_choice)
      : host_(host), tree_(host.Blocks()), node_(node), view_(host, node, protocol, fork_choice) {}

  // The node came up (or was handed over) and its view has started.
  virtual void OnUp() {}

  NodeHost& host_;
  const BlockTree& tree_;  // host_.Blocks()
  const NodeIndex node_;
  PublicView view_;
};

}  // namespace chainsim::sim
