#pragma once
// Test helper: a block on `parent` with the given proof and timestamp,
// whatever the difficulty (the block tree does not check proofs; callers
// that need a valid one pass it).

#include <cstdint>
#include <utility>

#include "core/block.h"

namespace chainsim::sim {

inline BlockPtr ChildBlock(const BlockPtr& parent, std::int64_t proof, double timestamp = 2.0) {
  BlockFields fields;
  fields.index = IncrementInteger(parent->index());
  fields.timestamp = timestamp;
  fields.proof = proof;
  fields.previous_hash = parent->hash();
  return Block::Create(std::move(fields));
}

}  // namespace chainsim::sim
