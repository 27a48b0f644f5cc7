#pragma once
// Reading and writing chains as JSON: blocks from a peer or a file, and the
// bodies that carry a chain (GET /chain, /nodes/resolve).

#include <cstddef>
#include <string>
#include <string_view>

#include "core/block.h"
#include "core/json.h"
#include "core/result.h"

namespace chainsim {

// A block from its JSON object. The object must have the five keys of a
// block: index (an integer of any size), previous_hash (a string or an
// integer), proof (a number: an integer of any size or a float), timestamp
// (a number), transactions (a list). Any other key is kept with its value
// (BlockFields::extra), as the reference keeps it. Any other shape is an
// error naming the key and `position` (0-based place in the chain).
Result<BlockPtr> BlockFromJson(const Json& value, std::size_t position);

// A chain from either a /chain body {"chain": [...], "length": N} (other
// keys are ignored) or a bare list of blocks. When `length` is present it
// must be an integer equal to the number of blocks: a peer's claim is never
// trusted over its chain.
Result<Chain> ChainFromJson(const Json& document);

// ChainFromJson(ParseJson(text)), read straight into blocks: no tree of the
// whole document is built and no value is copied. The same blocks and the
// same verdict as that composition, for every text; errors carry
// line:column for JSON syntax.
Result<Chain> ParseChain(std::string_view text);

// The blocks as a JSON list.
Json ChainToJson(const Chain& chain);

// Appends the blocks as a compact JSON list: each block's compact_json(),
// comma-separated, nothing serialised again.
void AppendChainJson(const Chain& chain, std::string& out);

// The compact JSON of `object` (keys sorted, as Flask's jsonify writes them)
// with one more key, `chain_key`, whose value is `chain` as a list of blocks
// (AppendChainJson). The body of /chain (ChainResponseBody) and of
// /nodes/resolve. REQUIRES: object is an object without `chain_key`.
std::string CompactJsonWithChain(const Json& object, std::string_view chain_key,
                                 const Chain& chain);

// A GET /chain body, {"chain": [...], "length": N}, with sorted keys, in
// compact form (as Flask 2.x sends it).
std::string ChainResponseBody(const Chain& chain);

// Bytes of ChainResponseBody(chain), computed from the blocks' cached sizes
// without serialising anything.
std::size_t ChainResponseSize(const Chain& chain);
// The same from the number of blocks and the sum of their wire_size() (what
// a caller that keeps running sums per block has at hand, in O(1)).
std::size_t ChainResponseSize(std::size_t blocks, std::size_t block_bytes);

}  // namespace chainsim
