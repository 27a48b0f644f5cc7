#include "sim/sweep/sweep_progress.h"

#include <array>
#include <cstdio>
#include <string>

namespace chainsim::sim {
namespace {

// "42s", "3m08s", "2h05m".
std::string Left(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char text[48];
  if (s < 60) {
    std::snprintf(text, sizeof text, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  }
  return text;
}

}  // namespace

SweepProgress::SweepProgress(std::ostream* out, bool enabled, std::size_t total,
                             std::size_t done_before)
    : out_(out),
      enabled_(enabled && out != nullptr),
      total_(total),
      done_before_(done_before),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void SweepProgress::RunDone() {
  ++done_now_;
  Tick();
}

void SweepProgress::Tick() {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(500)) return;
  last_draw_ = now;
  Draw();
}

void SweepProgress::Draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::size_t done = done_before_ + done_now_;
  const double rate = elapsed > 0 ? static_cast<double>(done_now_) / elapsed : 0.0;
  std::string left = "time left unknown";
  if (rate > 0 && done <= total_) {
    const double seconds = static_cast<double>(total_ - done) / rate;
    left = "about " + Left(seconds) + " left";
  }
  std::array<char, 200> line{};
  std::snprintf(
      line.data(), line.size(), "\r\033[K  sweep: %zu/%zu runs (%.0f %%), %.2f runs/s, %s", done,
      total_, total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0,
      rate, left.c_str());
  *out_ << line.data() << std::flush;
  drawn_ = true;
}

void SweepProgress::Finish() {
  if (enabled_ && drawn_) *out_ << "\r\033[K" << std::flush;
  enabled_ = false;
}

}  // namespace chainsim::sim
