#pragma once
// PublicView: an adversary node's window on the network. It learns the
// public chain from its honest peers, in whichever protocol they speak, and
// shows them only the blocks it has published; its own chain (the host's
// chain of the node, on which it mines) may run ahead in private.
//
// Learning. Push: an inv of a block it lacks is answered with a getdata (a
// request unanswered for request_timeout may go to the next announcer); a
// block whose parent it lacks waits while the parent is asked for; a block is
// held once its link passes LinkValid (an invalid one is counted, as the
// honest relay counts it). Pull: a peer's kNewBlock is answered with a chain
// request to that peer, and with a resolve_interval every peer is asked on
// that timer; a reply's blocks are held if they are blocks of the run whose
// links are valid (a forged chain, whose tip the run never mined, teaches
// nothing). The public tip is the best held block that others mined or that
// this node published (BranchOutranks; ties keep the one held first).
//
// Showing. Push: getdata is answered only for held blocks that are not
// secret; a tip request gets an inv of the shown tip. Pull: a chain request
// gets the chain up to the shown tip. The shown tip is the node's own tip,
// or, while the tip is secret, its highest published ancestor. The node
// does not relay others' blocks (an attacker has no reason to help them).
//
// One PublicView per adversary node; it acts only for that node.
// Thread safety: none (the host's thread).

#include <cstdint>
#include <memory>
#include <vector>

#include "core/chain_rules.h"
#include "sim/behaviour/message.h"
#include "sim/behaviour/node_host.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

class PublicView {
 public:
  // `host` must outlive the view. Reads the protocol kind, request_timeout
  // and resolve_interval from `protocol`. The node's current chain is held
  // and public (the node took part honestly until now).
  PublicView(NodeHost& host, NodeIndex node, const ProtocolConfig& protocol,
             ForkChoice fork_choice);

  // The node came up (or the attack began): starts the pull timer and asks
  // the peers what they hold.
  void Start();
  // The node crashed: cancels the pull timer and forgets requests.
  void Stop();
  // Asks every peer what it holds (push: tip requests; pull: chain
  // requests).
  void Poll();

  // The node mined `block`: held and secret.
  void HoldSecret(BlockId block);
  // Publishes the node's blocks from `tip` down to the first one that is not
  // secret, and announces them (push: an inv of each, lowest first; pull: a
  // kNewBlock). `tip` becomes the public tip if it outranks it. Returns how
  // many blocks were published. REQUIRES: `tip` held.
  std::size_t Publish(BlockId tip);

  // Handles a message to the node. Returns true if the public tip changed
  // to a block that outranks the previous one.
  bool OnMessage(NodeIndex from, const Message& message);

  BlockId public_tip() const { return public_tip_; }
  bool Held(BlockId block) const { return block < held_.size() && held_[block]; }
  bool Secret(BlockId block) const { return block < secret_.size() && secret_[block]; }
  // Blocks of the node's own chain that are secret.
  std::size_t SecretCount() const;
  // The node's own tip, or its highest published ancestor.
  BlockId ShownTip() const;
  // The block of the node's own chain at `height`. REQUIRES: height <= the
  // tip's height.
  BlockId OwnAt(std::uint32_t height) const;

 private:
  struct Orphan {
    BlockId block;
    NodeIndex from;
  };
  void Mark(std::vector<bool>& bits, BlockId block, bool value);
  // Makes `block` held and, if it outranks the public tip, public. Returns
  // true if the public tip changed.
  bool Learn(BlockId block);
  bool OnInventory(NodeIndex from, BlockId block);
  bool OnBlock(NodeIndex from, BlockId block);
  bool OnChainReply(const Message& message);
  void ScheduleResolve();

  NodeHost& host_;
  const BlockTree& tree_;
  const NodeIndex node_;
  const ProtocolKind kind_;
  const SimTime request_timeout_;
  const SimTime resolve_interval_;
  const ForkChoice fork_choice_;
  std::vector<bool> held_;
  std::vector<bool> secret_;
  std::vector<SimTime> requested_at_;  // per block: when asked (push), -1 never
  std::vector<Orphan> orphans_;
  BlockId public_tip_ = 0;
  TimerId resolve_timer_;
  // Pull: the chain shown, built once per shown tip.
  BlockId shown_cached_ = kNoBlock;
  std::shared_ptr<const Chain> shown_chain_;
};

}  // namespace chainsim::sim
