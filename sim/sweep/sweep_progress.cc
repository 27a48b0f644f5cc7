#include "sim/sweep/sweep_progress.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace chainsim::sim {
namespace {

// "42s", "3m08s", "2h05m".
std::string Left(double seconds) {
  const auto s = static_cast<std::int64_t>(std::llround(seconds));
  const auto two = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + two(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + two(s % 3600 / 60) + "m";
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
