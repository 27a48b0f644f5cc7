#pragma once
// Statistics of the replications of one sweep point: count, mean, sample
// standard deviation and the 95 % confidence interval of the mean.
//
// The interval is Student's t interval: mean +- t(0.975, n-1) * sd / sqrt(n),
// with sd the sample standard deviation (divisor n-1). It assumes the
// replications are independent draws (they are: each has its own seed) and
// that their mean is close to normally distributed, which holds for the
// averages chainsim reports once n is moderate, and exactly for normal data.
// With n < 2 there is no standard deviation and no interval; with n = 0 no
// mean either (docs/sweeps.md).
//
// Every function is a pure function of its arguments; the sums run in the
// order of the values, so equal inputs give bit-identical results.
// Thread safety: all functions are pure.

#include <cstdint>
#include <optional>
#include <span>

namespace chainsim::sim {

// P(T <= t) for Student's t distribution with `df` degrees of freedom, from
// the closed-form finite series for integer df (Abramowitz and Stegun
// 26.7.3 and 26.7.4). REQUIRES: df >= 1, t finite.
double StudentTCdf(double t, std::int64_t df);

// The p-quantile of Student's t with `df` degrees of freedom: the t with
// StudentTCdf(t, df) = p, found by bisection to the precision of a double
// (exact closed forms for df = 1 and 2). REQUIRES: df >= 1, 0.5 <= p < 1.
double StudentTQuantile(double p, std::int64_t df);

struct SampleSummary {
  std::int64_t n = 0;          // values the figures are taken over
  std::optional<double> mean;  // none when n == 0
  std::optional<double> sd;    // sample standard deviation; none when n < 2
  std::optional<double> low;   // 95 % interval of the mean; none when n < 2
  std::optional<double> high;
};

// Summarizes `values` (in the order given). `t975` is StudentTQuantile(0.975,
// n-1), passed in so that callers summarizing many figures with the same n
// compute it once; it is read only when values.size() >= 2.
// REQUIRES: every value finite.
SampleSummary SummarizeSample(std::span<const double> values, double t975);

}  // namespace chainsim::sim
