#pragma once
// Engine: the discrete-event core of the simulator.
//
// An Engine holds a virtual clock (SimTime, integer nanoseconds, starting at
// 0) and a set of pending events. Events run in order of (time, insertion
// sequence): the earliest first, and events scheduled for the same time in
// the order they were scheduled (first in, first out). Running an event sets
// now() to its time and calls its callback. Callbacks may schedule and cancel
// other events, and may call Stop(). An exception thrown by a callback
// propagates out of Run()/RunUntil()/Step(); that event counts as run and the
// engine stays usable.
//
// The Engine is a plain object: a program may run several, each fully
// independent; nothing is global, nothing reads a wall clock.
//
// Implementation: callbacks live in a slab of cache-line slots (Callback:
// small-buffer, no allocation for small captures) reused through a stack of
// free slots; the order lives in an EventQueue (event_queue.h: a radix heap) of
// 16-byte entries {time, sequence:32 | hinted:1 | slot:31}. Pushing an entry
// appends to one bucket and finding the next one scans a small bucket, so the
// queue's memory traffic is sequential; the one random access per event is
// its slot, so while an event runs the slots of the events likely to come
// next are prefetched, and the next event's callback, if it has a Prefetch()
// hint (Callback), is asked to load what it will read.
// Cancel() destroys the callback at once and leaves the queue entry to be
// dropped when it surfaces; the queue is compacted when cancelled entries
// outnumber live ones. The 32-bit sequence numbers are renumbered (order
// kept) before they would wrap. See docs/performance.md (engine) for the
// measurements behind this layout.
//
// Thread safety: none. One thread drives an Engine (the run is sequential by
// design); different Engines may be used by different threads.

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/check.h"
#include "sim/engine/callback.h"
#include "sim/engine/event_queue.h"
#include "sim/engine/sim_time.h"

namespace chainsim::sim {

// Handle of a scheduled event, for Cancel(). A small copyable value;
// default-constructed = invalid (never refers to an event). Only meaningful
// to the Engine that issued it.
class EventId {
 public:
  constexpr EventId() = default;

  // False for a default-constructed id. An id stays valid() after its event
  // ran or was cancelled; Cancel() tells whether it was still pending.
  constexpr bool valid() const { return generation_ != 0; }

  friend constexpr bool operator==(EventId a, EventId b) = default;

 private:
  friend class Engine;
  constexpr EventId(std::uint32_t slot, std::uint32_t generation)
      : slot_(slot), generation_(generation) {}

  std::uint32_t slot_ = 0;
  std::uint32_t generation_ = 0;
};

class Engine {
 public:
  using Callback = ::chainsim::sim::Callback;

  Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  // Pending callbacks are destroyed without running (their destructors must
  // not use this engine).
  ~Engine() = default;

  // Schedules `fn` to run at virtual time `at`. An event scheduled from inside
  // a callback for the current time runs after every event already queued for
  // that time. `fn` is any callable as `void()` (a lambda, or a Callback),
  // moved or copied into the engine's own storage without an allocation when
  // it is small (see Callback). REQUIRES: at >= now(); fn non-empty.
  template <class F, class = std::enable_if_t<std::is_constructible_v<Callback, F&&>>>
  EventId ScheduleAt(SimTime at, F&& fn) {
    CHAINSIM_CHECK(at >= now_);
    const FreeSlot free = AllocateSlot();
    try {
      slots_[free.slot].fn.Emplace(std::forward<F>(fn));
    } catch (...) {
      ReleaseSlot(free.slot);
      throw;
    }
    const Callback& stored = slots_[free.slot].fn;
    CHAINSIM_CHECK(static_cast<bool>(stored));
    return Enqueue(at, free, stored.has_prefetch());
  }

  // Schedules `fn` to run at now() + delay.
  // REQUIRES: 0 <= delay <= kNever - now(); fn non-empty.
  template <class F, class = std::enable_if_t<std::is_constructible_v<Callback, F&&>>>
  EventId ScheduleAfter(SimTime delay, F&& fn) {
    CHAINSIM_CHECK(delay >= 0 && delay <= kNever - now_);
    return ScheduleAt(now_ + delay, std::forward<F>(fn));
  }

  // Cancels a pending event: its callback is destroyed without running.
  // Returns true if it was pending and is now cancelled; false (and does
  // nothing) for an invalid id, an event that already ran or is running, or
  // one already cancelled.
  bool Cancel(EventId id);

  // Runs every event with time <= end, in order (including events scheduled
  // meanwhile), then sets now() = end if end > now(). If Stop() is called
  // it returns after the current event and now() stays at that event's time.
  // REQUIRES: not called from inside a callback (the same for Run and Step).
  void RunUntil(SimTime end);

  // Runs events until none remain or Stop() is called.
  void Run();

  // Makes the current Run()/RunUntil() return after the current event.
  // Each Run()/RunUntil() starts with the request cleared, so a Stop() made
  // outside of a run has no effect.
  void Stop() { stop_requested_ = true; }

  // Runs the earliest pending event. Returns false if there was none.
  bool Step();

  // Current virtual time.
  SimTime now() const { return now_; }
  // Events scheduled and neither run nor cancelled.
  std::size_t pending() const { return queue_.size() - cancelled_in_queue_; }
  // Events run so far.
  std::uint64_t executed() const { return executed_; }
  // Time of the earliest pending event; kNever when none is pending.
  SimTime next_time() const;

  // Pre-allocates room for `events` simultaneously pending events. Limits:
  // fewer than 2^31 pending events (cancelled ones count until purged).
  void Reserve(std::size_t events);

 private:
  friend class EngineTestPeer;  // tests: sequence renumbering

  // key = sequence << 32 | hinted << 31 | slot, where `hinted` says that the
  // callback has a Prefetch() hint (so that an event without one costs no
  // early read of its slot). Sequences are unique: the low half never decides
  // the order.
  using Entry = EventQueue::Entry;
  struct alignas(64) Slot {
    Callback fn;                   // empty while free or cancelled
    std::uint32_t generation = 1;  // of the event using the slot, or of the next one
  };
  // A free slot and the generation of its next event. The free slots are a
  // stack apart from the slab (last freed, first taken), so that taking one
  // reads nothing of the slab, and the next one to be taken is known: it is
  // prefetched, since a slot freed long ago is no longer in the cache.
  struct FreeSlot {
    std::uint32_t slot = 0;
    std::uint32_t generation = 0;
  };

  static constexpr std::uint32_t kSlotLimit = 0x7fffffffu;  // slots are fewer
  static constexpr std::uint64_t kHintedBit = std::uint64_t{1} << 31;
  static constexpr std::uint64_t kSequenceLimit = std::uint64_t{1} << 32;

  static std::uint32_t SlotOf(const Entry& e) {
    return static_cast<std::uint32_t>(e.key & (kHintedBit - 1));
  }
  static bool IsHinted(const Entry& e) { return (e.key & kHintedBit) != 0; }
  bool IsCancelled(const Entry& e) const { return !slots_[SlotOf(e)].fn; }

  FreeSlot AllocateSlot() {
    if (free_slots_.empty()) return GrowSlots();
    const FreeSlot free = free_slots_.back();
    free_slots_.pop_back();
    if (!free_slots_.empty()) __builtin_prefetch(&slots_[free_slots_.back().slot], /*rw=*/1);
    return free;
  }
  // Appends a slot to the slab and returns it.
  FreeSlot GrowSlots();
  // Puts the event of `free.slot` (its callback already stored) into the queue.
  EventId Enqueue(SimTime at, FreeSlot free, bool hinted);
  // Bumps the slot's generation (stale ids stop matching) and puts it on the
  // free stack. The callback must already be gone. Never allocates.
  void ReleaseSlot(std::uint32_t slot);

  // Pops cancelled entries off the top (freeing their slots), so that the
  // queue's top is live. Logically const: the pending events do not change.
  void DropCancelledTop() const;
  // Removes every cancelled entry from the queue.
  void Compact();
  // Gives the pending entries sequences 0..n-1 in their current order.
  void RenumberSequences();
  // Pops the top entry; if its event is live, advances the clock and runs it.
  // Returns whether an event ran. REQUIRES: queue not empty.
  bool PopAndRunTop();

  // mutable: next_time() drops cancelled entries from the top.
  mutable EventQueue queue_;
  mutable std::vector<Slot> slots_;
  mutable std::vector<FreeSlot> free_slots_;  // capacity() >= slots_.size()
  mutable std::size_t cancelled_in_queue_ = 0;
  SimTime now_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
  bool in_callback_ = false;
};

}  // namespace chainsim::sim
