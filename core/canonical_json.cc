#include "core/canonical_json.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace chainsim {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendUnicodeEscape(std::uint32_t unit, std::string& out) {
  out += "\\u";
  out += kHexDigits[(unit >> 12) & 0xF];
  out += kHexDigits[(unit >> 8) & 0xF];
  out += kHexDigits[(unit >> 4) & 0xF];
  out += kHexDigits[unit & 0xF];
}

// Decodes one UTF-8 sequence starting at text[i]; advances i. Returns
// U+FFFD for malformed input (one byte consumed).
std::uint32_t DecodeUtf8(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  int extra = 0;
  std::uint32_t cp = 0;
  std::uint32_t min_cp = 0;
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1Fu, min_cp = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0Fu, min_cp = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07u, min_cp = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + static_cast<std::size_t>(extra) >= text.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const unsigned char c = byte(i + static_cast<std::size_t>(k));
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3Fu);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void AppendInteger(auto value, std::string& out) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {  // the common case
      out += c;
      ++i;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      case '\b':
        out += "\\b";
        ++i;
        continue;
      case '\f':
        out += "\\f";
        ++i;
        continue;
      default:
        break;
    }
    const std::uint32_t cp = DecodeUtf8(text, i);
    if (cp < 0x10000) {
      AppendUnicodeEscape(cp, out);
    } else {
      const std::uint32_t v = cp - 0x10000;
      AppendUnicodeEscape(0xD800 + (v >> 10), out);
      AppendUnicodeEscape(0xDC00 + (v & 0x3FF), out);
    }
  }
  out += '"';
}

void AppendPythonFloat(double x, std::string& out) {
  if (std::isnan(x)) {
    out += "NaN";
    return;
  }
  if (std::isinf(x)) {
    out += x > 0 ? "Infinity" : "-Infinity";
    return;
  }
  // Shortest round-trip digits in scientific form: "-d.ddde+XX".
  char buf[40];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(end - buf));
  const std::size_t e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  int exponent = 0;
  const char* exponent_begin = sci.data() + e_pos + 1;
  if (*exponent_begin == '+') ++exponent_begin;  // from_chars takes '-' but not '+'
  std::from_chars(exponent_begin, sci.data() + sci.size(), exponent);
  const bool negative = mantissa.front() == '-';
  if (negative) mantissa.remove_prefix(1);

  std::string digits;  // mantissa without the point
  for (const char c : mantissa) {
    if (c != '.') digits += c;
  }
  if (negative) out += '-';

  if (exponent >= -4 && exponent < 16) {  // fixed notation
    const int point = exponent + 1;       // digits before the decimal point
    const int n = static_cast<int>(digits.size());
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-point), '0');
      out += digits;
    } else if (point >= n) {
      out += digits;
      out.append(static_cast<std::size_t>(point - n), '0');
      out += ".0";
    } else {
      out.append(digits, 0, static_cast<std::size_t>(point));
      out += '.';
      out.append(digits, static_cast<std::size_t>(point));
    }
    return;
  }
  out += digits[0];  // exponent form: d[.ddd]e[+-]XX
  if (digits.size() > 1) {
    out += '.';
    out.append(digits, 1);
  }
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) out += '0';
  AppendInteger(magnitude, out);
}

void AppendJson(const Json& value, JsonStyle style, std::string& out) {
  const char* item_separator = style == JsonStyle::kCanonical ? ", " : ",";
  const char* key_separator = style == JsonStyle::kCanonical ? ": " : ":";
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      AppendInteger(value.get<std::int64_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      AppendInteger(value.get<std::uint64_t>(), out);
      return;
    case Json::value_t::number_float:
      AppendPythonFloat(value.get<double>(), out);
      return;
    case Json::value_t::string:
      AppendJsonString(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += item_separator;
        first = false;
        AppendJson(item, style, out);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.get_ref<const Json::object_t&>()) {  // sorted map
        if (!first) out += item_separator;
        first = false;
        AppendJsonString(key, out);
        out += key_separator;
        AppendJson(item, style, out);
      }
      out += '}';
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded:
      out += "null";  // never produced by ParseJson; written as Python writes None
      return;
  }
}

std::string ToJson(const Json& value, JsonStyle style) {
  std::string out;
  AppendJson(value, style, out);
  return out;
}

}  // namespace chainsim
