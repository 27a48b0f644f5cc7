#pragma once
// Protocol: how nodes learn of each other's blocks. Two implementations share
// this interface: PullProtocol (the tutorial's resolve) and PushProtocol (an
// announce/request/block relay).

#include "sim/metrics/block_tree.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// Sizes of protocol messages that carry no block, in bytes on the wire
// (an HTTP request line and headers, or a Bitcoin-style inv entry).
inline constexpr std::size_t kAnnounceBytes = 120;
inline constexpr std::size_t kChainRequestBytes = 80;
inline constexpr std::size_t kInventoryBytes = 61;

class Protocol {
 public:
  virtual ~Protocol() = default;

  // `node` came up (start of run, restart, join): start its timers.
  virtual void Start(NodeIndex node) = 0;
  // `node` crashed: cancel its timers, forget requests in progress.
  virtual void Stop(NodeIndex node) = 0;
  // `node` came back or joined and should catch up with its peers now.
  virtual void CatchUp(NodeIndex node) = 0;
  // A partition ended: links between `node` and its peers work again.
  virtual void OnHeal(NodeIndex node) = 0;
  // `node`'s tip moved to `tip`, by mining its own block or by adopting.
  virtual void OnTipChanged(NodeIndex node, BlockId tip, bool mined_here) = 0;
};

}  // namespace chainsim::sim
