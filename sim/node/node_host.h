#pragma once
// NodeHost: what a protocol may do in the world it runs in: read the clock,
// set timers, send messages, read and switch nodes' chains.
//
// The Simulation implements it; tests may implement it with fakes. Every
// chain switch goes through SwitchTip so that metrics, miners and the
// transaction rules see it.

#include <cstddef>
#include <memory>
#include <string>

#include "core/block.h"
#include "core/chain_rules.h"
#include "core/link_cache.h"
#include "sim/engine/engine.h"
#include "sim/metrics/block_tree.h"
#include "sim/metrics/run_metrics.h"
#include "sim/net/network.h"
#include "sim/node/sim_node.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class NodeHost {
 public:
  virtual ~NodeHost() = default;

  virtual Engine& engine() = 0;
  virtual Network& network() = 0;
  virtual SimNode& node(NodeIndex index) = 0;
  virtual const BlockTree& tree() const = 0;
  virtual const Scenario& scenario() const = 0;

  // Switches `node` to the branch ending at `new_tip` (a block of the tree).
  // `chain`, when given, is that branch as a whole chain (pull replies carry
  // one); otherwise the node's chain is edited in place. Tells metrics, the
  // miner and the protocol (Protocol::OnTipChanged).
  virtual void SwitchTip(NodeIndex node, BlockId new_tip, SwitchCause cause,
                         const Chain* chain) = 0;

  // True if the link from `block`'s parent to `block` passes valid_chain's
  // two checks under the run's rules (cached per block: blocks are immutable).
  virtual bool LinkValid(BlockId block) = 0;

  // A validation cache shared by all nodes (they share block objects):
  // ChooseChain with it gives the same verdicts as without.
  virtual LinkCache& link_cache() = 0;

  // What `node` sends in reply to a chain request now: its chain, or a
  // forged one if it forges (SimNode::ChainReply).
  virtual std::shared_ptr<const Chain> ChainReply(NodeIndex node) = 0;

  // `node`'s resolve turned down `peer`'s reply `chain`: it would have won
  // (longer, or more work) but valid_chain rejects it, for `reason`.
  virtual void ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                             const std::string& reason) = 0;

  // Bytes of a block on the wire, and of a /chain reply carrying `chain`.
  virtual std::size_t BlockBytes(const Block& block) const = 0;
  virtual std::size_t ChainBytes(const Chain& chain) const = 0;
};

}  // namespace chainsim::sim
