#include "sim/scenario/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <system_error>

#include "sim/scenario/scenario_limits.h"

namespace chainsim::sim {
namespace {

__extension__ using U128 = unsigned __int128;

// Most significant digits a number may have; 10^24 times the largest unit
// factor (a day in ns, about 2^46) still fits in 128 bits.
constexpr std::size_t kMaxDigits = 24;
constexpr std::uint64_t kLimit =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  return text;
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) out += c;
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A number as written: significant decimal digits times 10^exponent, plus
// the unit text that follows it.
struct Number {
  std::string digits;  // no leading zeros, no trailing fraction zeros; "" is zero
  int exponent = 0;
  std::string unit;  // spaces removed
  double Value() const {
    if (digits.empty()) return 0.0;
    const std::string text = digits + "e" + std::to_string(exponent);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc()) return std::numeric_limits<double>::infinity();
    (void)end;
    return value;
  }
  bool IsZero() const { return digits.empty(); }
};

// Splits "1.5 ms" into 15e-1 and "ms". `what` names the kind of value and
// `example` shows a correct one, for messages.
Result<Number> SplitNumber(std::string_view text, std::string_view what, std::string_view example) {
  const std::string_view trimmed = Trim(text);
  const std::string expected =
      " (expected a " + std::string(what) + " such as " + std::string(example) + ")";
  if (trimmed.empty()) return Error{"empty " + std::string(what) + expected};
  if (trimmed.front() == '-') {
    return Error{"negative " + std::string(what) + " '" + std::string(trimmed) +
                 "' is not allowed" + expected};
  }
  std::size_t pos = 0;
  std::string int_part;
  std::string frac_part;
  while (pos < trimmed.size() && IsDigit(trimmed[pos])) int_part += trimmed[pos++];
  if (pos < trimmed.size() && trimmed[pos] == '.') {
    ++pos;
    while (pos < trimmed.size() && IsDigit(trimmed[pos])) frac_part += trimmed[pos++];
  }
  if (int_part.empty() && frac_part.empty()) {
    return Error{"'" + std::string(trimmed) + "' does not start with a number" + expected};
  }
  std::int64_t exponent = 0;
  if (pos < trimmed.size() && (trimmed[pos] == 'e' || trimmed[pos] == 'E')) {
    std::size_t p = pos + 1;
    bool negative = false;
    if (p < trimmed.size() && (trimmed[p] == '+' || trimmed[p] == '-')) {
      negative = trimmed[p] == '-';
      ++p;
    }
    if (p < trimmed.size() && IsDigit(trimmed[p])) {
      std::size_t start = p;
      while (p < trimmed.size() && IsDigit(trimmed[p])) ++p;
      if (p - start > 4) {
        return Error{"exponent of '" + std::string(trimmed) + "' is out of range" + expected};
      }
      exponent =
          static_cast<std::int64_t>(std::stoll(std::string(trimmed.substr(start, p - start))));
      if (negative) exponent = -exponent;
      pos = p;
    }
  }
  Number number;
  number.unit = WithoutSpaces(trimmed.substr(pos));
  // Significant digits: drop trailing zeros of the fraction, then leading zeros.
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.pop_back();
  std::string all = int_part + frac_part;
  exponent -= static_cast<std::int64_t>(frac_part.size());
  std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) {
    number.digits.clear();
    number.exponent = 0;
    return number;
  }
  all = all.substr(first);
  // Trailing zeros of the integer part move into the exponent.
  while (all.size() > 1 && all.back() == '0') {
    all.pop_back();
    ++exponent;
  }
  if (all.size() > kMaxDigits) {
    return Error{"'" + std::string(trimmed) + "' has more than " + std::to_string(kMaxDigits) +
                 " significant digits" + expected};
  }
  number.digits = all;
  number.exponent = static_cast<int>(exponent);
  return number;
}

// digits * 10^exponent * factor, rounded to the nearest integer (halves up).
// Empty when the result is >= limit.
std::optional<std::uint64_t> ScaleExact(const Number& number, std::uint64_t factor,
                                        std::uint64_t limit) {
  if (number.IsZero()) return 0;
  U128 value = 0;
  for (char c : number.digits) value = value * 10 + static_cast<unsigned>(c - '0');
  value *= factor;
  if (number.exponent >= 0) {
    for (int i = 0; i < number.exponent; ++i) {
      value *= 10;
      if (value >= limit) return std::nullopt;
    }
  } else {
    if (number.exponent < -38) return 0;
    U128 divisor = 1;
    for (int i = 0; i < -number.exponent; ++i) divisor *= 10;
    const U128 quotient = value / divisor;
    const U128 remainder = value % divisor;
    value = quotient + (2 * remainder >= divisor ? 1 : 0);
  }
  if (value >= limit) return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

template <typename Factor>
struct Unit {
  std::string_view name;
  Factor factor;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "unknown unit 'x' in '5x'; did you mean 'X'? (expected ...)".
template <typename Factor, std::size_t N>
Error UnknownUnit(const Number& number, std::string_view text, std::string_view what,
                  const std::array<Unit<Factor>, N>& units, std::string_view expected,
                  std::string_view hint) {
  std::string message = "unknown " + std::string(what) + " unit '" + number.unit + "' in '" +
                        std::string(Trim(text)) + "'";
  if (!hint.empty()) {
    message += "; " + std::string(hint);
  } else {
    for (const auto& unit : units) {
      if (Lower(unit.name) == Lower(number.unit)) {
        message += "; did you mean '" + std::string(unit.name) + "'?";
        break;
      }
    }
  }
  return Error{message + " (expected " + std::string(expected) + ")"};
}

constexpr std::array<Unit<std::uint64_t>, 8> kTimeUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},  // µs
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"min", 60'000'000'000},
    {"h", 3'600'000'000'000},
    {"d", 86'400'000'000'000},
}};
constexpr std::string_view kTimeExpected = "a number with a unit: ns, us, ms, s, min, h or d";

std::string_view TimeHint(std::string_view unit) {
  const std::string lower = Lower(unit);
  if (lower == "m") return "'m' is ambiguous: write min for minutes or ms for milliseconds";
  if (lower == "sec" || lower == "secs" || lower == "second" || lower == "seconds") {
    return "did you mean 's'?";
  }
  if (lower == "mins" || lower == "minute" || lower == "minutes") return "did you mean 'min'?";
  if (lower == "hr" || lower == "hrs" || lower == "hour" || lower == "hours") {
    return "did you mean 'h'?";
  }
  if (lower == "day" || lower == "days") return "did you mean 'd'?";
  if (lower == "msec" || lower == "msecs") return "did you mean 'ms'?";
  if (lower == "usec" || lower == "usecs") return "did you mean 'us'?";
  if (lower == "nsec" || lower == "nsecs") return "did you mean 'ns'?";
  return "";
}

constexpr std::array<Unit<std::uint64_t>, 9> kSizeUnits{{
    {"B", 1},
    {"kB", 1'000},
    {"MB", 1'000'000},
    {"GB", 1'000'000'000},
    {"TB", 1'000'000'000'000},
    {"KiB", 1ULL << 10},
    {"MiB", 1ULL << 20},
    {"GiB", 1ULL << 30},
    {"TiB", 1ULL << 40},
}};
constexpr std::string_view kSizeExpected =
    "a number with a unit: B, kB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of "
    "1024)";

std::string_view SizeHint(std::string_view unit) {
  if (unit == "KB" || unit == "kb" || unit == "Kb") {
    return "write kB for 1000 bytes or KiB for 1024 bytes";
  }
  const std::string lower = Lower(unit);
  if (lower == "byte" || lower == "bytes") return "did you mean 'B'?";
  if (unit == "b") return "sizes are in bytes: write B";
  return "";
}

constexpr std::array<Unit<double>, 14> kBitRateUnits{{
    {"bit/s", 1.0},
    {"kbit/s", 1e3},
    {"Mbit/s", 1e6},
    {"Gbit/s", 1e9},
    {"Tbit/s", 1e12},
    {"bps", 1.0},
    {"kbps", 1e3},
    {"Mbps", 1e6},
    {"Gbps", 1e9},
    {"Tbps", 1e12},
    {"B/s", 8.0},
    {"kB/s", 8e3},
    {"MB/s", 8e6},
    {"GB/s", 8e9},
}};
constexpr std::string_view kBitRateExpected =
    "a number with a unit: bit/s, kbit/s, Mbit/s, Gbit/s (or bps, kbps, Mbps, Gbps; B/s, kB/s, "
    "MB/s, GB/s for bytes), or unlimited";

// Seconds per unit.
constexpr std::array<Unit<double>, 4> kRateUnits{{
    {"/s", 1.0},
    {"/min", 60.0},
    {"/h", 3600.0},
    {"/d", 86400.0},
}};
constexpr std::string_view kRateExpected = "a count per time unit: /s, /min, /h or /d, e.g. 2/s";

}  // namespace

Result<SimTime> ParseDuration(std::string_view text) {
  const Result<Number> number = SplitNumber(text, "duration", "50ms, 1.5s or 10min");
  if (!number) return number.error();
  if (number->unit.empty()) {
    if (number->IsZero()) return SimTime{0};
    return Error{"the duration '" + std::string(Trim(text)) + "' needs a unit (expected " +
                 std::string(kTimeExpected) + ", e.g. " + std::string(Trim(text)) + "s)"};
  }
  for (const auto& unit : kTimeUnits) {
    if (unit.name != number->unit) continue;
    const auto ns = ScaleExact(*number, unit.factor, kLimit);
    if (!ns) {
      return Error{"the duration '" + std::string(Trim(text)) +
                   "' is too long (expected at most 106751d, about 292 years)"};
    }
    return static_cast<SimTime>(*ns);
  }
  return UnknownUnit(*number, text, "time", kTimeUnits, kTimeExpected, TimeHint(number->unit));
}

Result<SimTime> ParseScenarioTime(std::string_view text, SimTime min) {
  Result<SimTime> value = ParseDuration(text);
  if (!value) return value;
  if (*value < min) {
    return Error{std::string(text) + " is too short (expected " +
                 (min == kNanosecond ? std::string("a duration above 0")
                                     : "at least " + FormatDurationValue(min)) +
                 ")"};
  }
  if (*value > kMaxScenarioTime) {
    return Error{std::string(text) + " is too long (expected at most " +
                 FormatDurationValue(kMaxScenarioTime) + ")"};
  }
  return value;
}

Result<std::uint64_t> ParseDataSize(std::string_view text) {
  const Result<Number> number = SplitNumber(text, "data size", "535kB or 1MiB");
  if (!number) return number.error();
  if (number->unit.empty()) {
    if (number->IsZero()) return std::uint64_t{0};
    return Error{"the data size '" + std::string(Trim(text)) + "' needs a unit (expected " +
                 std::string(kSizeExpected) + ")"};
  }
  for (const auto& unit : kSizeUnits) {
    if (unit.name != number->unit) continue;
    const auto bytes = ScaleExact(*number, unit.factor, kLimit);
    if (!bytes) {
      return Error{"the data size '" + std::string(Trim(text)) +
                   "' is too large (expected less than 8 EiB)"};
    }
    return *bytes;
  }
  return UnknownUnit(*number, text, "size", kSizeUnits, kSizeExpected, SizeHint(number->unit));
}

Result<double> ParseBitRate(std::string_view text) {
  if (Trim(text) == "unlimited") return 0.0;
  const Result<Number> number = SplitNumber(text, "bit rate", "10 Mbit/s or unlimited");
  if (!number) return number.error();
  if (number->unit.empty()) {
    return Error{"the bit rate '" + std::string(Trim(text)) + "' needs a unit (expected " +
                 std::string(kBitRateExpected) + ")"};
  }
  for (const auto& unit : kBitRateUnits) {
    if (unit.name != number->unit) continue;
    if (number->IsZero()) {
      return Error{"a bit rate of 0 would stop all traffic (expected a rate > 0, or unlimited)"};
    }
    const double value = number->Value() * unit.factor;
    if (!std::isfinite(value) || value > 1e18) {
      return Error{"the bit rate '" + std::string(Trim(text)) +
                   "' is too large (expected at most 1e18 bit/s)"};
    }
    return value;
  }
  return UnknownUnit(*number, text, "bit rate", kBitRateUnits, kBitRateExpected, "");
}

Result<double> ParseRate(std::string_view text) {
  const Result<Number> number = SplitNumber(text, "rate", "2/s or 120/min");
  if (!number) return number.error();
  if (number->unit.empty()) {
    if (number->IsZero()) return 0.0;
    return Error{"the rate '" + std::string(Trim(text)) + "' needs a unit (expected " +
                 std::string(kRateExpected) + ")"};
  }
  for (const auto& unit : kRateUnits) {
    if (unit.name != number->unit) continue;
    const double value = number->Value();
    if (!std::isfinite(value) || value > 1e18) {
      return Error{"the rate '" + std::string(Trim(text)) +
                   "' is too large (expected at most 1e18 per unit)"};
    }
    return value / unit.factor;
  }
  std::string_view hint;
  const std::string lower = Lower(number->unit);
  if (lower == "/m") hint = "'/m' is ambiguous: write /min for per minute";
  if (lower == "/sec" || lower == "/second" || lower == "persecond") hint = "did you mean '/s'?";
  return UnknownUnit(*number, text, "rate", kRateUnits, kRateExpected, hint);
}

Result<double> ParseProbability(std::string_view text) {
  const std::string expected =
      " (expected a probability in [0, 1] such as 0.01, or a percentage such as 1%)";
  const Result<Number> number = SplitNumber(text, "probability", "0.01 or 1%");
  if (!number) return number.error();
  double value = number->Value();
  if (number->unit == "%") {
    value /= 100.0;
  } else if (!number->unit.empty()) {
    return Error{"unknown unit '" + number->unit + "' in the probability '" +
                 std::string(Trim(text)) + "'" + expected};
  }
  if (!(value <= 1.0)) {
    return Error{"the probability '" + std::string(Trim(text)) + "' is above 1" + expected};
  }
  return value;
}

Result<std::uint64_t> ParseUnsigned64(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    return Error{"'" + std::string(text) + "' is not an integer in range (expected an integer " +
                 "from 0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max()) + ")"};
  }
  return value;
}

std::string FormatDurationValue(SimTime t) {
  if (t == 0) return "0s";
  static constexpr std::array<Unit<SimTime>, 7> kUnits{{
      {"d", 86'400 * kSecond},
      {"h", kHour},
      {"min", kMinute},
      {"s", kSecond},
      {"ms", kMillisecond},
      {"us", kMicrosecond},
      {"ns", kNanosecond},
  }};
  for (const auto& unit : kUnits) {
    if (t % unit.factor == 0) return std::to_string(t / unit.factor) + std::string(unit.name);
  }
  return std::to_string(t) + "ns";
}

std::string FormatDataSize(std::uint64_t bytes) {
  if (bytes == 0) return "0B";
  std::string best;
  // Largest decimal unit, then largest binary unit, that divide exactly.
  for (const auto* group : {"decimal", "binary"}) {
    const bool binary = std::string_view(group) == "binary";
    for (std::size_t k = kSizeUnits.size(); k > 0; --k) {  // largest first
      const auto& unit = kSizeUnits[k - 1];
      const bool is_binary = unit.name.find('i') != std::string_view::npos;
      if (is_binary != binary && unit.factor != 1) continue;
      if (bytes % unit.factor != 0) continue;
      std::string text = std::to_string(bytes / unit.factor) + std::string(unit.name);
      if (best.empty() || text.size() < best.size()) best = text;
      break;
    }
  }
  return best;
}

std::string FormatShortestDouble(double value) {
  std::array<char, 400> buffer;
  // Plain decimals ("10", "0.25") where they are short enough, else "1e-07".
  const double magnitude = std::fabs(value);
  if (value == 0.0 || (magnitude >= 1e-4 && magnitude < 1e15)) {
    for (int decimals = 0; decimals <= 17; ++decimals) {
      std::snprintf(buffer.data(), buffer.size(), "%.*f", decimals, value);
      if (std::strtod(buffer.data(), nullptr) == value) return buffer.data();
    }
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer.data(), buffer.size(), "%.*g", precision, value);
    if (std::strtod(buffer.data(), nullptr) == value) break;
  }
  return buffer.data();
}

std::string FormatBitRate(double bits_per_second) {
  if (bits_per_second == 0.0) return "unlimited";
  static constexpr std::array<Unit<double>, 5> kUnits{{
      {"Tbit/s", 1e12},
      {"Gbit/s", 1e9},
      {"Mbit/s", 1e6},
      {"kbit/s", 1e3},
      {"bit/s", 1.0},
  }};
  for (const auto& unit : kUnits) {
    if (bits_per_second < unit.factor) continue;
    std::string text = FormatShortestDouble(bits_per_second / unit.factor) + std::string(unit.name);
    const Result<double> back = ParseBitRate(text);
    if (back && *back == bits_per_second) return text;
  }
  return FormatShortestDouble(bits_per_second) + "bit/s";
}

std::string FormatRate(double per_second) {
  if (per_second == 0.0) return "0/s";
  // The first unit (/s, /min, /h, /d) that gives a whole number, else the
  // shortest exact text.
  static constexpr std::array<Unit<double>, 4> kUnits{{
      {"/s", 1.0},
      {"/min", 60.0},
      {"/h", 3600.0},
      {"/d", 86400.0},
  }};
  std::string shortest;
  for (const auto& unit : kUnits) {
    const std::string number = FormatShortestDouble(per_second * unit.factor);
    std::string text = number + std::string(unit.name);
    const Result<double> back = ParseRate(text);
    if (!back || *back != per_second) continue;
    if (number.find_first_not_of("0123456789") == std::string::npos) return text;
    if (shortest.empty() || text.size() < shortest.size()) shortest = text;
  }
  return shortest.empty() ? FormatShortestDouble(per_second) + "/s" : shortest;
}

}  // namespace chainsim::sim
