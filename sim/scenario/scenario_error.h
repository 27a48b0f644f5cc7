#pragma once
// ScenarioError: a scenario file (or text) that cannot be used as written.
//
// what() reads "file:line:column: what is wrong (expected ...)", with 1-based
// line and column, or "file: what is wrong" when no position applies (an
// unreadable file). Thrown by the scenario loader; the command line prints it
// plainly and exits with code 2.

#include <stdexcept>
#include <string>

namespace chainsim::sim {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chainsim::sim
