#include "sim/engine/engine.h"

#include <algorithm>
#include <utility>

#include "core/check.h"
#include "sim/engine/free_stack.h"

namespace chainsim::sim {

namespace {

// Cancelled entries are purged from the queue once they are more than this
// many and more than the live ones.
constexpr std::size_t kCompactMinimum = 64;

// Slots prefetched for the events likely to come next (ForEachSoon). In
// bench/engine, 8 beat 2 and 4 at 10^5 and 10^6 pending events and was
// about even at 10^3 (docs/performance.md, engine).
constexpr std::size_t kSoonPrefetch = 8;

void Prefetch(const void* p) {
#if defined(__GNUC__)
  __builtin_prefetch(p);
#else
  (void)p;
#endif
}

}  // namespace

EventId Engine::Enqueue(SimTime at, FreeSlot free, bool hinted) {
  if (next_sequence_ == kSequenceLimit) RenumberSequences();
  queue_.Push(Entry{at, (next_sequence_++ << 32) | (hinted ? kHintedBit : 0) | free.slot});
  return EventId(free.slot, free.generation);
}

bool Engine::Cancel(EventId id) {
  if (!id.valid() || id.slot_ >= slots_.size()) return false;
  Slot& s = slots_[id.slot_];
  if (s.generation != id.generation_ || !s.fn) return false;
  // The slot stays taken (with an empty callback) until its queue entry is
  // dropped; the generation moves on at once so the id stops matching.
  Callback doomed = std::move(s.fn);
  ++s.generation;
  if (s.generation == 0) s.generation = 1;  // 0 marks the invalid EventId
  ++cancelled_in_queue_;
  if (cancelled_in_queue_ > kCompactMinimum && cancelled_in_queue_ > queue_.size() / 2) Compact();
  return true;
  // `doomed` is destroyed last: its destructor may re-enter the engine.
}

void Engine::RunUntil(SimTime end) {
  CHAINSIM_CHECK(!in_callback_);
  stop_requested_ = false;
  while (!queue_.empty() && queue_.Top().time <= end) {
    if (PopAndRunTop() && stop_requested_) return;
  }
  if (end > now_) now_ = end;
}

void Engine::Run() {
  CHAINSIM_CHECK(!in_callback_);
  stop_requested_ = false;
  while (!queue_.empty()) {
    if (PopAndRunTop() && stop_requested_) return;
  }
}

bool Engine::Step() {
  CHAINSIM_CHECK(!in_callback_);
  while (!queue_.empty()) {
    if (PopAndRunTop()) return true;
  }
  return false;
}

SimTime Engine::next_time() const {
  DropCancelledTop();
  return queue_.empty() ? kNever : queue_.Top().time;
}

void Engine::Reserve(std::size_t events) {
  free_slots_.reserve(events);
  slots_.reserve(events);
}

Engine::FreeSlot Engine::GrowSlots() {
  CHAINSIM_CHECK(slots_.size() < kSlotLimit);
  ReserveFreeStack(free_slots_, slots_.size());  // ReleaseSlot never allocates
  slots_.emplace_back();
  return FreeSlot{static_cast<std::uint32_t>(slots_.size() - 1), slots_.back().generation};
}

void Engine::ReleaseSlot(std::uint32_t slot) {
  Slot& s = slots_[slot];
  ++s.generation;
  if (s.generation == 0) s.generation = 1;  // 0 marks the invalid EventId
  free_slots_.push_back(FreeSlot{slot, s.generation});
}

void Engine::DropCancelledTop() const {
  while (!queue_.empty() && IsCancelled(queue_.Top())) {
    const std::uint32_t slot = SlotOf(queue_.Top());
    queue_.Pop();
    const_cast<Engine*>(this)->ReleaseSlot(slot);
    --cancelled_in_queue_;
  }
}

void Engine::Compact() {
  queue_.RemoveIf([this](const Entry& e) {
    if (!IsCancelled(e)) return false;
    ReleaseSlot(SlotOf(e));
    return true;
  });
  cancelled_in_queue_ = 0;
}

void Engine::RenumberSequences() {
  std::vector<Entry> entries = queue_.TakeAll();
  std::sort(entries.begin(), entries.end(), EventQueue::Less);
  std::uint64_t sequence = 0;
  for (Entry& e : entries) {
    e.key = (sequence++ << 32) | (e.key & 0xffffffffu);  // the slot and its hint bit
    queue_.Push(e);
  }
  next_sequence_ = sequence;
}

bool Engine::PopAndRunTop() {
  const Entry event = queue_.Top();
  const std::uint32_t slot = SlotOf(event);
  queue_.Pop();
  // This event's slot was (usually) prefetched while the previous one ran;
  // fetch the slots of the events likely to come next while this one runs.
  // The slab is the engine's only random memory access: without this every
  // event would stall on a cache miss once the slab outgrows the cache.
  // The earliest of them whose callback has a Prefetch() hint (the entry says
  // so) is usually the next event, or the one after: its slot came in the
  // same way one event ago or more, so its hint can start loading what that
  // event will read. Events without a hint cost no early read of a slot.
  bool any_hinted = false;
  Entry hinted{};
  queue_.ForEachSoon(kSoonPrefetch, [this, &any_hinted, &hinted](const Entry& e) {
    Prefetch(&slots_[SlotOf(e)]);
    if (IsHinted(e) && (!any_hinted || EventQueue::Less(e, hinted))) {
      any_hinted = true;
      hinted = e;
    }
  });
  if (any_hinted) slots_[SlotOf(hinted)].fn.Prefetch();
  if (!slots_[slot].fn) {  // cancelled
    ReleaseSlot(slot);
    --cancelled_in_queue_;
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
