#include "core/json.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace chainsim {
namespace {

constexpr std::string_view kInt64MinMagnitude = "9223372036854775808";
constexpr std::string_view kUint64Max = "18446744073709551615";

// True when the decimal digit string `digits` (no sign, no leading zeros)
// is greater than `limit`.
bool DigitsExceed(std::string_view digits, std::string_view limit) {
  if (digits.size() != limit.size()) return digits.size() > limit.size();
  return digits > limit;
}

// nlohmann::json turns integers that overflow 64 bits into doubles. Python
// keeps them exact, so silently rounding would change hashes: find such
// integer literals first and report them. Returns the offset of the first
// one, or npos.
std::size_t FindOversizedInteger(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '"') {  // skip a string literal, honouring escapes
      ++i;
      while (i < n && text[i] != '"') i += (text[i] == '\\') ? 2U : 1U;
      ++i;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    const bool negative = (c == '-');
    if (negative) ++i;
    const std::size_t digits_start = i;
    while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
    const std::string_view digits = text.substr(digits_start, i - digits_start);
    const bool is_float = i < n && (text[i] == '.' || text[i] == 'e' || text[i] == 'E');
    while (i < n && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '.' ||
                     text[i] == '+' || text[i] == '-')) {
      ++i;  // rest of the number token
    }
    if (is_float || digits.empty()) continue;
    if (DigitsExceed(digits, negative ? kInt64MinMagnitude : kUint64Max)) return start;
  }
  return std::string_view::npos;
}

std::string WithoutLibraryPrefix(const std::string& what) {
  // "[json.exception.parse_error.101] parse error at line 1, column 2: x" -> "x"
  std::string_view text = what;
  if (const auto colon = text.find(": "); text.starts_with("[json") && colon != text.npos) {
    text.remove_prefix(colon + 2);
  }
  return std::string(text);
}

}  // namespace

TextPosition PositionOf(std::string_view text, std::size_t offset) {
  TextPosition pos;
  offset = std::min(offset, text.size());
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

Result<Json> ParseJson(std::string_view text) {
  if (const std::size_t at = FindOversizedInteger(text); at != std::string_view::npos) {
    const TextPosition pos = PositionOf(text, at);
    return Error{"line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) +
                 ": integer does not fit in 64 bits (chainsim keeps integers exact and "
                 "refuses to round them)"};
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const TextPosition pos = PositionOf(text, e.byte == 0 ? 0 : e.byte - 1);
    return Error{"line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) +
                 ": " + WithoutLibraryPrefix(e.what())};
  }
}

}  // namespace chainsim
