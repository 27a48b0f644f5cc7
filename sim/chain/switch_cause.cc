#include "sim/chain/switch_cause.h"

namespace chainsim::sim {

const char* Name(SwitchCause cause) { return cause == SwitchCause::kResolve ? "resolve" : "relay"; }

}  // namespace chainsim::sim
