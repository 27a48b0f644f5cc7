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
//
// Cost: announcements whose arrival is known to do nothing schedule no event
// (Network::SendUnobserved and Send with idle_until): to a peer that holds
// the block, and, when the scenario crashes no node, to a peer that asked
// for the block, holds its parent, and will not time the request out before
// the announcement arrives. Results are the same as with every announcement
// delivered.

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
  // REQUIRES: the scenario's timeline crashes nodes (the Simulation stops
  // nodes only for crash events; the announcement shortcut relies on it).
  void Stop(NodeIndex node) override;
  void CatchUp(NodeIndex node) override;
  void OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) override;
  // Reconnected peers exchange their tips, as nodes do in a handshake.
  void OnHeal(NodeIndex node) override { CatchUp(node); }

  std::uint64_t invalid_blocks() const { return invalid_blocks_; }

 private:
  // One bit per (node, block), stored block by block: the bits of all nodes
  // for one block are contiguous, so relaying a block touches one small
  // array. Grown on demand as blocks appear.
  class BlockBits {
   public:
    explicit BlockBits(int node_count);
    bool Contains(NodeIndex node, BlockId block) const {
      const std::size_t word = block * words_ + node / 64;
      return word < bits_.size() && ((bits_[word] >> (node % 64)) & 1U) != 0;
    }
    void Insert(NodeIndex node, BlockId block);
    void Erase(NodeIndex node, BlockId block);
    // Erases `node`'s bits for every block.
    void EraseNode(NodeIndex node);

   private:
    std::size_t words_;  // per block
    std::vector<std::uint64_t> bits_;
  };
  struct Orphan {
    BlockId block;
    NodeIndex from;
  };
  // A request's timeout, set and not yet fired.
  struct PendingTimeout {
    BlockId block;
    SimTime deadline;
  };
  struct State {
    std::vector<Orphan> orphans;
    // In the order they fire (the timeout is the same for every request).
    std::vector<PendingTimeout> timeouts;
  };

  void Announce(NodeIndex node, BlockId block, NodeIndex except);
  void OnInventory(NodeIndex node, NodeIndex from, BlockId block);
  void Request(NodeIndex node, NodeIndex from, BlockId block);
  void OnBlock(NodeIndex node, NodeIndex from, BlockId block);
  void Accept(NodeIndex node, NodeIndex from, BlockId block);
  bool Better(BlockId candidate, BlockId tip) const;
  // The deadline of `state`'s earliest pending timeout for `block`; 0 if none.
  static SimTime FirstTimeout(const State& state, BlockId block);

  NodeHost& host_;
  std::vector<State> states_;
  BlockBits have_;                   // accepted into the node's block store
  BlockBits requested_;              // asked for and not yet received
  bool crashes_ = false;             // the scenario's timeline crashes nodes
  std::vector<Orphan> accept_work_;  // Accept's work list, reused
  std::uint64_t invalid_blocks_ = 0;
};

}  // namespace chainsim::sim
