#pragma once
// Identifiers of a run: nodes and blocks are addressed by dense indices, so
// per-node and per-block state is kept in plain arrays.

#include <cstdint>
#include <limits>

namespace chainsim::sim {

// Index of a node in a run: 0 .. node count - 1 (joining nodes come last).
using NodeIndex = std::uint32_t;

// Id of a block in the run's BlockTree: genesis is 0, the others follow in
// the order the run created them.
using BlockId = std::uint32_t;

// Id of a transaction in the run's transaction registry (one per distinct
// transaction, by canonical JSON), in the order the run first saw each.
// Used by the transaction relay (ProtocolConfig::transaction_relay).
using TransactionId = std::uint32_t;

// No block (e.g. the parent of genesis).
inline constexpr BlockId kNoBlock = std::numeric_limits<BlockId>::max();
// No node.
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();
// The miner of genesis.
inline constexpr NodeIndex kNoMiner = kNoNode;

}  // namespace chainsim::sim
