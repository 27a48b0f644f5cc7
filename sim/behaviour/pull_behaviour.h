#pragma once
// PullBehaviour: the tutorial's consensus, run over simulated links.
//
// A resolve at node A sends a chain request (GET /chain) to every peer A
// registered; each peer that receives it replies with its whole chain (a
// kChainReply; its size on the wire is the chain's real serialized size).
// When every reply is in, or request_timeout after the requests went out,
// A applies core's ChooseChain to the replies, one slot per peer in
// registration order (null for a peer that did not answer in time), and
// adopts the winner, if any: the strictly longest valid chain, ties keeping
// A's. A reply that would have won but fails valid_chain (a forger's,
// sim/behaviour/forger_behaviour.h) is reported to the host.
//
// Resolves are triggered by a per-node timer (resolve_interval, with a random
// phase per node drawn from the stream "resolve-phase" in the order nodes
// start) and, when resolve_on_announce is set, by announcements: a node
// whose tip changes sends kNewBlock to its peers, and each peer resolves. A
// node asked to resolve while resolving resolves once more right after.
//
// Counted: resolves started, and requests unanswered when their resolve
// timed out (BehaviourCounter).

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/behaviour/node_behaviour.h"
#include "sim/behaviour/node_host.h"
#include "sim/behaviour/tie_break.h"
#include "sim/engine/random.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class PullBehaviour final : public NodeBehaviour {
 public:
  // `host` must outlive the behaviour; `node_count` covers every node it may
  // run. Reads resolve_interval, resolve_on_announce and request_timeout
  // from `config`.
  PullBehaviour(NodeHost& host, int node_count, const ProtocolConfig& config);

  void OnStart(NodeIndex node) override;
  void OnCatchUp(NodeIndex node) override { RequestResolve(node); }
  void OnStop(NodeIndex node) override;
  // Nothing: the tutorial has no notion of reconnecting; the resolve timer
  // (or the next announced block) brings the sides together.
  void OnHeal(NodeIndex node) override { (void)node; }
  // As a crash: timers cancelled, the resolve in progress forgotten.
  void OnHandedOver(NodeIndex node) override { OnStop(node); }
  void OnBlockFound(NodeIndex node, BlockId block) override;
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) override;
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;

  // Starts a resolve at `node` now (or right after the one in progress).
  // Does nothing for a node that is down.
  void RequestResolve(NodeIndex node);
  // Ties between equally long chains are broken by `tie_break` (not owned;
  // null: keep ours, the tutorial's rule): a resolve that adopts nothing
  // moves to the first tied reply, in peer order, that the rule prefers and
  // whose blocks are the run's with valid links.
  void set_tie_break(const TieBreak* tie_break) { tie_break_ = tie_break; }

 private:
  struct State {
    bool resolving = false;
    bool resolve_again = false;
    std::uint32_t round = 0;  // bumped per resolve and on crash: stale replies are ignored
    std::size_t awaiting = 0;
    std::vector<std::shared_ptr<const Chain>> replies;  // by position in the node's peers
    TimerId timeout;
    TimerId timer;
  };

  void Announce(NodeIndex node);
  void BeginResolve(NodeIndex node);
  void OnReply(NodeIndex node, std::uint64_t tag, std::shared_ptr<const Chain> chain);
  void FinishResolve(NodeIndex node);
  void ScheduleTimer(NodeIndex node, SimTime delay);
  // The slot of the first reply that ties with `node`'s chain, is made of
  // the run's blocks with valid links and that tie_break_ prefers; -1 if
  // none.
  std::ptrdiff_t PreferredTie(NodeIndex node, std::span<const Chain* const> candidates);

  NodeHost& host_;
  const SimTime resolve_interval_;
  const bool resolve_on_announce_;
  const SimTime request_timeout_;
  std::vector<State> states_;
  Random phase_rng_;
  const TieBreak* tie_break_ = nullptr;
};

}  // namespace chainsim::sim
