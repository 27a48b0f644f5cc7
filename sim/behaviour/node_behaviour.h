#pragma once
// NodeBehaviour: what a node does, as reactions to its own events. Honest
// pull (the tutorial's resolve), honest push (a block relay) and the forger
// are behaviours; so will be the adversaries (selfish miner, double-spend
// attacker, eclipse attacker, block withholder).
//
// A behaviour acts only through its NodeHost (sim/behaviour/node_host.h):
// clock, timers, send, random streams, its nodes' chain state. The host
// calls the methods below; each says when, and what the host has already
// done by then. One behaviour object may run many nodes (the honest nodes
// of a run share one, so that per-node state sits in arrays indexed by
// node); every method names the node concerned, and a behaviour keeps each
// node's state apart. A node is run by one behaviour at a time; the host may
// hand a node to another behaviour during the run (the timeline's `forge`
// does), and then delivers that node's later messages and tip changes to
// the new one.
//
// Adding a behaviour: one class implementing this interface, its settings
// in the scenario and their reader, and tests on the fake host
// (CONTRIBUTING.md, "Adding a node behaviour"). Nothing in the engine or
// the network changes.
//
// Thread safety: none; called from the thread driving the host.

#include "sim/behaviour/message.h"
#include "sim/chain/ids.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

class NodeBehaviour {
 public:
  virtual ~NodeBehaviour() = default;

  // `node` came up: at the start of the run, on a restart, or on a join (it
  // has registered its peers); called before its miner starts. Also called
  // when a running node is handed to this behaviour (an adversary taking it
  // over, after the previous behaviour's OnHandedOver).
  virtual void OnStart(NodeIndex node) = 0;
  // After a restart or a join, once `node` is up and mining: it should learn
  // what its peers hold.
  virtual void OnCatchUp(NodeIndex node) = 0;
  // `node` crashed. The network has dropped what it was sending and what
  // was in flight to it; nothing more arrives until OnStart. Timers it set
  // still fire unless cancelled here. Its chain is kept for its restart.
  virtual void OnStop(NodeIndex node) = 0;
  // A partition ended; called for every node that is up.
  virtual void OnHeal(NodeIndex node) = 0;
  // `node` is handed to another behaviour (an adversary takes it over): this
  // one gets no more of its events, and must cancel the timers it set for it
  // (a pending resolve must not change its chain later). Default: nothing.
  virtual void OnHandedOver(NodeIndex node) { (void)node; }

  // `node` mined `block` on its tip: its chain now ends with it, and the
  // metrics and the miner know. (OnTipChanged is not called for it.)
  virtual void OnBlockFound(NodeIndex node, BlockId block) = 0;
  // `node`'s chain switched from `old_tip` to `new_tip` through
  // NodeHost::Adopt (possibly this behaviour's own call, still on the
  // stack); the metrics and the miner know.
  virtual void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) = 0;
  // A client submitted `transaction` to `node`: it is in `node`'s pending
  // list now (a relay forwards it, TransactionRelayBehaviour). Not called
  // for NodeHost::BroadcastTransaction, nor for transactions a relay adds.
  // Default: nothing (the tutorial's node keeps it to itself).
  virtual void OnTransaction(NodeIndex node, TransactionId transaction) {
    (void)node, (void)transaction;
  }
  // `message` from `from` arrived at `node` (which is up). Kinds the
  // behaviour does not speak are ignored.
  virtual void OnMessage(NodeIndex node, NodeIndex from, const Message& message) = 0;

  // A promise that lets the simulator skip events: `message`, sent now from
  // `from` to `node`, would do nothing if it arrived before the returned
  // time (kNever: whenever it arrived; 0: no promise). The host may then
  // deliver it as a counted arrival without calling OnMessage. A behaviour
  // that takes over a node must keep the promises its predecessor made (a
  // wrapper forwards this call). Default: no promise.
  virtual SimTime IdleUntil(NodeIndex node, NodeIndex from, const Message& message) const {
    (void)node, (void)from, (void)message;
    return 0;
  }

  // A hint that IdleUntil or OnMessage may soon be called for `node`: the
  // host calls it for each peer before announcing to all of a node's peers
  // at once, and for a message's receiver while an event before its arrival
  // runs. The behaviour may start loading the node's state into the cache.
  // Must not change anything and must not throw (it runs inside noexcept
  // hints). Default: nothing.
  virtual void Prefetch(NodeIndex node) const { (void)node; }
};

}  // namespace chainsim::sim
