#pragma once
// Block: one immutable block of the tutorial chain, shared between nodes.
//
// A block is built once (by mining, or from a peer's JSON) and then only read;
// nodes hold std::shared_ptr<const Block>, so a thousand nodes on one chain
// cost one copy of each block. Its canonical JSON (Python's
// json.dumps(block, sort_keys=True)), its compact JSON (as a Flask 2.x node
// sends it in /chain), its hash and the text its proof stands for in
// valid_proof are computed once, at construction.
//
// A block read from text (core/chain_json.h) keeps its transactions as their
// canonical JSON only, and builds the Json list from it the first time
// transactions() or fields() is called: reading and checking a chain never
// builds trees of transactions. Thread safety: a Block is logically
// immutable; any number of threads may read it (that first build happens
// once, under std::call_once).
//
// A block holds its values exactly as the reference's dict would (integers
// of any size, NaN and infinities, keys beyond the five; core/json.h), so a
// block read from a Python node hashes and serves back byte-identically.
// What chainsim accepts in each key: docs/consensus.md.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace chainsim {

class Block;
using BlockPtr = std::shared_ptr<const Block>;
// A node's chain: genesis first. Copying a Chain copies pointers only.
using Chain = std::vector<BlockPtr>;

// The keys of a block, as the reference's dict holds them.
struct BlockFields {
  // An integer of any size (IsInteger); the reference numbers blocks from 1.
  Json index = 1;
  // time.time() of the forging node: a float; any number (IsNumber) from a
  // peer is kept as it is (an int stays an int).
  Json timestamp = 0.0;
  // A list of any JSON values; the reference's are {"amount", "recipient",
  // "sender"}.
  Json transactions = Json::array();
  // An integer of any size or a float (IsNumber): valid_proof hashes its
  // str() (ProofText in core/proof_of_work.h).
  Json proof = 0;
  // A 64-hex-char string; genesis has "1" (or the integer 1, article
  // variant). From a peer, any string or integer.
  Json previous_hash = "1";
  // Every other key and its value, as a peer sent them: hashed and served
  // like the five, as the reference does with its dict (the tutorial invites
  // adding data to blocks). Empty for the blocks chainsim makes.
  Json::object_t extra;
};

class Block {
 public:
  // REQUIRES: the types documented in BlockFields; `extra` has none of the
  // five keys.
  static BlockPtr Create(BlockFields fields);
  // A block whose transactions are given as their canonical JSON
  // (ToJson(list), as JsonReader::ReadCanonicalJson writes it) instead of
  // fields.transactions, which is ignored. REQUIRES: as Create, and
  // `transactions_json` is the canonical JSON of a list.
  static BlockPtr CreateWithTransactionsJson(BlockFields fields,
                                             std::string_view transactions_json);

  const Json& index() const { return fields_.index; }
  const Json& timestamp() const { return fields_.timestamp; }
  const Json& transactions() const;
  const Json& proof() const { return fields_.proof; }
  const Json& previous_hash() const { return fields_.previous_hash; }
  const Json::object_t& extra() const { return fields_.extra; }
  const BlockFields& fields() const;

  // str(proof) as the reference's valid_proof formats it (ProofText).
  const std::string& proof_text() const { return proof_text_; }
  // json.dumps(block, sort_keys=True): the bytes that hash(block) digests.
  std::string_view canonical_json() const {
    return std::string_view{json_}.substr(0, canonical_size_);
  }
  // The block in a compact (Flask 2.x) /chain body: sorted keys, separators
  // "," and ":". GET /chain concatenates these (core/chain_json.h).
  std::string_view compact_json() const { return std::string_view{json_}.substr(canonical_size_); }
  // hash(block): SHA-256 of canonical_json(), 64 lowercase hex characters.
  const std::string& hash() const { return hash_; }
  // Size of this block in a compact /chain body, in bytes.
  std::size_t wire_size() const { return json_.size() - canonical_size_; }

  // The block as a JSON object (every key, `extra` included).
  Json ToJson() const;

  // True when previous_hash() is the string `hash`.
  bool Follows(const std::string& hash) const;

  // Use Create() or CreateWithTransactionsJson().
  Block(BlockFields fields, const std::string_view* transactions_json);

 private:
  // fields_.transactions is built on first use when transactions_size_ > 0:
  // from json_.substr(transactions_begin_, transactions_size_).
  mutable BlockFields fields_;
  mutable std::once_flag transactions_built_;
  std::size_t transactions_begin_ = 0;
  std::size_t transactions_size_ = 0;
  std::string proof_text_;
  std::string json_;  // the canonical JSON, then the compact JSON
  std::size_t canonical_size_ = 0;
  std::string hash_;
};

// The names of the five keys every block has, in sorted order.
inline constexpr std::array<std::string_view, 5> kBlockKeys = {"index", "previous_hash", "proof",
                                                               "timestamp", "transactions"};

}  // namespace chainsim
