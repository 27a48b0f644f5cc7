// Lowercase hexadecimal digits, as Python's hashlib.hexdigest(), uuid4().hex
// and json.dumps's \uXXXX escapes write them.
#pragma once

#include <string_view>

namespace chainsim {

// REQUIRES: value < 16.
constexpr char LowerHexDigit(unsigned value) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  return kDigits[value];
}

}  // namespace chainsim
