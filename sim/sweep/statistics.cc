#include "sim/sweep/statistics.h"

#include <cmath>
#include <numbers>

#include "core/check.h"

namespace chainsim::sim {

double StudentTCdf(double t, std::int64_t df) {
  CHAINSIM_CHECK(df >= 1);
  CHAINSIM_CHECK(std::isfinite(t));
  const double theta = std::atan(std::abs(t) / std::sqrt(static_cast<double>(df)));
  const double sin_theta = std::sin(theta);
  const double cos_theta = std::cos(theta);
  const double cos2 = cos_theta * cos_theta;
  // two_sided = P(|T| <= |t|).
  double two_sided = 0.0;
  if (df % 2 == 1) {
    double series = 0.0;
    if (df > 1) {
      double term = cos_theta;  // cos(theta), then 2/3 cos^3, (2*4)/(3*5) cos^5, ...
      series = term;
      for (std::int64_t k = 1; 2 * k + 1 <= df - 2; ++k) {
        term *= static_cast<double>(2 * k) / static_cast<double>(2 * k + 1) * cos2;
        series += term;
      }
    }
    two_sided = 2.0 / std::numbers::pi * (theta + sin_theta * series);
  } else {
    double term = 1.0;  // 1, then 1/2 cos^2, (1*3)/(2*4) cos^4, ...
    double series = term;
    for (std::int64_t k = 1; 2 * k <= df - 2; ++k) {
      term *= static_cast<double>(2 * k - 1) / static_cast<double>(2 * k) * cos2;
      series += term;
    }
    two_sided = sin_theta * series;
  }
  const double upper_half = 0.5 * two_sided;
  return t >= 0 ? 0.5 + upper_half : 0.5 - upper_half;
}

double StudentTQuantile(double p, std::int64_t df) {
  CHAINSIM_CHECK(df >= 1);
  CHAINSIM_CHECK(p >= 0.5 && p < 1.0);
  if (df == 1) return std::tan(std::numbers::pi * (p - 0.5));
  if (df == 2) return (2.0 * p - 1.0) / std::sqrt(2.0 * p * (1.0 - p));
  double low = 0.0;
  double high = 1.0;
  while (StudentTCdf(high, df) < p) {
    low = high;
    high *= 2.0;
  }
  // Bisection until the interval cannot shrink any more.
  for (int i = 0; i < 200; ++i) {
    const double mid = low + 0.5 * (high - low);
    if (mid <= low || mid >= high) break;
    if (StudentTCdf(mid, df) < p) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return high;
}

SampleSummary SummarizeSample(std::span<const double> values, double t975) {
  SampleSummary s;
  s.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return s;
  double sum = 0.0;
  for (const double v : values) sum += v;
  const double mean = sum / static_cast<double>(values.size());
  s.mean = mean;
  if (values.size() < 2) return s;
  double squares = 0.0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  s.sd = sd;
  const double half = t975 * sd / std::sqrt(static_cast<double>(values.size()));
  s.low = mean - half;
  s.high = mean + half;
  return s;
}

}  // namespace chainsim::sim
