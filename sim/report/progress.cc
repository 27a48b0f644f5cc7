#include "sim/report/progress.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>

namespace chainsim::sim {

void RunWithProgress(Simulation& simulation, std::ostream& out, const ProgressOptions& options) {
  const SimTime end = simulation.end_time();
  if (!options.enabled) {
    simulation.RunUntil(end);
    simulation.Finish();
    return;
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto last_print = start;
  bool printed = false;
  const SimTime slice = std::max<SimTime>(end / 2000, kMillisecond);
  const std::uint64_t events_at_start = simulation.engine().executed();
  for (SimTime t = simulation.engine().now(); t < end;) {
    t = end - t > slice ? t + slice : end;
    simulation.RunUntil(t);
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start).count();
    if (elapsed < options.after_seconds ||
        std::chrono::duration<double>(now - last_print).count() < options.every_seconds) {
      continue;
    }
    last_print = now;
    printed = true;
    const double done = static_cast<double>(t) / static_cast<double>(end);
    const double events =
        static_cast<double>(simulation.engine().executed() - events_at_start) / elapsed;
    const double left = done > 0 ? elapsed * (1.0 - done) / done : 0.0;
    std::array<char, 160> line{};
    std::snprintf(line.data(), line.size(),
                  "\r\033[K  simulated %s of %s (%.0f %%), %.2f M events/s, about %.0f s left",
                  FormatDuration(t).c_str(), FormatDuration(end).c_str(), 100.0 * done,
                  events / 1e6, left);
    out << line.data() << std::flush;
  }
  if (printed) out << "\r\033[K" << std::flush;
  simulation.Finish();
}

}  // namespace chainsim::sim
