#pragma once
// RunPool: runs the runs of a sweep on a fixed number of threads, with
// bounded memory, and hands each finished record to the caller's thread.
//
// Memory: at most `jobs` runs are in progress (one Simulation per thread)
// and fewer than 2 x `jobs` finished records wait to be collected: a thread
// does not start its next run while `jobs` records wait for the caller. Records come out in
// completion order, which varies from one execution to the next: callers
// that write results sort them by run (sim/sweep/aggregate.h), so outputs do
// not depend on it.
//
// Errors: an exception thrown by `work` on a thread is caught there, the
// other threads are told to stop (their runs are abandoned, see RunOne's
// `stop`), and Next() rethrows it on the caller's thread. No exception
// escapes a thread.
// Thread safety: one caller thread uses the pool; `work` runs on the pool's
// threads and must be safe to call concurrently (RunOne is).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "sim/sweep/run_record.h"

namespace chainsim::sim {

class RunPool {
 public:
  // Computes the record of run `run`; may look at `stop` and give up by
  // throwing RunCancelled.
  using Work = std::function<RunRecord(std::size_t run, const std::atomic<bool>& stop)>;

  // Starts `jobs` threads that run `runs` in the given order.
  // REQUIRES: jobs >= 1.
  RunPool(int jobs, std::vector<std::size_t> runs, Work work);
  // Stops: running runs are abandoned, threads joined.
  ~RunPool();
  RunPool(const RunPool&) = delete;
  RunPool& operator=(const RunPool&) = delete;

  // The next finished record, waiting at most `timeout`; nullopt when none
  // finished in that time or all are collected. Rethrows a run's error.
  std::optional<RunRecord> Next(std::chrono::milliseconds timeout);
  // Every run's record has been collected.
  bool Done() const;

 private:
  void Worker();

  const std::size_t capacity_;
  const std::vector<std::size_t> runs_;
  const Work work_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable finished_;   // a record or an error arrived
  std::condition_variable collected_;  // the caller took a record
  std::size_t next_ = 0;               // index into runs_ of the next run to start
  std::size_t collected_count_ = 0;
  std::deque<RunRecord> ready_;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

}  // namespace chainsim::sim
