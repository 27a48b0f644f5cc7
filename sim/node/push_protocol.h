#pragma once
// PushProtocol: block relay as real networks do it, on the same core blocks.
//
// A node that accepts a block announces it (inv) to its peers. A peer that
// lacks the block and has not asked for it yet asks the announcer (getdata),
// which sends the block. A received block is checked as valid_chain checks a
// link (previous_hash and proof against its parent); a block whose parent is
// unknown waits while the parent is asked for from the same peer. Each
// accepted block extends the node's block store; the node moves to it when
// its branch is better under the fork-choice rule (strictly longer, or more
// work), so ties keep the branch seen first. A request unanswered after
// request_timeout may be made again to the next announcer. A node that comes
// up, or whose partition heals, asks its peers for their tips.

#include <cstdint>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/node/node_host.h"
#include "sim/node/protocol.h"

namespace chainsim::sim {

class PushProtocol final : public Protocol {
 public:
  // `host` must outlive the protocol.
  PushProtocol(NodeHost& host, int node_count);

  void Start(NodeIndex node) override;
  void Stop(NodeIndex node) override;
  void CatchUp(NodeIndex node) override;
  void OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) override;
  // Reconnected peers exchange their tips, as nodes do in a handshake.
  void OnHeal(NodeIndex node) override { CatchUp(node); }

  std::uint64_t invalid_blocks() const { return invalid_blocks_; }

 private:
  // Per-node bit sets over block ids, grown on demand.
  class BlockSet {
   public:
    bool Contains(BlockId id) const {
      const std::size_t word = id / 64;
      return word < bits_.size() && ((bits_[word] >> (id % 64)) & 1U) != 0;
    }
    void Insert(BlockId id);
    void Erase(BlockId id);

   private:
    std::vector<std::uint64_t> bits_;
  };
  struct Orphan {
    BlockId block;
    NodeIndex from;
  };
  struct State {
    BlockSet have;       // accepted into the node's block store
    BlockSet requested;  // asked for and not yet received
    std::vector<Orphan> orphans;
  };

  void Announce(NodeIndex node, BlockId block, NodeIndex except);
  void OnInventory(NodeIndex node, NodeIndex from, BlockId block);
  void Request(NodeIndex node, NodeIndex from, BlockId block);
  void OnBlock(NodeIndex node, NodeIndex from, BlockId block);
  void Accept(NodeIndex node, NodeIndex from, BlockId block);
  bool Better(BlockId candidate, BlockId tip) const;

  NodeHost& host_;
  std::vector<State> states_;
  std::uint64_t invalid_blocks_ = 0;
};

}  // namespace chainsim::sim
