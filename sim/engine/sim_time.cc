#include "sim/engine/sim_time.h"

#include <cstdio>

namespace chainsim::sim {

std::string FormatDuration(SimTime t) {
  if (t == kNever) return "never";
  std::string sign;
  if (t < 0) {
    sign = "-";
    t = -t;
  }
  char buf[64];
  if (t < kSecond) {
    if (t % kMillisecond == 0) {
      std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(t / kMillisecond));
    } else {
      std::snprintf(buf, sizeof buf, "%.3fms", static_cast<double>(t) / kMillisecond);
    }
    return sign + buf;
  }
  const long long hours = t / kHour;
  const long long minutes = (t % kHour) / kMinute;
  const double seconds = static_cast<double>(t % kMinute) / static_cast<double>(kSecond);
  if (hours > 0) {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm%06.3fs", hours, minutes, seconds);
  } else if (minutes > 0) {
    std::snprintf(buf, sizeof buf, "%lldm%06.3fs", minutes, seconds);
  } else {
    std::snprintf(buf, sizeof buf, "%.3fs", seconds);
  }
  return sign + buf;
}

}  // namespace chainsim::sim
