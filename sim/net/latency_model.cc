#include "sim/net/latency_model.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "core/check.h"
#include "sim/scenario/region_table.h"

namespace chainsim::sim {
namespace {

// Nanoseconds to the nearest (halves away from zero, as std::llround),
// clamped to [0, kMaxLatency]; inline, as it runs once per message.
SimTime Round(double ns) {
  if (!(ns > 0.0)) return 0;
  const auto max = static_cast<double>(LatencyModel::kMaxLatency);
  if (ns >= max) return LatencyModel::kMaxLatency;
  static_assert(LatencyModel::kMaxLatency < (SimTime{1} << 52));
  // Below 2^52 the truncation and the fraction left are both exact.
  const auto whole = static_cast<SimTime>(ns);
  return ns - static_cast<double>(whole) >= 0.5 ? whole + 1 : whole;
}

}  // namespace

void LatencyModel::RegionsRule(double mean_ns, double* scale_ns, double* shape) {
  const auto ms = static_cast<double>(kMillisecond);
  CHAINSIM_CHECK(mean_ns > 5.0 * ms);
  *scale_ns = mean_ns - 5.0 * ms;
  *shape = 0.2 * mean_ns / ms;
}

LatencyModel::LatencyModel(const LatencyConfig& config)
    : law_(config.law), mean_(static_cast<double>(config.mean)) {
  switch (config.law) {
    case LatencyLaw::kConstant:
    case LatencyLaw::kExponential:
      CHAINSIM_CHECK(config.mean >= 0);
      break;
    case LatencyLaw::kUniform:
      CHAINSIM_CHECK(config.min >= 0 && config.min <= config.max);
      min_ = static_cast<double>(config.min);
      max_ = static_cast<double>(config.max);
      mean_ = (min_ + max_) / 2.0;
      break;
    case LatencyLaw::kNormal:
      CHAINSIM_CHECK(config.mean >= 0 && config.stddev >= 0);
      stddev_ = static_cast<double>(config.stddev);
      break;
    case LatencyLaw::kParetoMean:
      if (config.shape == 0.0) {
        CHAINSIM_CHECK(config.mean > 5 * kMillisecond);
        RegionsRule(mean_, &pareto_.scale, &pareto_.shape);
      } else {
        CHAINSIM_CHECK(config.shape > 1.0 && config.mean > 0);
        pareto_.shape = config.shape;
        pareto_.scale = mean_ * (config.shape - 1.0) / config.shape;
      }
      break;
  }
}

LatencyModel::LatencyModel(const RegionTable& table, const std::vector<int>* node_region)
    : law_(LatencyLaw::kParetoMean),
      region_count_(table.region_count()),
      node_region_(node_region) {
  CHAINSIM_CHECK(node_region != nullptr);
  const auto ms = static_cast<double>(kMillisecond);
  for (int a = 0; a < region_count_; ++a) {
    for (int b = 0; b < region_count_; ++b) {
      const double mean =
          table.latency_ms[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] * ms;
      Pareto p;
      RegionsRule(mean, &p.scale, &p.shape);
      region_pareto_.push_back(p);
    }
  }
}

SimTime LatencyModel::Sample(NodeIndex from, NodeIndex to, Random& rng) const {
  if (node_region_ != nullptr) {
    const auto& region = *node_region_;
    const Pareto& p = region_pareto_[PairIndex(region[from], region[to])];
    return Round(rng.Pareto(p.scale, p.shape));
  }
  switch (law_) {
    case LatencyLaw::kConstant:
      return Round(mean_);
    case LatencyLaw::kUniform:
      return min_ == max_ ? Round(min_) : Round(rng.Uniform(min_, max_));
    case LatencyLaw::kNormal:
      for (int attempt = 0; attempt < 64; ++attempt) {
        const double x = rng.Normal(mean_, stddev_);
        if (x >= 0.0) return Round(x);
      }
      return 0;
    case LatencyLaw::kExponential:
      return Round(rng.Exponential(mean_));
    case LatencyLaw::kParetoMean:
      return Round(rng.Pareto(pareto_.scale, pareto_.shape));
  }
  return 0;
}

const LatencyModel::Pareto* LatencyModel::ParetoOf(NodeIndex from, NodeIndex to) const {
  if (node_region_ != nullptr) {
    const auto& region = *node_region_;
    return &region_pareto_[static_cast<std::size_t>(region[from]) *
                               static_cast<std::size_t>(region_count_) +
                           static_cast<std::size_t>(region[to])];
  }
  return law_ == LatencyLaw::kParetoMean ? &pareto_ : nullptr;
}

LatencySampler::LatencySampler(const LatencyModel* model, Random rng)
    : model_(model),
      rng_(rng),
      pareto_(model->node_region_ != nullptr || model->law_ == LatencyLaw::kParetoMean) {}

void LatencySampler::Refill() {
  // Random::Pareto's draw and logarithm, for the next kBatch draws.
  for (double& value : neg_log_) value = 1.0 - rng_.Uniform01();
  DeterministicLogEach(neg_log_, neg_log_);
  for (double& value : neg_log_) value = -value;
  next_ = 0;
}

SimTime LatencySampler::Sample(NodeIndex from, NodeIndex to) {
  SimTime latency = 0;
  SampleEach(from, std::span(&to, 1), std::span(&latency, 1));
  return latency;
}

void LatencySampler::SampleEach(NodeIndex from, std::span<const NodeIndex> to,
                                std::span<SimTime> out) {
  CHAINSIM_CHECK(out.size() == to.size());
  if (!pareto_) {
    for (std::size_t i = 0; i < to.size(); ++i) out[i] = model_->Sample(from, to[i], rng_);
    return;
  }
  // = Random::Pareto(p.scale, p.shape) = scale * exp(-log(u) / shape), with
  // the exponentials of up to kBatch draws computed together.
  // Filled up to each chunk's size before use (not zeroed: a call sends a
  // message to a single peer as often as to many).
  std::array<double, kBatch> exponent;
  std::array<double, kBatch> scale;
  for (std::size_t start = 0; start < to.size(); start += kBatch) {
    const std::size_t n = std::min(kBatch, to.size() - start);
    for (std::size_t i = 0; i < n; ++i) {
      const LatencyModel::Pareto& p = *model_->ParetoOf(from, to[start + i]);
      if (next_ == kBatch) Refill();
      exponent[i] = neg_log_[next_++] / p.shape;
      scale[i] = p.scale;
    }
    const std::span<double> chunk(exponent.data(), n);
    DeterministicExpEach(chunk, chunk);
    for (std::size_t i = 0; i < n; ++i) out[start + i] = Round(scale[i] * exponent[i]);
  }
}

}  // namespace chainsim::sim
