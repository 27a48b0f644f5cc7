#include "sim/chain/attack_event.h"

namespace chainsim::sim {

const char* Name(AttackKind kind) {
  switch (kind) {
    case AttackKind::kSelfishMining:
      return "selfish_mining";
    case AttackKind::kDoubleSpend:
      return "double_spend";
    case AttackKind::kWithholding:
      return "withholding";
    case AttackKind::kEclipse:
      return "eclipse";
  }
  return "?";
}

const char* Name(AttackStep step) {
  switch (step) {
    case AttackStep::kStarted:
      return "started";
    case AttackStep::kWithheld:
      return "withheld";
    case AttackStep::kPublished:
      return "published";
    case AttackStep::kRace:
      return "race";
    case AttackStep::kAbandoned:
      return "abandoned";
    case AttackStep::kPaymentSent:
      return "payment_sent";
    case AttackStep::kAccepted:
      return "accepted";
    case AttackStep::kSucceeded:
      return "succeeded";
    case AttackStep::kGaveUp:
      return "gave_up";
    case AttackStep::kVictimTip:
      return "victim_tip";
    case AttackStep::kEnded:
      return "ended";
    case AttackStep::kRejoined:
      return "rejoined";
  }
  return "?";
}

}  // namespace chainsim::sim
