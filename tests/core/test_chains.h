#pragma once
// Small chains for core tests: mined at a low difficulty so tests stay fast.

#include <string>
#include <utility>

#include "core/blockchain.h"

namespace chainsim::testing {

// The reference rules with difficulty 2 (about 256 hashes a block).
inline ChainRules EasyRules() {
  ChainRules rules;
  rules.difficulty = 2;
  return rules;
}

// A chain of `length` blocks: `base` (or a fresh genesis stamped
// `genesis_time`) extended by blocks that `miner` mines.
inline Chain MinedChain(std::size_t length, const std::string& miner, Chain base = {},
                        double genesis_time = 1.0) {
  Blockchain node(EasyRules(), miner, genesis_time);
  if (!base.empty()) node.Adopt(std::move(base));
  while (node.chain().size() < length) {
    node.Mine(genesis_time + static_cast<double>(node.chain().size()));
  }
  return node.chain();
}

}  // namespace chainsim::testing
