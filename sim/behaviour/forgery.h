#pragma once
// Forgery: the chain a forging node sends instead of its own (timeline
// action `forge`, docs/scenario-format.md), to show valid_chain at work.
//
// The forger rewrites history in its favour without redoing proof of work,
// and pads its chain with blocks it never mined so that, by the tutorial's
// longest-chain rule, its chain looks better than the honest ones:
//   1. the block `depth` below its tip (genesis at the deepest) is rebuilt
//      with one more transaction, {"amount": amount, "recipient": forger,
//      "sender": "0"};
//   2. the blocks after it are kept unchanged, so the next block's
//      previous_hash no longer matches the rewritten block's hash;
//   3. `extra_blocks` blocks follow the real tip, each holding the reward to
//      the forger, proof 0, linked by hash to the block before it.
// valid_chain therefore rejects a forged chain at the position right after
// the rewritten block, under every rule set (ForgedLinkPosition).

#include <cstddef>
#include <string>

#include "core/block.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

// The forged copy of `honest` (the forger's real chain); appended blocks are
// stamped `timestamp` (epoch seconds). REQUIRES: honest is non-empty and
// config.extra_blocks >= 1.
Chain ForgeChain(const Chain& honest, const ForgeryConfig& config, const std::string& forger_id,
                 double timestamp);

// Position of the rewritten block in a chain forged from a chain of
// `honest_length` blocks; valid_chain fails at the next position.
std::size_t ForgedBlockPosition(std::size_t honest_length, const ForgeryConfig& config);

}  // namespace chainsim::sim
