#pragma once
// Helpers shared by the simulation tests.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "core/valid_chain.h"
#include "sim/node/simulation.h"
#include "sim/scenario/scenario_loader.h"

namespace chainsim::sim::testing {

inline Scenario FromYaml(std::string_view yaml) { return ParseScenario(yaml, "<test>"); }

// The invariant of every run: each node's chain passes core's valid_chain
// (called directly, not through the simulator's cache).
inline void ExpectEveryChainValid(const Simulation& sim) {
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(sim.node_count()); ++i) {
    if (!sim.node(i).joined) continue;
    const ChainVerdict verdict = CheckChain(sim.ChainOf(i), sim.scenario().chain);
    EXPECT_TRUE(verdict.valid) << "node " << i << ": " << verdict.reason;
  }
  EXPECT_TRUE(sim.Summarize().all_chains_valid);
}

}  // namespace chainsim::sim::testing
