// The hold model (a classic event-set benchmark): N events are pending at all
// times; each executed event schedules one new event at now + a random delay.
// All four benchmarks run the same model with the same delays (the same
// random stream), so they execute the same events in the same order:
//
// - BM_EngineHold: sim::Engine. Per event: pop, check cancellation, move the
//   callback out of its slot, call it (an indirect call); the callback draws
//   a delay and schedules its successor (a callback capturing one pointer).
// - BM_BarePriorityQueueHold: a std::priority_queue of 16-byte {time,
//   sequence} structs and the same delay draw inline: the floor, with no
//   callback stored or called. The target (>= 0.9 of it) is against
//   this one; it does less work than any engine.
// - BM_CallbackQueueHold: like for like with the engine: a binary heap
//   (std::push_heap / pop_heap) of {time, sequence, sim::Callback} events, so
//   the same 56-byte callback payload is stored and the same callback is
//   called, without cancellation handles.
// - BM_StdFunctionQueueHold: the same with std::function (the obvious simple
//   engine).
//
// Run (Release build; interleaving and repetitions even out a busy machine):
//   build/release/bench/engine/bench_engine --benchmark_repetitions=5
//     --benchmark_enable_random_interleaving=true --benchmark_min_time=0.5
//     --benchmark_report_aggregates_only=true      (one command line)
// One item = one event executed (popped, run, and its successor scheduled).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

#include "sim/engine/engine.h"
#include "sim/engine/random.h"

namespace chainsim::sim {
namespace {

constexpr std::uint64_t kSeed = 20240601;

// Delays uniform in [0, 2^20) ns (about 1 ms); identical in all three benchmarks.
class Delays {
 public:
  Delays() : rng_(kSeed) {}
  SimTime Next() { return static_cast<SimTime>(rng_.NextU64() >> 44); }

 private:
  Random rng_;
};

void SetPendingCounters(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["pending"] = static_cast<double>(state.range(0));
}

// --- sim::Engine -------------------------------------------------------------

struct HoldWorld {
  Engine engine;
  Delays delays;
};

// The event: schedules its successor. Captures one pointer, stored inline.
struct HoldEvent {
  HoldWorld* world;
  void operator()() const { world->engine.ScheduleAfter(world->delays.Next(), HoldEvent{world}); }
};

void BM_EngineHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  HoldWorld world;
  world.engine.Reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    world.engine.ScheduleAfter(world.delays.Next(), HoldEvent{&world});
  }
  for (auto _ : state) world.engine.Step();
  benchmark::DoNotOptimize(world.engine.now());
  SetPendingCounters(state);
}

// --- bare std::priority_queue -------------------------------------------------

struct BareEvent {
  SimTime time;
  std::uint64_t sequence;
};
struct BareLater {
  bool operator()(const BareEvent& a, const BareEvent& b) const {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};

void BM_BarePriorityQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  Delays delays;
  std::vector<BareEvent> storage;
  storage.reserve(n + 1);
  std::priority_queue<BareEvent, std::vector<BareEvent>, BareLater> queue(BareLater{},
                                                                          std::move(storage));
  std::uint64_t sequence = 0;
  for (std::size_t i = 0; i < n; ++i) queue.push({delays.Next(), sequence++});
  SimTime now = 0;
  for (auto _ : state) {
    now = queue.top().time;
    queue.pop();
    queue.push({now + delays.Next(), sequence++});
  }
  benchmark::DoNotOptimize(now);
  SetPendingCounters(state);
}

// --- binary heap of {time, sequence, Fn} events --------------------------------

// Fn = sim::Callback (the engine's own payload) or std::function<void()>.
template <class Fn>
struct HeapWorld {
  struct Event {
    SimTime time;
    std::uint64_t sequence;
    Fn fn;
  };
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
    }
  };

  std::vector<Event> heap;  // std::push_heap/pop_heap: a priority_queue we can move out of
  Delays delays;
  SimTime now = 0;
  std::uint64_t sequence = 0;

  void Schedule(SimTime at, Fn fn) {
    heap.push_back({at, sequence++, std::move(fn)});
    std::push_heap(heap.begin(), heap.end(), Later{});
  }
  // The event: schedules its successor (captures one pointer, like HoldEvent).
  void Hold() {
    Schedule(now + delays.Next(), [this] { Hold(); });
  }
  void Step() {
    std::pop_heap(heap.begin(), heap.end(), Later{});
    Event event = std::move(heap.back());
    heap.pop_back();
    now = event.time;
    event.fn();
  }
};

template <class Fn>
void RunHeapHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  HeapWorld<Fn> world;
  world.heap.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) world.Hold();
  for (auto _ : state) world.Step();
  benchmark::DoNotOptimize(world.now);
  SetPendingCounters(state);
}

void BM_CallbackQueueHold(benchmark::State& state) { RunHeapHold<Callback>(state); }
void BM_StdFunctionQueueHold(benchmark::State& state) { RunHeapHold<std::function<void()>>(state); }

BENCHMARK(BM_EngineHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_BarePriorityQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_CallbackQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_StdFunctionQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

}  // namespace
}  // namespace chainsim::sim

BENCHMARK_MAIN();
