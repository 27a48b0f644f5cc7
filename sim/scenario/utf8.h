#pragma once
// UTF-8 checks for text read from scenario and region-table files.
//
// Valid means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), no
// code point above U+10FFFF, no truncated sequence. Thread safety: pure
// functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chainsim::sim {

// Offset of the first byte of `text` that does not start a valid UTF-8
// sequence, or nothing when all of `text` is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// `text` with each byte that does not start a valid sequence replaced by
// U+FFFD; valid text comes back unchanged.
std::string ToValidUtf8(std::string_view text);

}  // namespace chainsim::sim
