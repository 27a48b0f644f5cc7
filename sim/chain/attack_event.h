#pragma once
// AttackEvent: one step of an attack, as the adversary behaviour that takes
// it reports it (NodeHost::ReportAttack). The Simulation records the events
// for the run summary (RunMetrics, sim/metrics/attack_summary.h) and hands
// them to the narration. docs/attacks.md tells each attack and its steps.

#include <cstdint>

#include "sim/chain/ids.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

enum class AttackKind : std::uint8_t {
  kSelfishMining,  // Eyal & Sirer's SM1 (sim/behaviour/selfish_miner_behaviour.h)
  kDoubleSpend,    // Nakamoto's / Rosenfeld's race (sim/behaviour/double_spend_behaviour.h)
  kWithholding,    // a miner that shows nothing (sim/behaviour/withholder_behaviour.h)
  kEclipse,        // attackers hold a victim's peer slots (sim/behaviour/eclipse_behaviour.h)
};

enum class AttackStep : std::uint8_t {
  // Selfish mining, double spend, withholding: the node now runs the
  // attack. Eclipse: the attack took hold of the victim `node` (its tip
  // `block`); `count` attackers hold its peer slots.
  kStarted,
  // The attacker mined `block` and keeps it private. `count`: private blocks
  // it now holds unpublished.
  kWithheld,
  // The attacker published its private blocks up to `block` (`count` of
  // them). For a selfish miner: `other` is the public tip it answered (kNoBlock
  // when it published on finding a block, the 0' race won); for a withholder:
  // the public tip at its release.
  kPublished,
  // Selfish mining: the attacker published `block` to tie with the public
  // block `other` at the same height (Eyal & Sirer's state 0').
  kRace,
  // The attacker gave its private branch (tip `other`) up and adopted the
  // public tip `block`; `count` of its unpublished blocks were dropped (a
  // double spender reports each restart of its pre-mining, 0 blocks
  // dropped included).
  kAbandoned,
  // Double spend: the payment went out; `block` is the fork point (the
  // attacker's tip when it sent it), `count` blocks it had mined in advance.
  kPaymentSent,
  // Double spend: the public chain gave the payment (in `other`) `count`
  // confirmations: the merchant accepted it. `block` is the public tip.
  kAccepted,
  // Double spend: the attacker released its branch (tip `block`, `count`
  // blocks above the fork) once it was longer than the public chain (tip
  // `other`) after the merchant accepted: the payment is reversed.
  kSucceeded,
  // Double spend: the public chain led the attacker's branch by the give-up
  // deficit; the attacker adopted the public tip `block`.
  kGaveUp,
  // Eclipse: the victim `node`'s tip moved to `block` (from `other`) while
  // it was eclipsed, or after the attack ended and before it rejoined.
  kVictimTip,
  // Eclipse: the attack ended; the victim `node` (tip `block`) registers
  // its own peers again.
  kEnded,
  // Eclipse: the victim `node` switched from `other` to `block`, a block an
  // honest node mined, after the attack ended: `count` of its blocks were
  // discarded (the reorganisation's depth).
  kRejoined,
};

struct AttackEvent {
  AttackKind kind = AttackKind::kSelfishMining;
  AttackStep step = AttackStep::kStarted;
  NodeIndex node = kNoNode;  // the attacker (an eclipse's victim)
  BlockId block = kNoBlock;
  BlockId other = kNoBlock;
  std::uint64_t count = 0;
  SimTime at = 0;  // set by the host when recorded
};

// "selfish_mining", "double_spend": the attack's key in run.json.
const char* Name(AttackKind kind);
// "withheld", "published", ...: the step's word in narration and traces.
const char* Name(AttackStep step);

}  // namespace chainsim::sim
