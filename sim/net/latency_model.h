#pragma once
// LatencyModel: the one-way propagation latency of a message, drawn per
// message from a law (sim/scenario/scenario.h LatencyConfig) or, in the
// region model, from the Pareto law of the sender's and receiver's regions.
//
// Laws (all times in SimTime nanoseconds):
//   constant     always `mean`.
//   uniform      uniform in [min, max).
//   normal       normal(mean, stddev) truncated at 0 by resampling: negative
//                draws are redrawn (a true truncated normal; its mean is
//                above `mean` when stddev is comparable to mean). After 64
//                negative draws in a row (impossible in practice since
//                mean >= 0 makes each draw non-negative with p >= 1/2) 0.
//   exponential  exponential with mean `mean`.
//   pareto-mean  Pareto (type I) with mean `mean`: with `shape` > 1 given,
//                scale = mean * (shape - 1) / shape; with shape 0, the
//                regions rule: scale = mean - 5 ms, shape = 0.2 * mean in ms
//                (needs mean > 5 ms). Heavy-tailed: the variance is finite
//                only for shape > 2.
// Region model: a Pareto law with the table's mean for (region of from,
// region of to) and the regions rule (table entries are > 5 ms).
// Every draw is rounded to whole nanoseconds and capped at kMaxLatency.
//
// Thread safety: Sample is const and uses only the Random passed in.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "sim/engine/random.h"
#include "sim/engine/sim_time.h"
#include "sim/scenario/scenario.h"

namespace chainsim::sim {

struct RegionTable;

class LatencyModel {
 public:
  // Draws above this are capped (about 11.6 days), so a Pareto tail can not
  // overflow virtual time.
  static constexpr SimTime kMaxLatency = 1'000'000 * kSecond;

  // A model of `config`'s law for every pair of nodes. REQUIRES (the
  // scenario loader checks them): times >= 0; uniform: min <= max;
  // pareto-mean: shape > 1 and mean > 0, or shape 0 (the regions rule) and
  // mean > 5 ms.
  explicit LatencyModel(const LatencyConfig& config);

  // The region model: per-pair Pareto laws of `table`, with the regions of
  // nodes taken from `node_region` (indices into the table).
  // REQUIRES: `node_region` outlives the model (it may grow, e.g. when nodes
  // join); every entry is in [0, table.region_count()).
  LatencyModel(const RegionTable& table, const std::vector<int>* node_region);

  // One latency draw for a message from `from` to `to`.
  SimTime Sample(NodeIndex from, NodeIndex to, Random& rng) const;

  // Scale (ns) and shape of the Pareto law with the given mean (ns) under the
  // regions rule. REQUIRES: mean_ns > 5 ms.
  static void RegionsRule(double mean_ns, double* scale_ns, double* shape);

 private:
  friend class LatencySampler;
  struct Pareto {
    double scale = 0.0;  // ns
    double shape = 0.0;
  };
  // The Pareto law of this pair, or nullptr when the law is not Pareto.
  const Pareto* ParetoOf(NodeIndex from, NodeIndex to) const;

  std::size_t PairIndex(int from_region, int to_region) const {
    return static_cast<std::size_t>(from_region) * static_cast<std::size_t>(region_count_) +
           static_cast<std::size_t>(to_region);
  }

  LatencyLaw law_ = LatencyLaw::kConstant;
  double mean_ = 0.0;    // ns
  double min_ = 0.0;     // ns, uniform
  double max_ = 0.0;     // ns, uniform
  double stddev_ = 0.0;  // ns, normal
  Pareto pareto_;        // pareto-mean
  // Region model: pareto per (from region * regions + to region); empty
  // otherwise.
  std::vector<Pareto> region_pareto_;
  int region_count_ = 0;
  const std::vector<int>* node_region_ = nullptr;
};

// LatencySampler: a LatencyModel with its own random stream, for a caller
// that draws many latencies in sequence (the Network). Each draw is exactly
// what model.Sample(from, to, rng) would return, called in the same order on
// the same stream. For Pareto laws (and so the region model) the logarithms
// of the uniform draws are taken in batches ahead of use, and SampleEach
// takes the exponentials of a message's copies to many receivers together
// (sim/engine/deterministic_math.h), where the CPU can overlap them, instead
// of one long chain of operations on each message's critical path.
// Ownership: `model` must outlive the sampler. Thread safety: none.
class LatencySampler {
 public:
  LatencySampler(const LatencyModel* model, Random rng);

  // One draw for a message from `from` to `to`.
  SimTime Sample(NodeIndex from, NodeIndex to);
  // out[i] = Sample(from, to[i]) for i = 0, 1, ... in this order.
  // REQUIRES: out.size() == to.size().
  void SampleEach(NodeIndex from, std::span<const NodeIndex> to, std::span<SimTime> out);

 private:
  static constexpr std::size_t kBatch = 64;
  void Refill();

  const LatencyModel* model_;
  Random rng_;
  bool pareto_;  // every pair has a Pareto law: draws are batched
  // -log(1 - U) of the next uniform draws of rng_, used from next_ on.
  std::array<double, kBatch> neg_log_{};
  std::size_t next_ = kBatch;
};

}  // namespace chainsim::sim
