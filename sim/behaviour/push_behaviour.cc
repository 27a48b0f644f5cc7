#include "sim/behaviour/push_behaviour.h"

#include <algorithm>
#include <utility>

#include "core/blockchain.h"
#include "core/check.h"
#include "sim/behaviour/branch_rank.h"

namespace chainsim::sim {

PushBehaviour::PushBehaviour(NodeHost& host, int node_count, const ProtocolConfig& config,
                             ForkChoice fork_choice, bool nodes_may_crash)
    : host_(host),
      tree_(host.Blocks()),
      request_timeout_(config.request_timeout),
      fork_choice_(fork_choice),
      nodes_may_crash_(nodes_may_crash),
      states_(static_cast<std::size_t>(node_count)),
      timeouts_(static_cast<std::size_t>(node_count)),
      have_(node_count),
      requested_(node_count),
      compact_(config.compact_blocks) {
  for (NodeIndex node = 0; node < states_.size(); ++node) have_.Insert(node, 0);  // genesis
  if (compact_.enabled) {
    for (NodeIndex node = 0; node < states_.size(); ++node) {
      compact_rngs_.push_back(host_.NewStream("compact", node));
      churn_.push_back(compact_rngs_.back().Uniform01() < compact_.churn_share);
    }
  }
}

void PushBehaviour::OnStop(NodeIndex node) {
  CHAINSIM_CHECK(nodes_may_crash_);
  // In-flight answers are dropped by the network; forget what was asked.
  requested_.EraseNode(node);
  orphans_waiting_ -= states_[node].orphans.size();
  states_[node].orphans.clear();
}

void PushBehaviour::OnCatchUp(NodeIndex node) {
  // Ask every peer for its tip: the peer answers with an inv of it.
  host_.SendEach(node, host_.Peers(node), Message::TipRequest(), kNoNode);
}

void PushBehaviour::OnBlockFound(NodeIndex node, BlockId block) {
  have_.Insert(node, block);
  Announce(node, block, node);
}

void PushBehaviour::OnMessage(NodeIndex node, NodeIndex from, const Message& message) {
  ExpireRequests(node);
  switch (message.kind) {
    case MessageKind::kInventory:
      OnInventory(node, from, message.block);
      break;
    case MessageKind::kGetData:
      host_.Send(node, from, Message::BlockData(message.block));
      break;
    case MessageKind::kBlock:
      OnBlock(node, from, message.block);
      break;
    case MessageKind::kTipRequest:
      host_.Send(node, from, Message::Inventory(host_.Tip(node)));
      break;
    case MessageKind::kCompactBlock:
      OnCompactBlock(node, from, message.block);
      break;
    case MessageKind::kGetBlockTxn:
      host_.Send(node, from, Message::BlockTxn(message.block, message.tag));
      break;
    case MessageKind::kBlockTxn:
      OnBlock(node, from, message.block);  // the block is whole now
      break;
    default:
      break;  // pull messages: not spoken here
  }
}

SimTime PushBehaviour::IdleUntil(NodeIndex node, NodeIndex from, const Message& message) const {
  (void)from;
  if (message.kind == MessageKind::kCompactBlock) {
    return have_.Contains(node, message.block) ? kNever : 0;
  }
  if (message.kind != MessageKind::kInventory) return 0;
  // `have` only grows, so OnInventory would do nothing, whenever it arrived.
  if (have_.Contains(node, message.block)) return kNever;
  if (nodes_may_crash_ || !requested_.Contains(node, message.block)) return 0;
  return IdleWhileRequested(node, message.block);
}

SimTime PushBehaviour::IdleWhileRequested(NodeIndex node, BlockId block) const {
  // A node that asked for the block and holds its parent accepts the block
  // when it comes (it is valid), so it holds the block or still waits for it
  // until the request times out; only a crash clears requests, and none
  // happens in this run. A deadline now or past is a request timed out,
  // not expired yet (ExpireRequests): it promises nothing.
  if (have_.Contains(node, tree_[block].parent) && host_.LinkValid(block)) {
    const SimTime deadline = timeouts_.FirstFor(node, block);
    return deadline > host_.Now() ? deadline : 0;
  }
  return 0;
}

void PushBehaviour::Announce(NodeIndex node, BlockId block, NodeIndex except) {
  const Message announcement =
      compact_.enabled ? Message::CompactBlock(block) : Message::Inventory(block);
  host_.SendEach(node, host_.Peers(node), announcement, except);
}

void PushBehaviour::OnCompactBlock(NodeIndex node, NodeIndex from, BlockId block) {
  if (have_.Contains(node, block) || requested_.Contains(node, block)) return;
  if (!have_.Contains(node, tree_[block].parent)) {
    Request(node, from, block, Message::GetData(block));  // the usual orphan path
    return;
  }
  std::size_t missing = host_.MissingTransactions(node, block);
  if (ReconstructionFails(node)) {
    missing = 0;
    for (const Json& transaction : tree_[block].block->transactions()) {
      if (!IsRewardTransaction(transaction)) ++missing;
    }
  }
  if (missing == 0) {
    OnBlock(node, from, block);  // rebuilt from the pending pool
    return;
  }
  Request(node, from, block, Message::GetBlockTxn(block, missing));
}

bool PushBehaviour::ReconstructionFails(NodeIndex node) {
  const double rate = churn_[node] ? compact_.churn_failure_rate : compact_.control_failure_rate;
  if (rate <= 0) return false;  // no draw: runs without failure rates stay as they are
  return compact_rngs_[node].Uniform01() < rate;
}

void PushBehaviour::TimeoutQueues::push_back(NodeIndex node, PendingTimeout timeout) {
  Near& near = near_[node];
  if (near.size < kNear) {
    near.deadline[near.size] = timeout.deadline;
    near.block[near.size] = timeout.block;
  } else {
    far_[node].push_back(timeout);
  }
  ++near.size;
}

void PushBehaviour::TimeoutQueues::pop_front(NodeIndex node) {
  Near& near = near_[node];
  CHAINSIM_CHECK(near.size > 0);
  std::copy(near.deadline.begin() + 1, near.deadline.end(), near.deadline.begin());
  std::copy(near.block.begin() + 1, near.block.end(), near.block.begin());
  if (near.size > kNear) {  // the first far one moves up (far_ is read only then: a miss)
    std::vector<PendingTimeout>& far = far_[node];
    near.deadline[kNear - 1] = far.front().deadline;
    near.block[kNear - 1] = far.front().block;
    far.erase(far.begin());
  }
  --near.size;
}

SimTime PushBehaviour::TimeoutQueues::FirstFor(NodeIndex node, BlockId block) const {
  const Near& near = near_[node];
  for (std::uint32_t i = 0; i < std::min(near.size, kNear); ++i) {
    if (near.block[i] == block) return near.deadline[i];
  }
  if (near.size <= kNear) return 0;
  for (const PendingTimeout& timeout : far_[node]) {
    if (timeout.block == block) return timeout.deadline;
  }
  return 0;
}

void PushBehaviour::OnInventory(NodeIndex node, NodeIndex from, BlockId block) {
  if (have_.Contains(node, block) || requested_.Contains(node, block)) return;
  Request(node, from, block, Message::GetData(block));
}

void PushBehaviour::Request(NodeIndex node, NodeIndex from, BlockId block, const Message& ask) {
  requested_.Insert(node, block);
  host_.Send(node, from, ask);
  // If the block does not come, let the next announcer be asked: the request
  // times out at this deadline (ExpireRequests).
  timeouts_.push_back(node, {block, host_.Now() + request_timeout_});
}

void PushBehaviour::ExpireRequests(NodeIndex node) {
  if (timeouts_.empty(node)) return;  // no request out: not even the clock is read
  // Same delay for every request: they time out in the order they were made.
  const SimTime now = host_.Now();
  while (!timeouts_.empty(node) && timeouts_.front(node).deadline <= now) {
    const BlockId block = timeouts_.front(node).block;
    timeouts_.pop_front(node);
    if (!have_.Contains(node, block)) requested_.Erase(node, block);
  }
}

void PushBehaviour::OnBlock(NodeIndex node, NodeIndex from, BlockId block) {
  requested_.Erase(node, block);
  if (have_.Contains(node, block)) return;
  host_.Received(node, block);  // the whole block is here, orphan or not
  const BlockId parent = tree_[block].parent;
  if (!have_.Contains(node, parent)) {
    states_[node].orphans.push_back({block, from});
    ++orphans_waiting_;
    if (!requested_.Contains(node, parent)) Request(node, from, parent, Message::GetData(parent));
    return;
  }
  Accept(node, from, block);
}

void PushBehaviour::Accept(NodeIndex node, NodeIndex from, BlockId first) {
  // The scratch list keeps its capacity across calls (no allocation per block).
  std::vector<Orphan> work = std::move(accept_work_);
  work.assign(1, Orphan{first, from});
  while (!work.empty()) {
    const Orphan next = work.back();
    work.pop_back();
    if (!host_.LinkValid(next.block)) {
      host_.Count(BehaviourCounter::kInvalidBlock, 1);
      continue;
    }
    have_.Insert(node, next.block);
    const BlockId tip = host_.Tip(node);
    if (Better(next.block, tip) ||
        (tie_break_ != nullptr && tie_break_->SwitchOnTie(node, next.block, tip))) {
      host_.Adopt(node, next.block, SwitchCause::kRelay, nullptr);
    }
    Announce(node, next.block, next.from);
    // Orphans waiting for this block can now be accepted too. (Usually no
    // node has any: then the node's list, a cache miss, is not read.)
    if (orphans_waiting_ == 0) continue;
    State& state = states_[node];
    auto waiting = std::partition(state.orphans.begin(), state.orphans.end(), [&](const Orphan& o) {
      return tree_[o.block].parent != next.block;
    });
    work.insert(work.end(), waiting, state.orphans.end());
    orphans_waiting_ -= static_cast<std::size_t>(state.orphans.end() - waiting);
    state.orphans.erase(waiting, state.orphans.end());
  }
  accept_work_ = std::move(work);
}

bool PushBehaviour::Better(BlockId candidate, BlockId tip) const {
  return BranchOutranks(tree_, fork_choice_, candidate, tip);
}

}  // namespace chainsim::sim
