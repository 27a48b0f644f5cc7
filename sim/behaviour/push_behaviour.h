#pragma once
// PushBehaviour: block relay as real networks do it, on the same core blocks.
//
// A node that accepts a block announces it (kInventory) to its peers. A peer
// that lacks the block and has not asked for it yet asks the announcer
// (kGetData), which sends the block (kBlock). A received block is checked as
// valid_chain checks a link (previous_hash and proof against its parent; an
// invalid one is counted and dropped); a block whose parent is unknown waits
// while the parent is asked for from the same peer. Each accepted block
// extends the node's block store; the node moves to it when its branch
// Outranks its tip under the fork-choice rule (core/resolve.h: strictly
// longer, or more work), so ties keep the branch seen first. A request
// unanswered after request_timeout may be made again to the next announcer.
// A node that comes up, or whose partition heals, asks its peers for their
// tips (kTipRequest, answered with a kInventory of the tip).
//
// Compact block relay (config.compact_blocks): a node announces a block it
// accepts or mines with a kCompactBlock instead of a kInventory. A receiver
// that holds the parent and whose pending pool has every transaction but the
// reward (NodeHost::MissingTransactions), and whose reconstruction does not
// fail by the configured rates, has the block at once; otherwise it asks the
// sender for the missing transactions (kGetBlockTxn; all of them after a
// drawn failure) and has the block when they come (kBlockTxn), with the same
// timeout as a getdata. A receiver that lacks the parent asks for the whole
// block (kGetData) and goes on as without compact relay.
//
// Cost: IdleUntil promises that an inv does nothing at a node that holds
// the block (for ever: `have` only grows), and, when no node of the run can
// crash, at a node that asked for the block, holds its parent and will not
// time the request out before then (it accepts the valid block when it
// comes, and only a crash clears requests). The host then sends those
// announcements without an event (docs/architecture.md, "Performance
// shortcuts"). Results are the same as with every announcement delivered.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/chain_rules.h"
#include "sim/behaviour/node_behaviour.h"
#include "sim/behaviour/node_bits.h"
#include "sim/behaviour/node_host.h"
#include "sim/behaviour/tie_break.h"
#include "sim/engine/random.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class PushBehaviour final : public NodeBehaviour {
 public:
  // `host` must outlive the behaviour; `node_count` covers every node it may
  // run. Reads request_timeout from `config`. `nodes_may_crash`: whether any
  // node of the run can crash (the announcement shortcut is off then).
  PushBehaviour(NodeHost& host, int node_count, const ProtocolConfig& config,
                ForkChoice fork_choice, bool nodes_may_crash);

  void OnStart(NodeIndex node) override { (void)node; }
  void OnCatchUp(NodeIndex node) override;
  // REQUIRES: constructed with nodes_may_crash (the shortcut relies on it).
  void OnStop(NodeIndex node) override;
  // Reconnected peers exchange their tips, as nodes do in a handshake.
  void OnHeal(NodeIndex node) override { OnCatchUp(node); }
  void OnBlockFound(NodeIndex node, BlockId block) override;
  // Nothing: relayed blocks are announced when accepted.
  void OnTipChanged(NodeIndex node, BlockId old_tip, BlockId new_tip) override {
    (void)node, (void)old_tip, (void)new_tip;
  }
  void OnMessage(NodeIndex node, NodeIndex from, const Message& message) override;
  SimTime IdleUntil(NodeIndex node, NodeIndex from, const Message& message) const override;
  // Loads the node's request timeouts (what IdleUntil reads of the node).
  void Prefetch(NodeIndex node) const override { timeouts_.Prefetch(node); }

  // Ties between equally ranked branches are broken by `tie_break` (not
  // owned; null: first-seen, the default): an accepted block whose branch
  // ties with the node's tip is adopted if the rule prefers it. A preferred
  // tie only switches between blocks the node accepted, so the announcement
  // shortcut's promises hold.
  void set_tie_break(const TieBreak* tie_break) { tie_break_ = tie_break; }

 private:
  struct Orphan {
    BlockId block;
    NodeIndex from;
  };
  // A request's timeout, not yet expired (ExpireRequests).
  struct PendingTimeout {
    BlockId block;
    SimTime deadline;
  };
  // Every node's pending request timeouts, each node's in the order they
  // fire (the timeout is the same for every request). A node's first kNear
  // sit in a 32-byte record of an array of them: a node rarely has more than
  // one or two requests out, so IdleUntil, which reads them for every inv of
  // a requested block to a random peer, finds them in one cache line
  // (docs/performance.md, issue 15).
  class TimeoutQueues {
   public:
    explicit TimeoutQueues(std::size_t node_count) : near_(node_count), far_(node_count) {}
    bool empty(NodeIndex node) const { return near_[node].size == 0; }
    PendingTimeout front(NodeIndex node) const {
      return {near_[node].block[0], near_[node].deadline[0]};
    }
    void push_back(NodeIndex node, PendingTimeout timeout);
    void pop_front(NodeIndex node);
    // The deadline of `node`'s earliest pending timeout for `block` (one not
    // expired yet, whose deadline may be past); 0 if none.
    SimTime FirstFor(NodeIndex node, BlockId block) const;
    void Prefetch(NodeIndex node) const { __builtin_prefetch(&near_[node]); }

   private:
    static constexpr std::uint32_t kNear = 2;
    struct alignas(32) Near {
      std::array<SimTime, kNear> deadline{};  // of the first min(size, kNear)
      std::array<BlockId, kNear> block{};
      std::uint32_t size = 0;  // the node's pending timeouts, far ones included
    };
    static_assert(sizeof(Near) == 32);
    std::vector<Near> near_;
    std::vector<std::vector<PendingTimeout>> far_;  // the rest, in order
  };
  struct State {
    std::vector<Orphan> orphans;
  };

  void Announce(NodeIndex node, BlockId block, NodeIndex except);
  void OnCompactBlock(NodeIndex node, NodeIndex from, BlockId block);
  // True if `node`'s reconstruction fails by the configured rates (draws).
  bool ReconstructionFails(NodeIndex node);
  void OnInventory(NodeIndex node, NodeIndex from, BlockId block);
  // Sends `ask` (kGetData, or kGetBlockTxn) for `block` to `from` and marks
  // it requested until it comes or times out.
  void Request(NodeIndex node, NodeIndex from, BlockId block, const Message& ask);
  void OnBlock(NodeIndex node, NodeIndex from, BlockId block);
  void Accept(NodeIndex node, NodeIndex from, BlockId first);
  // True if the branch ending at `candidate` Outranks the one ending at `tip`.
  bool Better(BlockId candidate, BlockId tip) const;
  // IdleUntil for an inv of a block that `node` asked for (no crashes).
  SimTime IdleWhileRequested(NodeIndex node, BlockId block) const;
  // Times out `node`'s requests whose deadline is now or past, first made
  // first: each is forgotten (may be made again) unless its block came. Run
  // before `node` reads or changes its requests, so each timeout takes
  // effect at its deadline without an engine event of its own (all but a
  // handful of requests are answered in time). A timeout at the very time
  // of a message takes effect before the message.
  void ExpireRequests(NodeIndex node);

  NodeHost& host_;
  const BlockTree& tree_;  // host_.Blocks()
  const SimTime request_timeout_;
  const ForkChoice fork_choice_;
  const bool nodes_may_crash_;
  std::vector<State> states_;
  std::size_t orphans_waiting_ = 0;  // in every node's State::orphans
  TimeoutQueues timeouts_;
  NodeBits have_;                    // accepted into the node's block store
  NodeBits requested_;               // asked for and not yet received
  std::vector<Orphan> accept_work_;  // Accept's work list, reused
  const TieBreak* tie_break_ = nullptr;
  // Compact block relay (empty vectors when off).
  const CompactBlockConfig compact_;
  std::vector<bool> churn_;           // per node: a churn node (else control)
  std::vector<Random> compact_rngs_;  // per node: failure draws
};

}  // namespace chainsim::sim
