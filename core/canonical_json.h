#pragma once
// The JSON writer that hashing depends on: byte-identical to Python.
//
// kCanonical is json.dumps(value, sort_keys=True): separators ", " and ": ",
// ensure_ascii escapes (\uXXXX, surrogate pairs beyond the BMP), floats as
// Python's repr. kCompact is the same with separators "," and ":", which is
// what a Flask 2.x node sends on the wire. Big integers (core/json.h) are
// written as their digits, NaN and infinities as NaN, Infinity, -Infinity.
// The writer is iterative: values of any depth are written without
// recursion. Thread safety: pure functions.

#include <string>

#include "core/json.h"

namespace chainsim {

enum class JsonStyle {
  kCanonical,  // json.dumps(v, sort_keys=True): the bytes that get hashed
  kCompact,    // separators=(",", ":"), sorted keys: the wire format
};

// Appends `value` to `out`. Object keys come out sorted by code point.
// REQUIRES: `value` holds no binary data other than big integers.
void AppendJson(const Json& value, JsonStyle style, std::string& out);
std::string ToJson(const Json& value, JsonStyle style = JsonStyle::kCanonical);

// Appends the kCompact form of a kCanonical text (ToJson(v) ->
// ToJson(v, kCompact)): the same bytes without the separators' spaces, in
// one pass and without a tree. `canonical` may be a part of `out` when
// out.capacity() >= out.size() + canonical.size() (nothing is reallocated).
// REQUIRES: `canonical` was written by this writer in the canonical style.
void AppendCompactFromCanonical(std::string_view canonical, std::string& out);

// Appends a JSON string literal of UTF-8 `text`, escaped as Python's
// ensure_ascii does. Lone surrogates (encoded as core/json.h says) are
// written as \udXXX, as Python writes them; other invalid UTF-8 bytes as
// \ufffd.
void AppendJsonString(std::string_view text, std::string& out);

// Appends Python's repr(x) for a finite double (shortest round-trip digits;
// fixed notation when 1e-4 <= |x| < 1e16 with at least one fractional
// digit, exponent form otherwise). NaN and infinities come out as json.dumps
// writes them: NaN, Infinity, -Infinity.
void AppendPythonFloat(double x, std::string& out);

}  // namespace chainsim
