#pragma once
// The JSON value type of chainsim, and a parser that keeps what Python keeps.
//
// Json is nlohmann::json: objects are std::map, so keys iterate in byte order
// of their UTF-8 encoding, which is code-point order, the order Python's
// sort_keys uses. Integers and floats stay distinct values (1 vs 1.0).
//
// Python's json holds three things nlohmann::json does not hold natively;
// chainsim holds them so that what a Python node accepts, hashes and serves,
// chainsim accepts, hashes and serves byte-identically (docs/robustness.md):
//  - Integers outside [-2^63, 2^64) ("big integers"): a Json *binary* value
//    (JSON text never produces binary data) of subtype kBigIntegerSubtype
//    whose bytes are the integer's decimal digits, '-' first when negative.
//    IntegerFromDecimal picks the representation, so each integer has exactly
//    one and Json equality is integer equality. Use IsInteger / IsNumber, not
//    nlohmann's is_number(), which is false for big integers.
//  - NaN and the infinities: Json floats. nlohmann's dump() writes them as
//    null; chainsim writes JSON only with core/canonical_json.h, which writes
//    NaN, Infinity and -Infinity as Python does.
//  - Lone surrogates ("\ud800"): strings are UTF-8, extended to encode a
//    surrogate code point U+D800..U+DFFF as its three bytes ED A0 80..ED BF BF
//    (the WTF-8 convention). The writer escapes them back as \udXXX.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chainsim {

using Json = nlohmann::json;

// Limits every JSON text chainsim reads is held to (chain files, request
// bodies, peers' replies, saved state). Both stay within what Python's json
// accepts, so nothing a Python node can read is refused for being too big
// for chainsim, except where noted in docs/robustness.md.
//
// Arrays and objects open at once. Python's json.loads raises RecursionError
// past about 995 levels in a script and about 965 inside a Flask node
// (measured, docs/robustness.md); no block of the reference comes close (a
// /chain body is 5 levels deep). Everything that walks a Json value in
// chainsim is iterative or bounded by this depth.
inline constexpr std::size_t kMaxJsonDepth = 900;
// Decimal digits of an integer literal: Python 3.11's int() refuses more
// (sys.get_int_max_str_digits()), so its json.loads does too.
inline constexpr std::size_t kMaxIntegerDigits = 4300;

// Subtype of the binary values that hold big integers.
inline constexpr std::uint64_t kBigIntegerSubtype = 0x6269;  // "bi"

// The integer written in `decimal` (an optional '-', then digits without
// leading zeros, or "0"; "-0" is 0): a 64-bit Json integer when it fits,
// otherwise a big integer. REQUIRES: `decimal` has that form.
Json IntegerFromDecimal(std::string_view decimal);

// True for an integer of any size: a 64-bit Json integer or a big integer.
bool IsInteger(const Json& value);
// True for a big integer (see above).
bool IsBigInteger(const Json& value);
// True for an integer of any size or a float (including NaN and infinities).
bool IsNumber(const Json& value);
// The decimal digits of a big integer. REQUIRES: IsBigInteger(value).
std::string_view BigIntegerDigits(const Json& value);
// integer + 1, exactly, for an integer of any size. REQUIRES: IsInteger(integer).
Json IncrementInteger(const Json& integer);

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8; a surrogate
// code point as its three bytes, as strings hold lone surrogates (above).
void AppendCodePoint(std::uint32_t cp, std::string& out);

// The type of `value` in words: integer, float, string, boolean, null, list
// or object (Python's names, as error messages show them).
std::string_view JsonTypeName(const Json& value);

// Parses one JSON document, compact or pretty-printed, as Python's
// json.loads(bytes) does: integers of any size up to kMaxIntegerDigits
// digits, NaN/Infinity/-Infinity, floats beyond a double's range as
// infinities (1e400) or zeros (1e-400), escaped lone surrogates, duplicate
// keys keeping the last value, a leading UTF-8 byte order mark skipped. Text
// must be UTF-8 (Python also guesses UTF-16 and UTF-32; chainsim does not).
// Nesting deeper than kMaxJsonDepth is an error. Errors name the line and
// column (1-based) of the offending character. Never throws; memory is
// linear in the text's size; time is linear too.
Result<Json> ParseJson(std::string_view text);

// 1-based line and column of byte `offset` in `text`.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition PositionOf(std::string_view text, std::size_t offset);

}  // namespace chainsim
