#include "sim/behaviour/pull_behaviour.h"

#include <utility>

#include "core/check.h"

namespace chainsim::sim {
namespace {

// A chain request's tag: the resolve round and the peer's slot.
std::uint64_t Tag(std::uint32_t round, std::size_t slot) {
  return (std::uint64_t{round} << 32) | static_cast<std::uint32_t>(slot);
}

}  // namespace

PullBehaviour::PullBehaviour(NodeHost& host, int node_count, const ProtocolConfig& config)
    : host_(host),
      resolve_interval_(config.resolve_interval),
      resolve_on_announce_(config.resolve_on_announce),
      request_timeout_(config.request_timeout),
      states_(static_cast<std::size_t>(node_count)),
      phase_rng_(host.NewStream("resolve-phase", 0)) {}

void PullBehaviour::OnStart(NodeIndex node) {
  if (resolve_interval_ > 0) {
    // A random phase, so that nodes do not all resolve at the same instants.
    const auto phase =
        static_cast<SimTime>(phase_rng_.UniformInt(static_cast<std::uint64_t>(resolve_interval_)));
    ScheduleTimer(node, phase);
  }
}

void PullBehaviour::ScheduleTimer(NodeIndex node, SimTime delay) {
  states_[node].timer = host_.SetTimer(delay, [this, node] {
    ScheduleTimer(node, resolve_interval_);
    RequestResolve(node);
  });
}

void PullBehaviour::OnStop(NodeIndex node) {
  State& state = states_[node];
  host_.CancelTimer(state.timer);
  host_.CancelTimer(state.timeout);
  state.resolving = false;
  state.resolve_again = false;
  state.replies.clear();
  state.replied.clear();
  ++state.round;
}

void PullBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  (void)block;
  Announce(node);
}

void PullBehaviour::OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) {
  (void)old_tip, (void)new_tip;
  Announce(node);
}

void PullBehaviour::Announce(NodeIndex node) {
  if (!resolve_on_announce_) return;
  host_.SendEach(node, host_.Peers(node), Message::NewBlock(), kNoNode);
}

void PullBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  switch (message.kind) {
    case MessageKind::kNewBlock:
      RequestResolve(node);
      break;
    case MessageKind::kChainRequest:
      // Reply with the chain as it is now: the branch ending at the tip.
      host_.Send(node, from, Message::BranchReply(message.tag, host_.Tip(node)));
      break;
    case MessageKind::kChainReply:
      OnReply(node, message);
      break;
    default:
      break;  // push relay messages: not spoken here
  }
}

void PullBehaviour::RequestResolve(NodeIndex node) {
  if (!host_.IsUp(node)) return;
  State& state = states_[node];
  if (state.resolving) {
    state.resolve_again = true;
    return;
  }
  BeginResolve(node);
}

void PullBehaviour::BeginResolve(NodeIndex node) {
  State& state = states_[node];
  const std::span<const NodeIndex> peers = host_.Peers(node);
  host_.Count(BehaviourCounter::kResolveStarted, 1);
  state.resolving = true;
  const std::uint32_t round = ++state.round;
  state.replies.assign(peers.size(), Message{});
  state.replied.assign(peers.size(), false);
  state.awaiting = peers.size();
  if (peers.empty()) {
    FinishResolve(node);
    return;
  }
  state.timeout = host_.SetTimer(request_timeout_, [this, node, round] {
    State& self = states_[node];
    if (self.round != round || !self.resolving) return;
    host_.Count(BehaviourCounter::kReplyTimedOut, self.awaiting);
    FinishResolve(node);
  });
  for (std::size_t slot = 0; slot < peers.size(); ++slot) {
    host_.Send(node, peers[slot], Message::ChainRequest(Tag(round, slot)));
  }
}

void PullBehaviour::OnReply(NodeIndex node, const Message& reply) {
  // The node has every block of the reply, whether its resolve uses it or not.
  host_.ReceivedChain(node, reply);
  State& state = states_[node];
  const auto round = static_cast<std::uint32_t>(reply.tag >> 32);
  const auto slot = static_cast<std::size_t>(reply.tag & 0xffffffffU);
  if (state.round != round || !state.resolving || slot >= state.replies.size() ||
      state.replied[slot]) {
    return;
  }
  CHAINSIM_CHECK(reply.chain != nullptr || reply.block != kNoBlock);
  state.replies[slot] = reply;
  state.replied[slot] = true;
  if (--state.awaiting == 0) FinishResolve(node);
}

void PullBehaviour::FinishResolve(NodeIndex node) {
  State& state = states_[node];
  host_.CancelTimer(state.timeout);
  state.resolving = false;
  // One slot per peer, in registration order; null where no reply came.
  std::vector<const Message*> candidates(state.replies.size(), nullptr);
  for (std::size_t slot = 0; slot < state.replies.size(); ++slot) {
    if (state.replied[slot]) candidates[slot] = &state.replies[slot];
  }
  const ResolveDecision decision = host_.ChooseReply(node, candidates);
  const std::span<const NodeIndex> peers = host_.Peers(node);
  for (std::size_t slot = 0; slot < decision.verdicts.size(); ++slot) {
    const CandidateVerdict& verdict = decision.verdicts[slot];
    // The peers may have changed since the requests went out
    // (NodeHost::SetPeers): a slot beyond them is not reported.
    if (verdict.outcome == CandidateOutcome::kInvalid && slot < peers.size()) {
      const Message& reply = *candidates[slot];
      if (reply.chain) {
        host_.ChainRejected(node, peers[slot], *reply.chain, verdict.reason);
      } else {  // a rejected branch is rare (and reported in words): build its blocks
        host_.ChainRejected(node, peers[slot], host_.Blocks().ChainTo(reply.block), verdict.reason);
      }
    }
  }
  if (decision.winner) {
    const Message& winner = *candidates[*decision.winner];
    host_.Adopt(node, ReplyTip(winner), SwitchCause::kResolve, winner.chain.get());
  } else if (tie_break_ != nullptr) {
    const std::ptrdiff_t slot = PreferredTie(node, candidates);
    if (slot >= 0) {
      const Message& tied = *candidates[static_cast<std::size_t>(slot)];
      host_.Adopt(node, ReplyTip(tied), SwitchCause::kResolve, tied.chain.get());
    }
  }
  state.replies.clear();
  state.replied.clear();
  if (state.resolve_again) {
    state.resolve_again = false;
    BeginResolve(node);
  }
}

BlockId PullBehaviour::ReplyTip(const Message& reply) const {
  return reply.chain ? host_.Blocks().IdOf(reply.chain->back()) : reply.block;
}

std::ptrdiff_t PullBehaviour::PreferredTie(NodeIndex node,
                                           std::span<const Message* const> candidates) {
  const BlockTree& tree = host_.Blocks();
  const BlockId tip = host_.Tip(node);
  for (std::size_t slot = 0; slot < candidates.size(); ++slot) {
    const Message* reply = candidates[slot];
    if (reply == nullptr) continue;
    const Chain* chain = reply->chain.get();  // null: a branch of the tree
    if (chain != nullptr && chain->empty()) continue;
    const BlockId candidate = ReplyTip(*reply);
    if (candidate == kNoBlock ||
        (chain != nullptr && tree[candidate].height + std::size_t{1} != chain->size()) ||
        !tie_break_->SwitchOnTie(node, candidate, tip)) {
      continue;
    }
    // The reply must be the run's branch to that tip, link by link (a
    // branch reply is, by construction; its links are still checked).
    bool valid = true;
    for (BlockId id = candidate; id != 0 && valid; id = tree[id].parent) {
      valid = (chain == nullptr || (*chain)[tree[id].height].get() == tree[id].block.get()) &&
              host_.LinkValid(id);
    }
    if (valid) return static_cast<std::ptrdiff_t>(slot);
  }
  return -1;
}

}  // namespace chainsim::sim
