#include "sim/sweep/value_range.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace chainsim::sim {
namespace {

constexpr int kMaxDigits = 18;

// A decimal as integer digits scaled by 10^-decimals, plus its unit text.
struct Decimal {
  std::uint64_t scaled = 0;
  int decimals = 0;
  std::string unit;
};

Result<Decimal> ReadDecimal(std::string_view text, const char* what) {
  std::string compact;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) compact += c;
  }
  Decimal d;
  std::size_t i = 0;
  int digits = 0;
  bool any_digit = false;
  bool fraction = false;
  for (; i < compact.size(); ++i) {
    const char c = compact[i];
    if (c == '.' && !fraction) {
      fraction = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (d.scaled != 0 || c != '0') ++digits;
    if (digits > kMaxDigits) {
      return Error{std::string(what) + " '" + std::string(text) + "' has more than " +
                   std::to_string(kMaxDigits) + " digits"};
    }
    d.scaled = d.scaled * 10 + static_cast<std::uint64_t>(c - '0');
    if (fraction) ++d.decimals;
  }
  if (!any_digit) {
    return Error{std::string(what) + " '" + std::string(text) +
                 "' does not start with a number (expected a non-negative decimal with an "
                 "optional unit, e.g. 0.5MB or 10min)"};
  }
  d.unit = compact.substr(i);
  if (!d.unit.empty() && (d.unit[0] == 'e' || d.unit[0] == 'E') && d.unit.size() > 1 &&
      std::isdigit(static_cast<unsigned char>(d.unit[1])) != 0) {
    return Error{std::string(what) + " '" + std::string(text) +
                 "': exponents are not accepted in a range (write the digits)"};
  }
  return d;
}

// `value` scaled by 10^-decimals as text, without trailing fraction zeros.
std::string DecimalText(std::uint64_t value, int decimals) {
  std::string digits = std::to_string(value);
  if (decimals == 0) return digits;
  if (static_cast<int>(digits.size()) <= decimals) {
    digits.insert(0, static_cast<std::size_t>(decimals + 1 - static_cast<int>(digits.size())), '0');
  }
  std::string text = digits.substr(0, digits.size() - static_cast<std::size_t>(decimals)) + "." +
                     digits.substr(digits.size() - static_cast<std::size_t>(decimals));
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool Rescale(Decimal& d, int decimals) {
  while (d.decimals < decimals) {
    if (d.scaled > UINT64_MAX / 10) return false;
    d.scaled *= 10;
    ++d.decimals;
  }
  return true;
}

}  // namespace

Result<std::vector<std::string>> ExpandRange(std::string_view from_text, std::string_view to_text,
                                             std::string_view step_text) {
  Result<Decimal> from = ReadDecimal(from_text, "from");
  if (!from) return from.error();
  Result<Decimal> to = ReadDecimal(to_text, "to");
  if (!to) return to.error();
  Result<Decimal> step = ReadDecimal(step_text, "step");
  if (!step) return step.error();
  if (from->unit != to->unit || from->unit != step->unit) {
    return Error{"from, to and step must have the same unit (here '" + from->unit + "', '" +
                 to->unit + "' and '" + step->unit +
                 "'; write e.g. from: 0.1MB, to: 1MB, step: 0.1MB)"};
  }
  const int decimals = std::max({from->decimals, to->decimals, step->decimals});
  if (!Rescale(from.value(), decimals) || !Rescale(to.value(), decimals) ||
      !Rescale(step.value(), decimals)) {
    return Error{"the range needs more than " + std::to_string(kMaxDigits) + " digits"};
  }
  if (step->scaled == 0) return Error{"step is 0 (expected a step > 0)"};
  if (to->scaled < from->scaled) {
    return Error{"to is below from (expected from <= to)"};
  }
  const std::uint64_t count = (to->scaled - from->scaled) / step->scaled + 1;
  if (count > kMaxRangeValues) {
    return Error{"the range gives " + std::to_string(count) + " values (at most " +
                 std::to_string(kMaxRangeValues) + ")"};
  }
  std::vector<std::string> values;
  values.reserve(count);
  for (std::uint64_t k = 0; k < count; ++k) {
    values.push_back(DecimalText(from->scaled + k * step->scaled, decimals) + from->unit);
  }
  return values;
}

}  // namespace chainsim::sim
