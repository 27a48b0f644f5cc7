#pragma once
// NodeHost: everything a node behaviour may do in the world it runs in, and
// nothing more: read the clock, set timers, send messages, draw from its own
// random streams, and read and change its own chain state.
//
// A behaviour (sim/behaviour/node_behaviour.h) acts only through this
// interface, so it never sees the engine, the network, the metrics or the
// scenario. The Simulation (sim/node/simulation.h) implements it over the
// simulated world; tests implement it with a fake (tests/sim/behaviour/
// fake_host.h) and drive a behaviour message by message. Decisions that the
// real HTTP node makes too (registration order, adopting a chain,
// re-queueing transactions, fork choice) are core's, not the host's: the
// host hands them to core's Blockchain and ChooseChain.
//
// Nodes are addressed by index. A behaviour passes, as `node`, only the
// nodes it runs (those whose events it is given); it must not act for
// others.
//
// Determinism: given the same calls in the same order, a host gives the same
// answers and the same later events. Nothing here reads a wall clock.
// Thread safety: none; one thread drives a host and its behaviours.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/block.h"
#include "core/blockchain.h"
#include "core/json.h"
#include "core/resolve.h"
#include "sim/behaviour/message.h"
#include "sim/chain/attack_event.h"
#include "sim/chain/block_tree.h"
#include "sim/chain/ids.h"
#include "sim/chain/switch_cause.h"
#include "sim/engine/callback.h"
#include "sim/engine/engine.h"
#include "sim/engine/random.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

// A timer set with NodeHost::SetTimer (the engine's event handle).
using TimerId = EventId;

// What behaviours count for the run summary (docs/metrics.md defines each).
enum class BehaviourCounter {
  kResolveStarted,  // a pull resolve sent its chain requests
  kReplyTimedOut,   // a chain request unanswered when its resolve timed out
  kInvalidBlock,    // a relayed block whose link to its parent failed valid_chain
};

class NodeHost {
 public:
  virtual ~NodeHost() = default;

  // --- Clock ---------------------------------------------------------------

  // The current virtual time (nanoseconds since the run began).
  virtual SimTime Now() const = 0;
  // The timestamp (epoch seconds) a block made now carries.
  virtual double EpochNow() const = 0;

  // --- Timers --------------------------------------------------------------

  // Runs `on_fire` once, `delay` after now, unless cancelled first. Events
  // due at the same instant (timers, message arrivals) run in the order they
  // were scheduled. A timer fires whether or not the node that set it is up:
  // a behaviour cancels in OnStop what must not fire for a crashed node.
  // REQUIRES: delay >= 0, on_fire non-empty.
  virtual TimerId SetTimer(SimTime delay, Callback on_fire) = 0;
  // Cancels a pending timer. Cancelling one that fired, was cancelled or was
  // never set (a default TimerId) does nothing.
  virtual void CancelTimer(TimerId timer) = 0;

  // --- Messages ------------------------------------------------------------

  // Sends `message` from `from` to `to`. It may be delayed, lost, or dropped
  // (by partitions, crashes or random loss); if it arrives, the behaviour
  // then running `to` gets OnMessage(to, from, message) at the arrival time.
  // A message that does not arrive is never delivered and nobody is told.
  // Its size on the wire follows from its kind and payload
  // (FixedWireBytes, or the block's or chain's serialized size). The host
  // may ask the receiver's NodeBehaviour::IdleUntil first and skip an
  // arrival that would do nothing (the message still counts as sent, and
  // as delivered or lost). REQUIRES: kChainReply carries a chain or a
  // block of Blocks() (Message::BranchReply).
  virtual void Send(NodeIndex from, NodeIndex to, Message message) = 0;
  // Send(from, to, message) to each node of `to` in order, skipping
  // `except` (kNoNode: none): the same as those Send calls, at less cost
  // (an announcement to every peer is the hot path of a relay).
  virtual void SendEach(NodeIndex from, std::span<const NodeIndex> to, const Message& message,
                        NodeIndex except) = 0;

  // --- Randomness ----------------------------------------------------------

  // A new random stream for (`purpose`, `index`), derived from the run's
  // master seed: the same numbers for the same scenario and seed, and
  // independent of every other stream. Behaviours draw only from streams
  // they made (never from another layer's).
  virtual Random NewStream(std::string_view purpose, std::uint64_t index) const = 0;

  // --- A node's own state --------------------------------------------------

  // False while `node` is crashed or has not joined yet.
  virtual bool IsUp(NodeIndex node) const = 0;
  // The peers `node` registered, in registration order (core's Blockchain
  // keeps the order; these are the same peers as node indices). The span is
  // valid until the next event (a join appends to it).
  virtual std::span<const NodeIndex> Peers(NodeIndex node) const = 0;
  // Replaces `node`'s registered peers with `peers`, in that order (the
  // eclipse attacker holding every slot of its victim,
  // sim/behaviour/eclipse_behaviour.h): Peers(node) returns them from now
  // on, across crashes and restarts, until RestorePeers. It changes only
  // whom `node` addresses; messages from other nodes still arrive (its
  // behaviour decides what to do with them), and a behaviour's exchanges
  // in flight may still name former peers. REQUIRES: `node` not in
  // `peers`, no repeats.
  virtual void SetPeers(NodeIndex node, std::span<const NodeIndex> peers) = 0;
  // Gives `node` back the peers its links give it (as registered at the
  // start or at its join), undoing SetPeers.
  virtual void RestorePeers(NodeIndex node) = 0;
  // The block at the end of `node`'s chain.
  virtual BlockId Tip(NodeIndex node) const = 0;
  // A copy of `node`'s core state: its chain, pending transactions, id and
  // rules, without registered peers (Peers has them). O(chain length): the
  // simulator keeps chains as branches of Blocks(), so this builds one.
  // Bind the result to a variable before iterating its members: a range-for
  // over State(node).pending_transactions() would read a destroyed copy.
  virtual Blockchain State(NodeIndex node) const = 0;
  // `node`'s chain as a shared immutable vector: the same object until the
  // chain changes. O(chain length) when made; an honest /chain reply sends
  // the branch instead (Message::BranchReply(tag, Tip(node))).
  virtual std::shared_ptr<const Chain> Snapshot(NodeIndex node) = 0;

  // Core's ChooseChain for `node`: its chain against `candidates` (one slot
  // per peer, null for no reply), under the run's rules. Changes nothing
  // (a validation cache shared by the run gives the same verdicts faster).
  virtual ResolveDecision ChooseChain(NodeIndex node, std::span<const Chain* const> candidates) = 0;
  // The same over /chain replies, one slot per peer: a kChainReply (with a
  // chain or a branch of Blocks()) or null for no reply. A branch is judged
  // from facts kept per block, in O(1) amortised (the same verdicts as its
  // blocks would get), so a resolve costs O(peers), not O(peers x length).
  virtual ResolveDecision ChooseReply(NodeIndex node, std::span<const Message* const> replies) = 0;
  // Switches `node` to the branch ending at `tip` (a block of Blocks()),
  // re-queueing lost transactions when the run asks for it (core's rule,
  // RequeueLostTransactions, as Blockchain::Adopt applies it). `chain`, when
  // not null, is that whole branch (a pull reply may carry one); the switch
  // costs O(blocks changed) either way. Then the metrics and the miner learn
  // of it, and the node's behaviour gets OnTipChanged, before Adopt returns. Adopting the current
  // tip does nothing. The caller has decided, by the rules, that `tip` should win. REQUIRES:
  // `chain`, when given, ends with `tip`'s block.
  virtual void Adopt(NodeIndex node, BlockId tip, SwitchCause cause, const Chain* chain) = 0;

  // --- The run's blocks ----------------------------------------------------

  // Every block mined in the run, with parent, height, miner and work: the
  // same object for the host's whole life (a behaviour may keep the
  // reference). Ids are what messages carry; a node "has" a block only in
  // its behaviour's own bookkeeping, not because the tree holds it.
  virtual const BlockTree& Blocks() const = 0;
  // True if `block`'s link to its parent passes valid_chain's two checks
  // under the run's rules (computed once per block: blocks are immutable).
  virtual bool LinkValid(BlockId block) = 0;

  // How many transactions of `block`, other than its mining reward, are not
  // in `node`'s pending list: what a compact block's receiver must ask for
  // (compact block relay). O(block transactions + pending).
  virtual std::size_t MissingTransactions(NodeIndex node, BlockId block) const = 0;

  // --- Reports -------------------------------------------------------------

  // `node` has the whole `block` now (push: a block message arrived). A
  // behaviour reports it the first time the node has the block; later
  // reports of the same block do nothing. What the metrics call reception
  // (docs/metrics.md): adoption (Adopt) implies it, so a behaviour that
  // adopts without reporting has its blocks received at adoption.
  virtual void Received(NodeIndex node, BlockId block) = 0;
  // `node` has every block of the chain `reply` carries now (pull: a
  // kChainReply arrived, as a vector of blocks or as a branch of the tree).
  // Blocks that are not the run's (forged ones) are skipped. Costs the
  // blocks of the reply the node had not adopted, not its length.
  virtual void ReceivedChain(NodeIndex node, const Message& reply) = 0;

  // Adds `n` to a run-wide counter of the summary.
  virtual void Count(BehaviourCounter counter, std::uint64_t n) = 0;
  // `node`'s resolve turned down `peer`'s reply `chain`: it would have won
  // but valid_chain rejects it, for `reason`. Counted and narrated.
  virtual void ChainRejected(NodeIndex node, NodeIndex peer, const Chain& chain,
                             const std::string& reason) = 0;
  // An adversary running `event.node` took a step of its attack (its kind,
  // step and blocks, sim/chain/attack_event.h). The host stamps the time,
  // records it for the run's attack figures (docs/metrics.md, "Attacks")
  // and narrates it.
  virtual void ReportAttack(AttackEvent event) = 0;

  // --- Clients -------------------------------------------------------------

  // The oldest of `node`'s pending transactions that a relay can send (those
  // the run registered: submitted ones, not NodeHost::BroadcastTransaction's),
  // in pending order, as many as fit in `max_bytes` of kTransaction
  // messages (the first that does not fit ends the list). O(pending).
  virtual std::vector<TransactionId> PendingTransactions(NodeIndex node,
                                                         std::size_t max_bytes) const = 0;

  // A wallet at `from` broadcasts `transaction`: it enters the pending list
  // of every other node that is up, now (the wallet's own delays are not
  // modelled), and counts once as submitted. The double-spend attacker's
  // payment goes out this way. REQUIRES: an object with sender, recipient
  // and amount.
  virtual void BroadcastTransaction(NodeIndex from, Json transaction) = 0;
  // A peer relayed `transaction` (an id NodeBehaviour::OnTransaction gave,
  // or a kTransaction carried) to `node`: appends it to `node`'s pending
  // list, as a submission does, but it is not counted as submitted again;
  // nothing is added if `node`'s chain already carries it (a catch-up may
  // bring a transaction confirmed while the node was away). The caller
  // suppresses duplicates. REQUIRES: `transaction` is the run's.
  virtual void AddPending(NodeIndex node, TransactionId transaction) = 0;
};

}  // namespace chainsim::sim
