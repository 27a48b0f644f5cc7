#include "sim/engine/engine.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace chainsim::sim {

namespace {

// Children of heap node i are kArity*i+1 .. kArity*i+kArity. A 4-ary heap is
// half as deep as a binary one, and with 16-byte entries and the heap's
// padding the four children fill exactly one cache line.
constexpr std::size_t kArity = 4;

// Cancelled entries are purged from the heap once they are more than this
// many and more than the live ones.
constexpr std::size_t kCompactMinimum = 64;

}  // namespace

EventId Engine::Enqueue(SimTime at, std::uint32_t slot) {
  if (next_sequence_ == kSequenceLimit) RenumberSequences();
  HeapPush(HeapEntry{at, (next_sequence_++ << 32) | slot});
  return EventId(slot, slots_[slot].generation);
}

bool Engine::Cancel(EventId id) {
  if (!id.valid() || id.slot_ >= slots_.size()) return false;
  Slot& s = slots_[id.slot_];
  if (s.generation != id.generation_ || !s.fn) return false;
  // The slot stays taken (with an empty callback) until its heap entry is
  // dropped; the generation moves on at once so the id stops matching.
  Callback doomed = std::move(s.fn);
  ++s.generation;
  if (s.generation == 0) s.generation = 1;  // 0 marks the invalid EventId
  ++cancelled_in_heap_;
  if (cancelled_in_heap_ > kCompactMinimum && cancelled_in_heap_ > heap_size() / 2) Compact();
  return true;
  // `doomed` is destroyed last: its destructor may re-enter the engine.
}

void Engine::RunUntil(SimTime end) {
  CHAINSIM_CHECK(!in_callback_);
  stop_requested_ = false;
  while (heap_size() > 0 && top().time <= end) {
    if (PopAndRunTop() && stop_requested_) return;
  }
  if (end > now_) now_ = end;
}

void Engine::Run() {
  CHAINSIM_CHECK(!in_callback_);
  stop_requested_ = false;
  while (heap_size() > 0) {
    if (PopAndRunTop() && stop_requested_) return;
  }
}

bool Engine::Step() {
  CHAINSIM_CHECK(!in_callback_);
  while (heap_size() > 0) {
    if (PopAndRunTop()) return true;
  }
  return false;
}

SimTime Engine::next_time() const {
  DropCancelledTop();
  return heap_size() == 0 ? kNever : top().time;
}

void Engine::Reserve(std::size_t events) {
  heap_.reserve(events + kHeapPad);
  slots_.reserve(events);
}

std::uint32_t Engine::GrowSlots() {
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

void Engine::HeapPush(HeapEntry e) {
  heap_.push_back(e);
  HeapEntry* h = heap_.data() + kHeapPad;
  // Sift up, moving parents down into the hole.
  std::size_t hole = heap_size() - 1;
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!Before(e, h[parent])) break;
    h[hole] = h[parent];
    hole = parent;
  }
  h[hole] = e;
}

void Engine::HeapPopTop() {
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_size();
  if (size == 0) return;
  HeapEntry* h = heap_.data() + kHeapPad;
  // Bottom-up: move the hole from the root down along the smallest children
  // to the bottom, then sift `last` up from there. `last` usually belongs near
  // the bottom, so this takes about half the comparisons of a top-down sift.
  std::size_t hole = 0;
  for (;;) {
    const std::size_t first = kArity * hole + 1;
    if (first + kArity > size) {
      if (first >= size) break;
      std::size_t best = first;
      for (std::size_t c = first + 1; c < size; ++c) {
        if (Before(h[c], h[best])) best = c;
      }
      h[hole] = h[best];
      hole = best;
      break;  // a partial group has no children
    }
#if defined(__GNUC__)
    // Fetch the grandchildren (four cache lines) while the children are
    // compared: in a large heap each level is a cache miss, and without
    // branches to speculate on, nothing else would overlap them.
    const std::size_t grandchildren = kArity * first + 1;
    if (grandchildren + kArity * kArity <= size) {
      for (std::size_t g = 0; g < kArity * kArity; g += kArity) {
        __builtin_prefetch(&h[grandchildren + g]);
      }
    }
#endif
    // Tournament of the four children, without branches: which child wins
    // is a coin toss, and a mispredicted branch per level would cost more
    // than the rest of the loop.
    const std::size_t a = first + static_cast<std::size_t>(Before(h[first + 1], h[first]));
    const std::size_t b = first + 2 + static_cast<std::size_t>(Before(h[first + 3], h[first + 2]));
    const std::size_t b_wins = 0 - static_cast<std::size_t>(Before(h[b], h[a]));
    const std::size_t best = a ^ ((a ^ b) & b_wins);
    h[hole] = h[best];
    hole = best;
  }
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kArity;
    if (!Before(last, h[parent])) break;
    h[hole] = h[parent];
    hole = parent;
  }
  h[hole] = last;
}

void Engine::DropCancelledTop() const {
  while (heap_size() > 0 && IsCancelled(top())) {
    const std::uint32_t slot = SlotOf(top());
    const_cast<Engine*>(this)->HeapPopTop();
    const_cast<Engine*>(this)->ReleaseSlot(slot);
    --cancelled_in_heap_;
  }
}

void Engine::Compact() {
  std::size_t out = kHeapPad;
  for (std::size_t i = kHeapPad; i < heap_.size(); ++i) {
    if (IsCancelled(heap_[i])) {
      ReleaseSlot(SlotOf(heap_[i]));
    } else {
      heap_[out++] = heap_[i];
    }
  }
  heap_.resize(out);
  cancelled_in_heap_ = 0;
  // Floyd's heap construction: sift down every internal node, last first.
  const std::size_t size = heap_size();
  if (size < 2) return;
  HeapEntry* h = heap_.data() + kHeapPad;
  for (std::size_t i = (size - 2) / kArity + 1; i-- > 0;) {
    const HeapEntry e = h[i];
    std::size_t hole = i;
    for (;;) {
      const std::size_t first = kArity * hole + 1;
      if (first >= size) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + kArity, size);
      for (std::size_t c = first + 1; c < end; ++c) {
        if (Before(h[c], h[best])) best = c;
      }
      if (!Before(h[best], e)) break;
      h[hole] = h[best];
      hole = best;
    }
    h[hole] = e;
  }
}

void Engine::RenumberSequences() {
  // A sorted array is a valid heap; sequences follow the current order.
  std::sort(heap_.begin() + kHeapPad, heap_.end(), Before);
  std::uint64_t sequence = 0;
  for (std::size_t i = kHeapPad; i < heap_.size(); ++i) {
    heap_[i].key = (sequence++ << 32) | SlotOf(heap_[i]);
  }
  next_sequence_ = sequence;
}

bool Engine::PopAndRunTop() {
  const HeapEntry event = top();
  const std::uint32_t slot = SlotOf(event);
#if defined(__GNUC__)
  __builtin_prefetch(&slots_[slot]);
#endif
  HeapPopTop();
#if defined(__GNUC__)
  if (heap_size() > 0) __builtin_prefetch(&slots_[SlotOf(top())]);
#endif
  if (!slots_[slot].fn) {  // cancelled
    ReleaseSlot(slot);
    --cancelled_in_heap_;
    return false;
  }
  // Take the callback out before running it: the callback may schedule events,
  // which can reuse this slot or grow (and move) the slab.
  Callback fn = std::move(slots_[slot].fn);
  ReleaseSlot(slot);
  now_ = event.time;
  ++executed_;
  struct InCallback {
    bool& flag;
    explicit InCallback(bool& f) : flag(f) { flag = true; }
    ~InCallback() { flag = false; }
    InCallback(const InCallback&) = delete;
    InCallback& operator=(const InCallback&) = delete;
  } guard(in_callback_);
  fn();
  return true;
}

}  // namespace chainsim::sim
