#include "sim/node/push_protocol.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

PushProtocol::BlockBits::BlockBits(int node_count)
    : words_((static_cast<std::size_t>(std::max(node_count, 1)) + 63) / 64) {}

void PushProtocol::BlockBits::Insert(NodeIndex node, BlockId block) {
  const std::size_t word = block * words_ + node / 64;
  if (word >= bits_.size()) bits_.resize((block + std::size_t{1}) * words_, 0);
  bits_[word] |= std::uint64_t{1} << (node % 64);
}

void PushProtocol::BlockBits::Erase(NodeIndex node, BlockId block) {
  const std::size_t word = block * words_ + node / 64;
  if (word < bits_.size()) bits_[word] &= ~(std::uint64_t{1} << (node % 64));
}

void PushProtocol::BlockBits::EraseNode(NodeIndex node) {
  for (std::size_t word = node / 64; word < bits_.size(); word += words_) {
    bits_[word] &= ~(std::uint64_t{1} << (node % 64));
  }
}

PushProtocol::PushProtocol(NodeHost& host, int node_count)
    : host_(host),
      states_(static_cast<std::size_t>(node_count)),
      have_(node_count),
      requested_(node_count) {
  for (NodeIndex node = 0; node < states_.size(); ++node) have_.Insert(node, 0);  // genesis
  for (const TimelineEvent& event : host_.scenario().timeline) {
    if (std::holds_alternative<CrashAction>(event.action)) crashes_ = true;
  }
}

void PushProtocol::Start(NodeIndex node) { (void)node; }

void PushProtocol::Stop(NodeIndex node) {
  CHAINSIM_CHECK(crashes_);
  // In-flight answers are dropped by the network; forget what was asked.
  State& state = states_[node];
  requested_.EraseNode(node);
  state.orphans.clear();
}

void PushProtocol::CatchUp(NodeIndex node) {
  // Ask every peer for its tip: the peer answers with an inv of it.
  for (const NodeIndex peer : host_.node(node).peers) {
    host_.network().Send(node, peer, kInventoryBytes, [this, node, peer] {
      host_.network().Send(
          peer, node, kInventoryBytes,
          [this, node, peer, tip = host_.node(peer).tip] { OnInventory(node, peer, tip); });
    });
  }
}

void PushProtocol::OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) {
  if (!mined_here) return;  // relayed blocks were announced when accepted
  have_.Insert(node, tip);
  Announce(node, tip, node);
}

void PushProtocol::Announce(NodeIndex node, BlockId block, NodeIndex except) {
  Network& network = host_.network();
  // A peer that asked for the block and holds its parent accepts the block
  // when it comes (it is valid), so it holds the block or still waits for it
  // until the request times out, unless a crash clears its requests.
  const BlockId parent = host_.tree()[block].parent;
  const bool accepted_when_received = !crashes_ && host_.LinkValid(block);
  for (const NodeIndex peer : host_.node(node).peers) {
    if (peer == except) continue;
    if (have_.Contains(peer, block)) {
      // `have` only grows, so OnInventory would do nothing: same message,
      // same counters, no event.
      network.SendUnobserved(node, peer, kInventoryBytes);
      continue;
    }
    Delivery deliver = [this, peer, node, block] { OnInventory(peer, node, block); };
    if (accepted_when_received && requested_.Contains(peer, block) &&
        have_.Contains(peer, parent)) {
      network.Send(node, peer, kInventoryBytes, std::move(deliver),
                   FirstTimeout(states_[peer], block));
    } else {
      network.Send(node, peer, kInventoryBytes, std::move(deliver));
    }
  }
}

SimTime PushProtocol::FirstTimeout(const State& state, BlockId block) {
  for (const PendingTimeout& timeout : state.timeouts) {
    if (timeout.block == block) return timeout.deadline;
  }
  return 0;
}

void PushProtocol::OnInventory(NodeIndex node, NodeIndex from, BlockId block) {
  if (have_.Contains(node, block) || requested_.Contains(node, block)) return;
  Request(node, from, block);
}

void PushProtocol::Request(NodeIndex node, NodeIndex from, BlockId block) {
  State& state = states_[node];
  requested_.Insert(node, block);
  host_.network().Send(node, from, kInventoryBytes, [this, node, from, block] {
    // At `from`: send the block.
    const std::size_t bytes = host_.BlockBytes(*host_.tree()[block].block);
    host_.network().Send(from, node, bytes,
                         [this, node, from, block] { OnBlock(node, from, block); });
  });
  // If the block does not come, let the next announcer be asked.
  const SimTime timeout = host_.scenario().protocol.request_timeout;
  state.timeouts.push_back({block, host_.engine().now() + timeout});
  host_.engine().ScheduleAfter(timeout, [this, node, block] {
    State& self = states_[node];
    // Same delay for every request: they time out in the order they were made.
    CHAINSIM_CHECK(!self.timeouts.empty() && self.timeouts.front().block == block);
    self.timeouts.erase(self.timeouts.begin());
    if (!have_.Contains(node, block)) requested_.Erase(node, block);
  });
}

void PushProtocol::OnBlock(NodeIndex node, NodeIndex from, BlockId block) {
  requested_.Erase(node, block);
  if (have_.Contains(node, block)) return;
  const BlockId parent = host_.tree()[block].parent;
  if (!have_.Contains(node, parent)) {
    states_[node].orphans.push_back({block, from});
    if (!requested_.Contains(node, parent)) Request(node, from, parent);
    return;
  }
  Accept(node, from, block);
}

void PushProtocol::Accept(NodeIndex node, NodeIndex from, BlockId first) {
  // The scratch list keeps its capacity across calls (no allocation per block).
  std::vector<Orphan> work = std::move(accept_work_);
  work.assign(1, Orphan{first, from});
  while (!work.empty()) {
    const Orphan next = work.back();
    work.pop_back();
    State& state = states_[node];
    if (!host_.LinkValid(next.block)) {
      ++invalid_blocks_;
      continue;
    }
    have_.Insert(node, next.block);
    if (Better(next.block, host_.node(node).tip)) {
      host_.SwitchTip(node, next.block, SwitchCause::kRelay, nullptr);
    }
    Announce(node, next.block, next.from);
    // Orphans waiting for this block can now be accepted too.
    auto waiting = std::partition(state.orphans.begin(), state.orphans.end(), [&](const Orphan& o) {
      return host_.tree()[o.block].parent != next.block;
    });
    work.insert(work.end(), waiting, state.orphans.end());
    state.orphans.erase(waiting, state.orphans.end());
  }
  accept_work_ = std::move(work);
}

bool PushProtocol::Better(BlockId candidate, BlockId tip) const {
  const BlockTree& tree = host_.tree();
  if (host_.scenario().chain.fork_choice == ForkChoice::kMostWork) {
    return tree[candidate].chain_work > tree[tip].chain_work;
  }
  return tree[candidate].height > tree[tip].height;
}

}  // namespace chainsim::sim
