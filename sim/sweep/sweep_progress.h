#pragma once
// The progress line of a sweep on a terminal: runs done, rate, time left.
//
//   sweep: 37/200 runs (18 %), 2.4 runs/s, about 1m08s left
//
// Rewritten in place ("\r", erase to the end of the line) at most twice a
// second and erased by Finish(). The wall clock is read here only, never by
// a run. When disabled (not a terminal, --quiet) nothing is written.
// Thread safety: none; one thread updates it.

#include <chrono>
#include <cstddef>
#include <ostream>

namespace chainsim::sim {

class SweepProgress {
 public:
  // `total` runs to do in this process, `done_before` of them already done
  // (resumed); the rate counts only the runs done since construction.
  SweepProgress(std::ostream* out, bool enabled, std::size_t total, std::size_t done_before);
  ~SweepProgress() { Finish(); }

  // One more run finished.
  void RunDone();
  // Redraws the line when it is due (call now and then while waiting).
  void Tick();
  // Erases the line (once).
  void Finish();

 private:
  void Draw();

  std::ostream* out_;
  bool enabled_;
  std::size_t total_;
  std::size_t done_before_;
  std::size_t done_now_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace chainsim::sim
