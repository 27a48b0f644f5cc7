#pragma once
// SweepError: a sweep file, an output folder or a combination of options
// that cannot be used as given.
//
// what() reads "file:line:column: what is wrong (expected ...)" with 1-based
// line and column when the problem is in a file at a known place, or
// "path: what is wrong" otherwise. The command line prints it plainly and
// exits with code 2. (Problems inside a base scenario are the scenario
// loader's ScenarioError, with their own positions.)

#include <stdexcept>

namespace chainsim::sim {

class SweepError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chainsim::sim
