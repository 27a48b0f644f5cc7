#include "sim/sweep/run_pool.h"

#include <utility>

#include "core/check.h"
#include "sim/sweep/run_one.h"

namespace chainsim::sim {

RunPool::RunPool(int jobs, std::vector<std::size_t> runs, Work work)
    : capacity_(static_cast<std::size_t>(jobs)), runs_(std::move(runs)), work_(std::move(work)) {
  CHAINSIM_CHECK(jobs >= 1);
  const std::size_t threads = std::min<std::size_t>(capacity_, runs_.size());
  threads_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Worker(); });
}

RunPool::~RunPool() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  collected_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void RunPool::Worker() {
  for (;;) {
    std::size_t run = 0;
    {
      std::unique_lock lock(mutex_);
      // Bounded: no new run while `capacity_` records wait for the caller.
      collected_.wait(lock, [&] { return stop_ || ready_.size() < capacity_; });
      if (stop_ || next_ >= runs_.size()) return;
      run = runs_[next_++];
    }
    try {
      RunRecord record = work_(run, stop_);
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(record));
    } catch (const RunCancelled&) {
      return;
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
      stop_ = true;
    }
    finished_.notify_all();
    collected_.notify_all();
  }
}

std::optional<RunRecord> RunPool::Next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  finished_.wait_for(lock, timeout,
                     [&] { return !ready_.empty() || error_ || collected_count_ == runs_.size(); });
  if (!ready_.empty()) {
    RunRecord record = std::move(ready_.front());
    ready_.pop_front();
    ++collected_count_;
    lock.unlock();
    collected_.notify_all();
    return record;
  }
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

bool RunPool::Done() const {
  std::lock_guard lock(mutex_);
  return collected_count_ == runs_.size();
}

}  // namespace chainsim::sim
