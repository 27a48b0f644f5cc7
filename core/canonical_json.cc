#include "core/canonical_json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/check.h"
#include "core/hex.h"

namespace chainsim {
namespace {

void AppendUnicodeEscape(std::uint32_t unit, std::string& out) {
  out += "\\u";
  out += LowerHexDigit((unit >> 12) & 0xF);
  out += LowerHexDigit((unit >> 8) & 0xF);
  out += LowerHexDigit((unit >> 4) & 0xF);
  out += LowerHexDigit(unit & 0xF);
}

// Decodes one UTF-8 sequence starting at text[i]; advances i. A surrogate
// code point encoded in three bytes (a lone surrogate, see core/json.h) is
// returned as it is. Returns U+FFFD for malformed input (one byte consumed).
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
  if (cp < min_cp || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void AppendInteger(auto value, std::string& out) {
  std::array<char, 24> buf;
  const auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), value);
  out.append(buf.data(), end);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t run = i;  // printable ASCII but quote and backslash: as it is
    while (i < text.size() && text[i] >= 0x20 && text[i] < 0x7F && text[i] != '"' &&
           text[i] != '\\') {
      ++i;
    }
    out.append(text, run, i - run);
    if (i == text.size()) break;
    const char c = text[i];
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
  std::array<char, 40> buf;
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), x, std::chars_format::scientific);
  const std::string_view sci(buf.data(), static_cast<std::size_t>(end - buf.data()));
  const std::size_t e_pos = sci.find('e');
  std::string_view mantissa = sci.substr(0, e_pos);
  int exponent = 0;
  const char* exponent_begin = sci.data() + e_pos + 1;
  if (*exponent_begin == '+') ++exponent_begin;  // from_chars takes '-' but not '+'
  std::from_chars(exponent_begin, sci.data() + sci.size(), exponent);
  const bool negative = mantissa.front() == '-';
  if (negative) mantissa.remove_prefix(1);

  std::array<char, 24> digit_buffer;  // the mantissa without its point: at most 17 digits
  std::size_t digit_count = 0;
  for (const char c : mantissa) {
    if (c != '.') digit_buffer[digit_count++] = c;
  }
  const std::string_view digits(digit_buffer.data(), digit_count);
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
      out += digits.substr(0, static_cast<std::size_t>(point));
      out += '.';
      out += digits.substr(static_cast<std::size_t>(point));
    }
    return;
  }
  out += digits[0];  // exponent form: d[.ddd]e[+-]XX
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += exponent < 0 ? "e-" : "e+";
  const int magnitude = std::abs(exponent);
  if (magnitude < 10) out += '0';
  AppendInteger(magnitude, out);
}

void AppendJson(const Json& value, JsonStyle style, std::string& out) {
  const std::string_view item_separator = style == JsonStyle::kCanonical ? ", " : ",";
  const std::string_view key_separator = style == JsonStyle::kCanonical ? ": " : ":";
  // The arrays and objects being written, innermost last, each with the
  // position of its next item: an explicit stack, so that no nesting depth
  // can exhaust the call stack.
  struct Open {
    const Json* container;
    Json::array_t::const_iterator next_item;
    Json::object_t::const_iterator next_member;
  };
  std::vector<Open> open;
  const Json* current = &value;
  for (;;) {
    // Write `current`: a scalar entirely, a container's opening bracket.
    switch (current->type()) {
      case Json::value_t::null:
        out += "null";
        break;
      case Json::value_t::boolean:
        out += current->get<bool>() ? "true" : "false";
        break;
      case Json::value_t::number_integer:
        AppendInteger(current->get<std::int64_t>(), out);
        break;
      case Json::value_t::number_unsigned:
        AppendInteger(current->get<std::uint64_t>(), out);
        break;
      case Json::value_t::number_float:
        AppendPythonFloat(current->get<double>(), out);
        break;
      case Json::value_t::string:
        AppendJsonString(current->get_ref<const std::string&>(), out);
        break;
      case Json::value_t::binary:
        out += BigIntegerDigits(*current);  // checks that it is a big integer
        break;
      case Json::value_t::array: {
        const auto& items = current->get_ref<const Json::array_t&>();
        out += '[';
        open.push_back({current, items.begin(), {}});
        break;
      }
      case Json::value_t::object: {
        const auto& members = current->get_ref<const Json::object_t&>();
        out += '{';
        open.push_back({current, {}, members.begin()});  // a sorted map
        break;
      }
      case Json::value_t::discarded:
        CHAINSIM_CHECK(current->type() != Json::value_t::discarded);  // never written
    }
    // Find the next value to write, closing every container that is done.
    current = nullptr;
    while (current == nullptr && !open.empty()) {
      Open& top = open.back();
      if (top.container->is_array()) {
        const auto& items = top.container->get_ref<const Json::array_t&>();
        if (top.next_item == items.end()) {
          out += ']';
          open.pop_back();
          continue;
        }
        if (top.next_item != items.begin()) out += item_separator;
        current = &*top.next_item++;
      } else {
        const auto& members = top.container->get_ref<const Json::object_t&>();
        if (top.next_member == members.end()) {
          out += '}';
          open.pop_back();
          continue;
        }
        if (top.next_member != members.begin()) out += item_separator;
        AppendJsonString(top.next_member->first, out);
        out += key_separator;
        current = &top.next_member->second;
        ++top.next_member;
      }
    }
    if (current == nullptr) return;
  }
}

void AppendCompactFromCanonical(std::string_view canonical, std::string& out) {
  // Outside strings, canonical JSON has spaces only after its separators;
  // inside them (ASCII only, ensure_ascii) a backslash escapes one character.
  // Within capacity, resize() keeps out's buffer in place (`canonical` may
  // be part of it, see the header).
  const std::size_t start = out.size();
  out.resize(start + canonical.size());
  const char* in = canonical.data();
  const char* const end = in + canonical.size();
  char* write = out.data() + start;
  while (in < end) {
    const char c = *in++;
    if (c == ' ') continue;
    *write++ = c;
    if (c != '"') continue;
    // A string: copy it up to its closing quote, a run at a time.
    for (;;) {
      const void* quote = std::memchr(in, '"', static_cast<std::size_t>(end - in));
      const char* stop = quote == nullptr ? end : static_cast<const char*>(quote);
      const void* backslash = std::memchr(in, '\\', static_cast<std::size_t>(stop - in));
      if (backslash == nullptr) {
        const char* next = stop == end ? end : stop + 1;
        std::memcpy(write, in, static_cast<std::size_t>(next - in));
        write += next - in;
        in = next;
        break;
      }
      // Copy through the escape (a backslash and the character it escapes).
      const char* escaped = std::min(static_cast<const char*>(backslash) + 2, end);
      std::memcpy(write, in, static_cast<std::size_t>(escaped - in));
      write += escaped - in;
      in = escaped;
    }
  }
  out.resize(static_cast<std::size_t>(write - out.data()));
}

std::string ToJson(const Json& value, JsonStyle style) {
  std::string out;
  AppendJson(value, style, out);
  return out;
}

}  // namespace chainsim
