#include "core/json.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/check.h"
#include "core/json_reader.h"

namespace chainsim {
namespace {

Json BigInteger(std::string_view decimal) {
  return Json::binary(std::vector<std::uint8_t>(decimal.begin(), decimal.end()),
                      kBigIntegerSubtype);
}

// Adds one to the magnitude written in `digits`.
std::string IncrementMagnitude(std::string_view digits) {
  std::string out(digits);
  for (std::size_t i = out.size(); i > 0; --i) {
    if (out[i - 1] != '9') {
      ++out[i - 1];
      return out;
    }
    out[i - 1] = '0';
  }
  return "1" + out;
}

// Subtracts one from the magnitude written in `digits`. REQUIRES: it is > 0.
std::string DecrementMagnitude(std::string_view digits) {
  std::string out(digits);
  for (std::size_t i = out.size(); i > 0; --i) {
    if (out[i - 1] != '0') {
      --out[i - 1];
      break;
    }
    out[i - 1] = '9';
  }
  const std::size_t first = out.find_first_not_of('0');
  return first == std::string::npos ? "0" : out.substr(first);
}

}  // namespace

Json IntegerFromDecimal(std::string_view decimal) {
  const bool negative = decimal.starts_with('-');
  const std::string_view digits = decimal.substr(negative ? 1 : 0);
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  CHAINSIM_CHECK(!digits.empty() && end == digits.data() + digits.size() &&
                 (digits.size() == 1 || digits.front() != '0'));
  constexpr auto kInt64Max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (ec == std::errc()) {
    if (!negative) {
      if (magnitude <= kInt64Max) return static_cast<std::int64_t>(magnitude);
      return magnitude;  // [2^63, 2^64): an unsigned Json integer
    }
    if (magnitude <= kInt64Max) return -static_cast<std::int64_t>(magnitude);
    if (magnitude == kInt64Max + 1) return std::numeric_limits<std::int64_t>::min();
  }
  return BigInteger(decimal);
}

bool IsBigInteger(const Json& value) {
  return value.is_binary() && value.get_binary().has_subtype() &&
         value.get_binary().subtype() == kBigIntegerSubtype;
}

bool IsInteger(const Json& value) { return value.is_number_integer() || IsBigInteger(value); }

bool IsNumber(const Json& value) { return value.is_number() || IsBigInteger(value); }

std::string_view BigIntegerDigits(const Json& value) {
  CHAINSIM_CHECK(IsBigInteger(value));
  const Json::binary_t& bytes = value.get_binary();
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Json IncrementInteger(const Json& integer) {
  CHAINSIM_CHECK(IsInteger(integer));
  if (integer.is_number_unsigned()) {
    const auto value = integer.get<std::uint64_t>();
    if (value < std::numeric_limits<std::uint64_t>::max()) return value + 1;
    return IntegerFromDecimal(IncrementMagnitude(std::to_string(value)));
  }
  if (integer.is_number_integer()) {
    const auto value = integer.get<std::int64_t>();
    if (value < std::numeric_limits<std::int64_t>::max()) return value + 1;
    return static_cast<std::uint64_t>(value) + 1;
  }
  const std::string_view digits = BigIntegerDigits(integer);
  if (digits.starts_with('-')) {
    const std::string magnitude = DecrementMagnitude(digits.substr(1));
    return IntegerFromDecimal(magnitude == "0" ? magnitude : "-" + magnitude);
  }
  return IntegerFromDecimal(IncrementMagnitude(digits));
}

void AppendCodePoint(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "float";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "list";
    case Json::value_t::object:
      return "object";
    case Json::value_t::binary:
      return IsBigInteger(value) ? "integer" : "binary";
    case Json::value_t::discarded:
      break;
  }
  return "discarded";
}

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
  JsonReader reader(text);
  Json value;
  if (!reader.ReadValue(value, 0) || !reader.ExpectEnd()) return reader.error();
  return value;
}

}  // namespace chainsim
