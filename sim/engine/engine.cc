#include "sim/engine/engine.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

namespace {

// Children of heap node i are kArity*i+1 .. kArity*i+kArity. A 4-ary heap is
// shallower than a binary one and its four children share a cache line or two.
constexpr std::size_t kArity = 4;

// Cancelled entries are purged from the heap once they are more than this
// many and more than the live ones.
constexpr std::size_t kCompactMinimum = 64;

}  // namespace

EventId Engine::ScheduleAt(SimTime at, Callback fn) {
  CHAINSIM_CHECK(at >= now_);
  CHAINSIM_CHECK(static_cast<bool>(fn));
  const std::uint32_t slot = AllocateSlot();
  Slot& s = slots_[slot];
  s.fn = std::move(fn);
  HeapPush(HeapEntry{at, next_sequence_++, slot, s.generation});
  return EventId(slot, s.generation);
}

EventId Engine::ScheduleAfter(SimTime delay, Callback fn) {
  CHAINSIM_CHECK(delay >= 0 && delay <= kNever - now_);
  return ScheduleAt(now_ + delay, std::move(fn));
}

bool Engine::Cancel(EventId id) {
  if (!id.valid() || id.slot_ >= slots_.size()) return false;
  Slot& s = slots_[id.slot_];
  if (s.generation != id.generation_ || !s.fn) return false;
  // Release first: the callback's destructor may re-enter the engine.
  Callback doomed = std::move(s.fn);
  ReleaseSlot(id.slot_);
  ++cancelled_in_heap_;
  DropCancelledTop();
  if (cancelled_in_heap_ > kCompactMinimum && cancelled_in_heap_ > heap_.size() / 2) Compact();
  return true;
}

void Engine::RunUntil(SimTime end) {
  stop_requested_ = false;
  while (!heap_.empty() && heap_.front().time <= end) {
    RunTop();
    if (stop_requested_) return;
  }
  if (end > now_) now_ = end;
}

void Engine::Run() {
  stop_requested_ = false;
  while (!heap_.empty()) {
    RunTop();
    if (stop_requested_) return;
  }
}

bool Engine::Step() {
  if (heap_.empty()) return false;
  RunTop();
  return true;
}

void Engine::Reserve(std::size_t events) {
  heap_.reserve(events);
  slots_.reserve(events);
}

std::uint32_t Engine::AllocateSlot() {
  if (free_head_ != kNoSlot) {
    const std::uint32_t slot = free_head_;
    free_head_ = slots_[slot].next_free;
    return slot;
  }
  CHAINSIM_CHECK(slots_.size() < kNoSlot);
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void Engine::ReleaseSlot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  ++s.generation;
  if (s.generation == 0) s.generation = 1;  // 0 marks the invalid EventId
  s.next_free = free_head_;
  free_head_ = slot;
}

void Engine::HeapPush(const HeapEntry& e) {
  heap_.push_back(e);
  // Sift up, moving parents down into the hole.
  std::size_t hole = heap_.size() - 1;
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!Before(e, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = e;
}

void Engine::HeapPopTop() {
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return;
  // Bottom-up: move the hole from the root down along the smallest children
  // to the bottom, then sift `last` up from there. `last` usually belongs near
  // the bottom, so this takes about half the comparisons of a top-down sift.
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = kArity * hole + 1;
    if (first >= size) break;
    std::size_t best = first;
    if (first + kArity <= size) {
      if (Before(heap_[first + 1], heap_[best])) best = first + 1;
      if (Before(heap_[first + 2], heap_[best])) best = first + 2;
      if (Before(heap_[first + 3], heap_[best])) best = first + 3;
    } else {
      for (std::size_t c = first + 1; c < size; ++c) {
        if (Before(heap_[c], heap_[best])) best = c;
      }
    }
    heap_[hole] = heap_[best];
    hole = best;
  }
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!Before(last, heap_[parent])) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = last;
}

void Engine::DropCancelledTop() {
  while (!heap_.empty() && !IsLive(heap_.front())) {
    HeapPopTop();
    --cancelled_in_heap_;
  }
}

void Engine::Compact() {
  std::erase_if(heap_, [this](const HeapEntry& e) { return !IsLive(e); });
  cancelled_in_heap_ = 0;
  // Floyd's heap construction, 4-ary: sift down every internal node.
  const std::size_t size = heap_.size();
  if (size < 2) return;
  for (std::size_t i = (size - 2) / kArity + 1; i-- > 0;) {
    const HeapEntry e = heap_[i];
    std::size_t hole = i;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= size) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + kArity, size);
      for (std::size_t c = first + 1; c < end; ++c) {
        if (Before(heap_[c], heap_[best])) best = c;
      }
      if (!Before(heap_[best], e)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = e;
  }
}

void Engine::RunTop() {
  const HeapEntry top = heap_.front();
  HeapPopTop();
  Slot& s = slots_[top.slot];
  // Take the callback out before running it: the callback may schedule events,
  // which can reuse this slot or grow (and move) the slab.
  Callback fn = std::move(s.fn);
  ReleaseSlot(top.slot);
  DropCancelledTop();
  now_ = top.time;
  ++executed_;
  fn();
}

}  // namespace chainsim::sim
