#pragma once
// SwitchCause: why a node's chain changed to another branch, as metrics and
// reports tell it.

namespace chainsim::sim {

enum class SwitchCause {
  kResolve,  // a pull resolve adopted a peer's whole chain
  kRelay,    // a relayed (or own mined) block extended or replaced the branch
};

// "resolve" or "relay".
const char* Name(SwitchCause cause);

}  // namespace chainsim::sim
