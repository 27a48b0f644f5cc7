#pragma once
// The JSON writer that hashing depends on: byte-identical to Python.
//
// kCanonical is json.dumps(value, sort_keys=True): separators ", " and ": ",
// ensure_ascii escapes (\uXXXX, surrogate pairs beyond the BMP), floats as
// Python's repr. kCompact is the same with separators "," and ":", which is
// what a Flask 2.x node sends on the wire.

#include <string>

#include "core/json.h"

namespace chainsim {

enum class JsonStyle {
  kCanonical,  // json.dumps(v, sort_keys=True): the bytes that get hashed
  kCompact,    // separators=(",", ":"), sorted keys: the wire format
};

// Appends `value` to `out`. Object keys come out sorted by code point.
void AppendJson(const Json& value, JsonStyle style, std::string& out);
std::string ToJson(const Json& value, JsonStyle style = JsonStyle::kCanonical);

// Appends a JSON string literal of UTF-8 `text`, escaped as Python's
// ensure_ascii does. Invalid UTF-8 bytes are written as \ufffd.
void AppendJsonString(std::string_view text, std::string& out);

// Appends Python's repr(x) for a finite double (shortest round-trip digits;
// fixed notation when 1e-4 <= |x| < 1e16 with at least one fractional
// digit, exponent form otherwise). NaN and infinities come out as json.dumps
// writes them: NaN, Infinity, -Infinity.
void AppendPythonFloat(double x, std::string& out);

}  // namespace chainsim
