#include "sim/behaviour/public_view.h"

#include <algorithm>
#include <utility>

#include "core/check.h"
#include "sim/behaviour/branch_rank.h"

namespace chainsim::sim {

PublicView::PublicView(NodeHost& host, NodeIndex node, const ProtocolConfig& protocol,
                       ForkChoice fork_choice)
    : host_(host),
      tree_(host.Blocks()),
      node_(node),
      kind_(protocol.kind),
      request_timeout_(protocol.request_timeout),
      resolve_interval_(protocol.resolve_interval),
      fork_choice_(fork_choice),
      public_tip_(host.Tip(node)) {
  for (BlockId id = public_tip_; id != kNoBlock; id = tree_[id].parent) Mark(held_, id, true);
}

void PublicView::Mark(std::vector<bool>& bits, BlockId block, bool value) {
  if (bits.size() <= block) bits.resize(std::max<std::size_t>(block + 1, tree_.size()), false);
  bits[block] = value;
}

void PublicView::Start() {
  if (kind_ == ProtocolKind::kPull && resolve_interval_ > 0) ScheduleResolve();
  Poll();
}

void PublicView::ScheduleResolve() {
  resolve_timer_ = host_.SetTimer(resolve_interval_, [this] {
    ScheduleResolve();
    Poll();
  });
}

void PublicView::Stop() {
  host_.CancelTimer(resolve_timer_);
  requested_at_.clear();
  orphans_.clear();
}

void PublicView::Poll() {
  if (!host_.IsUp(node_)) return;
  const Message ask =
      kind_ == ProtocolKind::kPull ? Message::ChainRequest(0) : Message::TipRequest();
  host_.SendEach(node_, host_.Peers(node_), ask, kNoNode);
}

void PublicView::HoldSecret(BlockId block) {
  Mark(held_, block, true);
  Mark(secret_, block, true);
}

std::size_t PublicView::Publish(BlockId tip) {
  CHAINSIM_CHECK(Held(tip));
  std::vector<BlockId> released;
  for (BlockId id = tip; Secret(id); id = tree_[id].parent) {
    secret_[id] = false;
    released.push_back(id);
  }
  if (BranchOutranks(tree_, fork_choice_, tip, public_tip_)) public_tip_ = tip;
  if (released.empty()) return 0;
  if (kind_ == ProtocolKind::kPush) {
    std::reverse(released.begin(), released.end());  // lowest first
    for (const BlockId id : released) {
      host_.SendEach(node_, host_.Peers(node_), Message::Inventory(id), kNoNode);
    }
  } else {
    host_.SendEach(node_, host_.Peers(node_), Message::NewBlock(), kNoNode);
  }
  return released.size();
}

std::size_t PublicView::SecretCount() const {
  std::size_t n = 0;
  for (BlockId id = host_.Tip(node_); Secret(id); id = tree_[id].parent) ++n;
  return n;
}

BlockId PublicView::ShownTip() const {
  BlockId id = host_.Tip(node_);
  while (Secret(id)) id = tree_[id].parent;
  return id;
}

BlockId PublicView::OwnAt(std::uint32_t height) const {
  BlockId id = host_.Tip(node_);
  CHAINSIM_CHECK(tree_[id].height >= height);
  while (tree_[id].height > height) id = tree_[id].parent;
  return id;
}

bool PublicView::Learn(BlockId block) {
  Mark(held_, block, true);
  if (!BranchOutranks(tree_, fork_choice_, block, public_tip_)) return false;
  public_tip_ = block;
  return true;
}

bool PublicView::OnMessage(NodeIndex from, const Message& message) {
  switch (message.kind) {
    case MessageKind::kInventory:
      return OnInventory(from, message.block);
    case MessageKind::kBlock:
      return OnBlock(from, message.block);
    case MessageKind::kGetData:
      if (Held(message.block) && !Secret(message.block)) {
        host_.Send(node_, from, Message::BlockData(message.block));
      }
      return false;
    case MessageKind::kTipRequest:
      host_.Send(node_, from, Message::Inventory(ShownTip()));
      return false;
    case MessageKind::kNewBlock:
      host_.Send(node_, from, Message::ChainRequest(0));
      return false;
    case MessageKind::kChainRequest: {
      const BlockId shown = ShownTip();
      if (shown != shown_cached_) {
        shown_cached_ = shown;
        shown_chain_ = shown == host_.Tip(node_)
                           ? host_.Snapshot(node_)
                           : std::make_shared<const Chain>(tree_.ChainTo(shown));
      }
      host_.Send(node_, from, Message::ChainReply(message.tag, shown_chain_));
      return false;
    }
    case MessageKind::kChainReply:
      return OnChainReply(message);
    case MessageKind::kTransaction:
    case MessageKind::kPendingRequest:
      return false;  // adversaries do not relay transactions
    case MessageKind::kCompactBlock:
      return OnInventory(from, message.block);  // fetched whole (kGetData)
    case MessageKind::kGetBlockTxn:
    case MessageKind::kBlockTxn:
      return false;  // adversaries announce with kInventory: never asked
  }
  return false;
}

bool PublicView::OnInventory(NodeIndex from, BlockId block) {
  if (Held(block)) return false;
  if (requested_at_.size() <= block) requested_at_.resize(block + 1, -1);
  const SimTime asked = requested_at_[block];
  if (asked >= 0 && host_.Now() < asked + request_timeout_) return false;
  requested_at_[block] = host_.Now();
  host_.Send(node_, from, Message::GetData(block));
  return false;
}

bool PublicView::OnBlock(NodeIndex from, BlockId block) {
  if (block < requested_at_.size()) requested_at_[block] = -1;
  if (Held(block)) return false;
  host_.Received(node_, block);  // the whole block is here, orphan or not (docs/metrics.md)
  if (!Held(tree_[block].parent)) {
    orphans_.push_back({block, from});
    OnInventory(from, tree_[block].parent);
    return false;
  }
  bool changed = false;
  std::vector<BlockId> work{block};
  while (!work.empty()) {
    const BlockId next = work.back();
    work.pop_back();
    if (!host_.LinkValid(next)) {
      host_.Count(BehaviourCounter::kInvalidBlock, 1);
      continue;
    }
    changed = Learn(next) || changed;
    auto waiting = std::partition(orphans_.begin(), orphans_.end(),
                                  [&](const Orphan& o) { return tree_[o.block].parent != next; });
    for (auto it = waiting; it != orphans_.end(); ++it) work.push_back(it->block);
    orphans_.erase(waiting, orphans_.end());
  }
  return changed;
}

bool PublicView::OnChainReply(const Message& message) {
  // A reply is a vector of blocks, or (an honest node's) a branch of the tree.
  const Chain* chain = message.chain.get();
  if (chain != nullptr && chain->empty()) return false;
  host_.ReceivedChain(node_, message);  // every block of the reply is here (docs/metrics.md)
  const BlockId tip = chain != nullptr ? tree_.IdOf(chain->back()) : message.block;
  if (tip == kNoBlock || Held(tip) ||
      (chain != nullptr && tree_[tip].height + std::size_t{1} != chain->size())) {
    return false;
  }
  // The blocks above the highest one held, lowest first; each must be the
  // chain's block at its height and link validly.
  std::vector<BlockId> fresh;
  for (BlockId id = tip; !Held(id); id = tree_[id].parent) fresh.push_back(id);
  std::reverse(fresh.begin(), fresh.end());  // lowest first
  for (const BlockId id : fresh) {
    const bool same_block =
        chain == nullptr || (*chain)[tree_[id].height].get() == tree_[id].block.get();
    if (!same_block || !host_.LinkValid(id)) return false;
  }
  bool changed = false;
  for (const BlockId id : fresh) changed = Learn(id) || changed;
  return changed;
}

}  // namespace chainsim::sim
