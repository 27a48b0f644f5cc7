#pragma once
// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates
// (U+D800..U+DFFF), no code point above U+10FFFF, no truncated sequence.
// Used by the JSON reader (which accepts only well-formed text, as Python's
// json.loads(bytes) does) and by the scenario loader (which names the first
// bad byte of a file and writes only valid UTF-8 back). Thread safety: pure
// functions.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chainsim {

// Length (1 to 4) of the well-formed UTF-8 sequence that starts at text[i],
// or 0 when none starts there. REQUIRES: i < text.size().
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

// Offset of the first byte of `text` that does not start a well-formed
// sequence, or nothing when all of `text` is well-formed.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// `text` with each byte that does not start a well-formed sequence replaced
// by U+FFFD; well-formed text comes back unchanged.
std::string ToValidUtf8(std::string_view text);

}  // namespace chainsim
