#pragma once
// Reading and writing chains as JSON: blocks from a peer or a file, and the
// body of GET /chain.

#include <string>
#include <string_view>

#include "core/block.h"
#include "core/json.h"
#include "core/result.h"

namespace chainsim {

// A block from its JSON object. The object must have exactly the five keys
// of a block: index (integer), previous_hash (string or integer), proof
// (integer), timestamp (number), transactions (array). Any other shape is an
// error naming the key and `position` (0-based place in the chain); a block
// with extra keys would hash differently in the reference, so it is refused
// rather than silently trimmed.
Result<BlockPtr> BlockFromJson(const Json& value, std::size_t position);

// A chain from either a /chain body {"chain": [...], "length": N} or a bare
// list of blocks. When `length` is present it must equal the number of
// blocks: a peer's claim is never trusted over its chain.
Result<Chain> ChainFromJson(const Json& document);

// ParseJson + ChainFromJson; errors carry line:column for JSON syntax.
Result<Chain> ParseChain(std::string_view text);

// The blocks as a JSON list.
Json ChainToJson(const Chain& chain);

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
