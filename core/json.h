#pragma once
// The JSON value type of chainsim, and a parser that keeps what Python keeps.
//
// Json is nlohmann::json: objects are std::map, so keys iterate in byte order
// of their UTF-8 encoding, which is code-point order, the order Python's
// sort_keys uses. Integers and floats stay distinct values (1 vs 1.0).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace chainsim {

using Json = nlohmann::json;

// Parses one JSON document, compact or pretty-printed, as Python's json.loads
// would, except where Python keeps values that chainsim cannot hold exactly:
//  - an integer outside [-2^63, 2^64) is rejected (never rounded to a float);
//  - NaN and Infinity literals, and lone surrogate escapes, are rejected.
// Errors name the line and column (1-based) of the offending character.
Result<Json> ParseJson(std::string_view text);

// 1-based line and column of byte `offset` in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition PositionOf(std::string_view text, std::size_t offset);

}  // namespace chainsim
