#pragma once
// Block: one immutable block of the tutorial chain, shared between nodes.
//
// A block is built once (by mining, or from a peer's JSON) and then only read;
// nodes hold std::shared_ptr<const Block>, so a thousand nodes on one chain
// cost one copy of each block. The canonical JSON (Python's
// json.dumps(block, sort_keys=True)) and the hash are computed once, at
// construction. Thread safety: a Block is immutable, so any number of threads
// may read it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"

namespace chainsim {

class Block;
using BlockPtr = std::shared_ptr<const Block>;
// A node's chain: genesis first. Copying a Chain copies pointers only.
using Chain = std::vector<BlockPtr>;

// The five keys of a block, as the reference's dict holds them.
struct BlockFields {
  std::int64_t index = 1;
  // time.time() of the forging node: a float; an int from a peer is kept as int.
  Json timestamp = 0.0;
  // Any JSON values; the reference's are {"amount", "recipient", "sender"}.
  Json transactions = Json::array();
  std::int64_t proof = 0;
  // A 64-hex-char string; genesis has "1" (or the integer 1, article variant).
  Json previous_hash = "1";
};

class Block {
 public:
  // REQUIRES: fields.timestamp is a number, fields.transactions is an array,
  // fields.previous_hash is a string or an integer.
  static BlockPtr Create(BlockFields fields);

  std::int64_t index() const { return fields_.index; }
  const Json& timestamp() const { return fields_.timestamp; }
  const Json& transactions() const { return fields_.transactions; }
  std::int64_t proof() const { return fields_.proof; }
  const Json& previous_hash() const { return fields_.previous_hash; }
  const BlockFields& fields() const { return fields_; }

  // json.dumps(block, sort_keys=True): the bytes that hash(block) digests.
  const std::string& canonical_json() const { return canonical_json_; }
  // hash(block): SHA-256 of canonical_json(), 64 lowercase hex characters.
  const std::string& hash() const { return hash_; }
  // Size of this block in a compact (Flask 2.x) /chain body, in bytes.
  std::size_t wire_size() const { return wire_size_; }

  // The block as a JSON object (for building responses).
  Json ToJson() const;

  // True when previous_hash() is the string `hash`.
  bool Follows(const std::string& hash) const;

  explicit Block(BlockFields fields);  // use Create()

 private:
  BlockFields fields_;
  std::string canonical_json_;
  std::string hash_;
  std::size_t wire_size_ = 0;
};

}  // namespace chainsim
