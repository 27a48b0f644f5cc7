#include "sim/net/latency_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/check.h"
#include "sim/scenario/region_table.h"

namespace chainsim::sim {
namespace {

// DeterministicExp (sim/engine/random.cc) for 0 <= x <= kFastExpMax, with
// the same operations in the same order, inline and without its library
// calls: floor of a positive value by truncation, and the power of two made
// from its bits (exact: the result is a normal number). LatencySampler
// checks at construction that it agrees with DeterministicExp and falls
// back to it otherwise (e.g. if a build fused the multiply-adds).
constexpr double kFastExpMax = 700.0;
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr int kExpTerms = 15;
constexpr auto kExpSeries = [] {
  std::array<double, kExpTerms> c{};
  double factorial = 1.0;
  for (int i = 0; i < kExpTerms; ++i) {
    if (i > 0) factorial *= i;
    c[static_cast<std::size_t>(i)] = 1.0 / factorial;
  }
  return c;
}();

double FastExp(double x) {
  // Range reduction: any integer near x / ln 2 works, so truncating x / ln 2
  // + 0.5 (not std::lround) is right here; it fixes every latency draw's bits.
  // NOLINTNEXTLINE(bugprone-incorrect-roundings)
  const auto kd = static_cast<double>(static_cast<std::int64_t>(x * kInvLn2 + 0.5));
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  double p = kExpSeries[kExpTerms - 1];
  for (int i = kExpTerms - 2; i >= 0; --i) p = kExpSeries[static_cast<std::size_t>(i)] + r * p;
  const auto exponent = static_cast<std::uint64_t>(static_cast<std::int64_t>(kd) + 1023);
  return p * std::bit_cast<double>(exponent << 52);
}

// True if FastExp gives DeterministicExp's bits on a spread of arguments.
bool FastExpAgrees() {
  Random rng(0x1a7e9c5);
  for (int i = 0; i < 4096; ++i) {
    const double x = i < 64 ? i * 0.37 : rng.Uniform(0.0, i % 2 == 0 ? 1.0 : 60.0);
    if (std::bit_cast<std::uint64_t>(FastExp(x)) !=
        std::bit_cast<std::uint64_t>(DeterministicExp(x))) {
      return false;
    }
  }
  return true;
}

SimTime Round(double ns) {
  if (!(ns > 0.0)) return 0;
  const auto max = static_cast<double>(LatencyModel::kMaxLatency);
  if (ns >= max) return LatencyModel::kMaxLatency;
  return std::llround(ns);
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
      pareto_(model->node_region_ != nullptr || model->law_ == LatencyLaw::kParetoMean),
      fast_exp_(pareto_ && FastExpAgrees()) {}

void LatencySampler::Refill() {
  // Random::Pareto's draw and logarithm, for the next kBatch calls.
  for (double& value : neg_log_) value = -DeterministicLog(1.0 - rng_.Uniform01());
  next_ = 0;
}

SimTime LatencySampler::Sample(NodeIndex from, NodeIndex to) {
  if (!pareto_) return model_->Sample(from, to, rng_);
  const LatencyModel::Pareto& p = *model_->ParetoOf(from, to);
  if (next_ == kBatch) Refill();
  // = Random::Pareto(p.scale, p.shape): scale * exp(-log(u) / shape).
  const double x = neg_log_[next_++] / p.shape;
  const bool fast = fast_exp_ && x >= 0.0 && x <= kFastExpMax;
  return Round(p.scale * (fast ? FastExp(x) : DeterministicExp(x)));
}

}  // namespace chainsim::sim
