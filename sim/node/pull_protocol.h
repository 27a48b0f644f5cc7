#pragma once
// PullProtocol: the tutorial's consensus, run over simulated links.
//
// A resolve at node A sends a chain request (GET /chain) to every peer A
// registered; each peer that receives it replies with its whole chain, the
// reply's size being the chain's real serialized size. When every reply is in,
// or request_timeout after the requests went out, A applies core's
// ChooseChain to the replies in peer order and adopts the winner, if any:
// the strictly longest valid chain, ties keeping A's. Peers that did not
// answer in time are skipped. A reply that would have won but fails
// valid_chain (a forger's, sim/node/forgery.h) is reported to the host.
//
// Resolves are triggered by a per-node timer (resolve_interval, with a random
// phase per node) and, when resolve_on_announce is set, by announcements: a
// node whose tip changes tells its peers, and each peer resolves. A node
// asked to resolve while resolving resolves once more right after.

#include <memory>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/engine/random.h"
#include "sim/node/node_host.h"
#include "sim/node/protocol.h"

namespace chainsim::sim {

class PullProtocol final : public Protocol {
 public:
  // `host` must outlive the protocol. Timer phases come from `seed`.
  PullProtocol(NodeHost& host, int node_count, std::uint64_t seed);

  void Start(NodeIndex node) override;
  void Stop(NodeIndex node) override;
  void CatchUp(NodeIndex node) override;
  void OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) override;
  // Nothing: the tutorial has no notion of reconnecting; the resolve timer
  // (or the next announced block) brings the sides together.
  void OnHeal(NodeIndex node) override { (void)node; }

  // Starts a resolve at `node` now (or right after the one in progress).
  void RequestResolve(NodeIndex node);

  std::uint64_t resolves_started() const { return resolves_started_; }
  std::uint64_t replies_timed_out() const { return replies_timed_out_; }

 private:
  struct State {
    bool resolving = false;
    bool resolve_again = false;
    std::uint32_t round = 0;  // bumped per resolve and on crash: stale replies are ignored
    std::size_t awaiting = 0;
    std::vector<std::shared_ptr<const Chain>> replies;  // by position in the node's peers
    EventId timeout;
    EventId timer;
  };

  void BeginResolve(NodeIndex node);
  void OnReply(NodeIndex node, std::uint32_t round, std::size_t slot,
               std::shared_ptr<const Chain> chain);
  void FinishResolve(NodeIndex node);
  void ScheduleTimer(NodeIndex node, SimTime delay);

  NodeHost& host_;
  std::vector<State> states_;
  Random phase_rng_;
  std::uint64_t resolves_started_ = 0;
  std::uint64_t replies_timed_out_ = 0;
};

}  // namespace chainsim::sim
