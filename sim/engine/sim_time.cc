#include "sim/engine/sim_time.h"

#include <cstdio>

namespace chainsim::sim {

std::string FormatDuration(SimTime t) {
  if (t == kNever) return "never";
  const char* sign = "";
  if (t < 0) {
    sign = "-";
    t = -t;
  }
  char buf[64];
  if (t < kSecond) {
    if (t % kMillisecond == 0) {
      std::snprintf(buf, sizeof buf, "%s%lldms", sign, static_cast<long long>(t / kMillisecond));
    } else {
      std::snprintf(buf, sizeof buf, "%s%.3fms", sign, static_cast<double>(t) / kMillisecond);
    }
    return buf;
  }
  const long long hours = t / kHour;
  const long long minutes = (t % kHour) / kMinute;
  const double seconds = static_cast<double>(t % kMinute) / static_cast<double>(kSecond);
  if (hours > 0) {
    std::snprintf(buf, sizeof buf, "%s%lldh%02lldm%06.3fs", sign, hours, minutes, seconds);
  } else if (minutes > 0) {
    std::snprintf(buf, sizeof buf, "%s%lldm%06.3fs", sign, minutes, seconds);
  } else {
    std::snprintf(buf, sizeof buf, "%s%.3fs", sign, seconds);
  }
  return buf;
}

}  // namespace chainsim::sim
