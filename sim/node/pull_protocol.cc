#include "sim/node/pull_protocol.h"

#include <utility>

#include "core/resolve.h"

namespace chainsim::sim {

PullProtocol::PullProtocol(NodeHost& host, int node_count, std::uint64_t seed)
    : host_(host), states_(static_cast<std::size_t>(node_count)), phase_rng_(seed) {}

void PullProtocol::Start(NodeIndex node) {
  const SimTime interval = host_.scenario().protocol.resolve_interval;
  if (interval > 0) {
    // A random phase, so that nodes do not all resolve at the same instants.
    const auto phase =
        static_cast<SimTime>(phase_rng_.UniformInt(static_cast<std::uint64_t>(interval)));
    ScheduleTimer(node, phase);
  }
}

void PullProtocol::ScheduleTimer(NodeIndex node, SimTime delay) {
  states_[node].timer = host_.engine().ScheduleAfter(delay, [this, node] {
    ScheduleTimer(node, host_.scenario().protocol.resolve_interval);
    RequestResolve(node);
  });
}

void PullProtocol::Stop(NodeIndex node) {
  State& state = states_[node];
  host_.engine().Cancel(state.timer);
  host_.engine().Cancel(state.timeout);
  state.resolving = false;
  state.resolve_again = false;
  state.replies.clear();
  ++state.round;
}

void PullProtocol::CatchUp(NodeIndex node) { RequestResolve(node); }

void PullProtocol::OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) {
  (void)tip;
  (void)mined_here;
  if (!host_.scenario().protocol.resolve_on_announce) return;
  for (const NodeIndex peer : host_.node(node).peers) {
    host_.network().Send(node, peer, kAnnounceBytes, [this, peer] { RequestResolve(peer); });
  }
}

void PullProtocol::RequestResolve(NodeIndex node) {
  if (!host_.node(node).up) return;
  State& state = states_[node];
  if (state.resolving) {
    state.resolve_again = true;
    return;
  }
  BeginResolve(node);
}

void PullProtocol::BeginResolve(NodeIndex node) {
  State& state = states_[node];
  const std::vector<NodeIndex>& peers = host_.node(node).peers;
  ++resolves_started_;
  state.resolving = true;
  const std::uint32_t round = ++state.round;
  state.replies.assign(peers.size(), nullptr);
  state.awaiting = peers.size();
  if (peers.empty()) {
    FinishResolve(node);
    return;
  }
  state.timeout =
      host_.engine().ScheduleAfter(host_.scenario().protocol.request_timeout, [this, node, round] {
        if (states_[node].round != round || !states_[node].resolving) return;
        replies_timed_out_ += states_[node].awaiting;
        FinishResolve(node);
      });
  for (std::size_t slot = 0; slot < peers.size(); ++slot) {
    const NodeIndex peer = peers[slot];
    host_.network().Send(node, peer, kChainRequestBytes, [this, node, peer, round, slot] {
      // At the peer: reply with its chain as it is now.
      std::shared_ptr<const Chain> chain = host_.ChainReply(peer);
      const std::size_t bytes = host_.ChainBytes(*chain);
      host_.network().Send(peer, node, bytes,
                           [this, node, round, slot, reply = std::move(chain)]() mutable {
                             OnReply(node, round, slot, std::move(reply));
                           });
    });
  }
}

void PullProtocol::OnReply(NodeIndex node, std::uint32_t round, std::size_t slot,
                           std::shared_ptr<const Chain> chain) {
  State& state = states_[node];
  if (state.round != round || !state.resolving || state.replies[slot]) return;
  state.replies[slot] = std::move(chain);
  if (--state.awaiting == 0) FinishResolve(node);
}

void PullProtocol::FinishResolve(NodeIndex node) {
  State& state = states_[node];
  host_.engine().Cancel(state.timeout);
  state.resolving = false;
  std::vector<const Chain*> candidates;
  candidates.reserve(state.replies.size());
  for (const std::shared_ptr<const Chain>& reply : state.replies) {
    if (reply) candidates.push_back(reply.get());
  }
  SimNode& self = host_.node(node);
  const ResolveDecision decision = ChooseChain(self.blockchain.chain(), candidates,
                                               self.blockchain.rules(), &host_.link_cache());
  // Candidates are the replies in slot order, missing ones left out.
  for (std::size_t slot = 0, i = 0; slot < state.replies.size(); ++slot) {
    if (!state.replies[slot]) continue;
    const CandidateVerdict& verdict = decision.verdicts[i++];
    if (verdict.outcome == CandidateOutcome::kInvalid) {
      host_.ChainRejected(node, self.peers[slot], *state.replies[slot], verdict.reason);
    }
  }
  if (decision.winner) {
    const Chain& winner = *candidates[*decision.winner];
    const BlockId tip = host_.tree().IdOf(winner.back());
    host_.SwitchTip(node, tip, SwitchCause::kResolve, &winner);
  }
  state.replies.clear();
  if (state.resolve_again) {
    state.resolve_again = false;
    BeginResolve(node);
  }
}

}  // namespace chainsim::sim
