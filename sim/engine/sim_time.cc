#include "sim/engine/sim_time.h"

#include <cinttypes>
#include <cstdint>

#include "core/string_printf.h"

namespace chainsim::sim {

std::string FormatDuration(SimTime t) {
  if (t == kNever) return "never";
  const char* sign = "";
  if (t < 0) {
    sign = "-";
    t = -t;
  }
  if (t < kSecond) {
    if (t % kMillisecond == 0) return StringPrintf("%s%" PRId64 "ms", sign, t / kMillisecond);
    return StringPrintf("%s%.3fms", sign, static_cast<double>(t) / kMillisecond);
  }
  const std::int64_t hours = t / kHour;
  const std::int64_t minutes = (t % kHour) / kMinute;
  const double seconds = static_cast<double>(t % kMinute) / static_cast<double>(kSecond);
  if (hours > 0) {
    return StringPrintf("%s%" PRId64 "h%02" PRId64 "m%06.3fs", sign, hours, minutes, seconds);
  }
  if (minutes > 0) return StringPrintf("%s%" PRId64 "m%06.3fs", sign, minutes, seconds);
  return StringPrintf("%s%.3fs", sign, seconds);
}

}  // namespace chainsim::sim
