#pragma once
// The natural logarithm and exponential of the random distributions
// (sim/engine/random.h) and the latency draws (sim/net/latency_model.h):
// portable and deterministic, within a few units in the last place of
// std::log / std::exp. They use only IEEE-754 basic arithmetic and are
// compiled without floating-point contraction (sim/engine/CMakeLists.txt),
// so an argument gives the same bits on every platform with IEEE doubles,
// and so does a seed's whole run.
//
// The "Each" forms return, element by element, exactly the bits of the
// scalar form: they only lay the work out so that the CPU overlaps (and
// vectorises) the elements' long chains of dependent operations, instead of
// waiting for one element's chain before starting the next. A message sent
// to many peers draws its latencies this way (docs/performance.md).
//
// Thread safety: pure functions.

#include <span>

namespace chainsim::sim {

// REQUIRES: x > 0 for a finite result (returns -inf for 0, NaN for negatives
// and NaN, +inf for +inf).
double DeterministicLog(double x);
// Returns 0 below about -745.2 and +inf above about 709.78; NaN for NaN.
double DeterministicExp(double x);

// out[i] = DeterministicLog(x[i]) for every i.
// REQUIRES: out.size() == x.size(); `out` is `x` itself or does not overlap it.
void DeterministicLogEach(std::span<const double> x, std::span<double> out);
// out[i] = DeterministicExp(x[i]) for every i (fastest for x[i] in [0, 700],
// e.g. a Pareto draw's exponent).
// REQUIRES: out.size() == x.size(); `out` is `x` itself or does not overlap it.
void DeterministicExpEach(std::span<const double> x, std::span<double> out);

}  // namespace chainsim::sim
