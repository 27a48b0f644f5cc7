// The hold model (a classic event-set benchmark): N events are pending at all
// times; each executed event schedules one new event at now + a random delay.
// BM_EngineHold runs it on sim::Engine; the two baselines run the same model,
// with the same delays, on a bare std::priority_queue of {time, sequence}
// structs (the floor: no callbacks at all) and on a binary heap of
// {time, sequence, std::function} events (the obvious simple engine).
//
// Run (Release build; interleaving and repetitions even out a busy machine):
//   build/engine-release/bench/engine/bench_engine --benchmark_repetitions=5
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

// --- binary heap of std::function events ---------------------------------------

struct FunctionEvent {
  SimTime time;
  std::uint64_t sequence;
  std::function<void()> fn;
};
struct FunctionLater {
  bool operator()(const FunctionEvent& a, const FunctionEvent& b) const {
    return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
  }
};

struct FunctionWorld {
  std::vector<FunctionEvent> heap;  // std::push_heap/pop_heap: a priority_queue we can move out of
  Delays delays;
  SimTime now = 0;
  std::uint64_t sequence = 0;

  void Schedule(SimTime at, std::function<void()> fn) {
    heap.push_back({at, sequence++, std::move(fn)});
    std::push_heap(heap.begin(), heap.end(), FunctionLater{});
  }
  void Hold() {
    Schedule(now + delays.Next(), [this] { Hold(); });
  }
  void Step() {
    std::pop_heap(heap.begin(), heap.end(), FunctionLater{});
    FunctionEvent event = std::move(heap.back());
    heap.pop_back();
    now = event.time;
    event.fn();
  }
};

void BM_StdFunctionQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  FunctionWorld world;
  world.heap.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) world.Hold();
  for (auto _ : state) world.Step();
  benchmark::DoNotOptimize(world.now);
  SetPendingCounters(state);
}

BENCHMARK(BM_EngineHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_BarePriorityQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);
BENCHMARK(BM_StdFunctionQueueHold)->Arg(1'000)->Arg(100'000)->Arg(1'000'000);

}  // namespace
}  // namespace chainsim::sim

BENCHMARK_MAIN();
