#pragma once
// Engine: the discrete-event core of the simulator.
//
// An Engine holds a virtual clock (SimTime, integer nanoseconds, starting at
// 0) and a set of pending events. Events run in order of (time, insertion
// sequence): the earliest first, and events scheduled for the same time in
// the order they were scheduled (first in, first out). Running an event sets
// now() to its time and calls its callback. Callbacks may schedule and cancel
// other events, and may call Stop().
//
// The Engine is a plain object: a program may run several, each fully
// independent; nothing is global, nothing reads a wall clock.
//
// Implementation: a 4-ary min-heap of small plain entries {time, sequence,
// slot, generation}; callbacks live in a slab of slots reused through a free
// list. Cancel() frees the slot at once and leaves the heap entry to be
// dropped when it surfaces (its generation no longer matches); the heap is
// compacted when cancelled entries outnumber live ones.
//
// Thread safety: none. One thread drives an Engine (the run is sequential by
// design); different Engines may be used by different threads.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/callback.h"
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
  // Pending callbacks are destroyed without running.
  ~Engine() = default;

  // Schedules `fn` to run at virtual time `at`. An event scheduled from inside
  // a callback for the current time runs after every event already queued for
  // that time. REQUIRES: at >= now(); fn non-empty.
  EventId ScheduleAt(SimTime at, Callback fn);

  // Schedules `fn` to run at now() + delay.
  // REQUIRES: 0 <= delay <= kNever - now(); fn non-empty.
  EventId ScheduleAfter(SimTime delay, Callback fn);

  // Cancels a pending event: its callback is destroyed without running.
  // Returns true if it was pending and is now cancelled; false (and does
  // nothing) for an invalid id, an event that already ran or is running, or
  // one already cancelled.
  bool Cancel(EventId id);

  // Runs every event with time <= end, in order (including events scheduled
  // meanwhile), then sets now() = end if end > now(). If Stop() is called
  // it returns after the current event and now() stays at that event's time.
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
  std::size_t pending() const { return heap_.size() - cancelled_in_heap_; }
  // Events run so far.
  std::uint64_t executed() const { return executed_; }
  // Time of the earliest pending event; kNever when none is pending.
  SimTime next_time() const { return heap_.empty() ? kNever : heap_.front().time; }

  // Pre-allocates room for `events` simultaneously pending events.
  void Reserve(std::size_t events);

 private:
  struct HeapEntry {
    SimTime time;
    std::uint64_t sequence;
    std::uint32_t slot;
    std::uint32_t generation;
  };
  struct Slot {
    Callback fn;
    std::uint32_t generation = 1;  // of the event using the slot, or of the next one
    std::uint32_t next_free = 0;   // free-list link while the slot is free
  };
  static constexpr std::uint32_t kNoSlot = 0xffffffffu;

  static bool Before(const HeapEntry& a, const HeapEntry& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }
  bool IsLive(const HeapEntry& e) const { return slots_[e.slot].generation == e.generation; }

  std::uint32_t AllocateSlot();
  // Bumps the slot's generation (stale ids and heap entries stop matching) and
  // puts it on the free list. The callback must already be gone.
  void ReleaseSlot(std::uint32_t slot);

  void HeapPush(const HeapEntry& e);
  void HeapPopTop();
  // Pops cancelled entries off the top, so heap_.front() is always live.
  void DropCancelledTop();
  // Removes every cancelled entry and rebuilds the heap.
  void Compact();
  // Pops the top event, advances the clock and runs it. REQUIRES: !heap_.empty().
  void RunTop();

  std::vector<HeapEntry> heap_;
  std::vector<Slot> slots_;
  std::uint32_t free_head_ = kNoSlot;
  std::size_t cancelled_in_heap_ = 0;
  SimTime now_ = 0;
  std::uint64_t next_sequence_ = 0;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace chainsim::sim
