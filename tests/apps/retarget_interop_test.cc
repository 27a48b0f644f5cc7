// Difficulty retargeting across chainsim's validators: a chain the simulator
// mined under `chain.retarget` passes core's valid_chain, `chainsim verify`
// with the same flags, and a real `chainsim node` with the same flags, which
// serves it from its data directory to a second node that adopts it by
// resolve; `chainsim verify` with retargeting refuses a chain mined without
// it where the retargeted target is harder than the tutorial's.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "apps/http/node_store.h"
#include "core/blockchain.h"
#include "core/chain_json.h"
#include "core/proof_target.h"
#include "core/valid_chain.h"
#include "sim/node/simulation.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/apps/node_process.h"

namespace chainsim::http {
namespace {

// Blocks every 5 s until power x4 at 2 min: by the end the target is several
// times smaller than the tutorial's difficulty 2.
constexpr char kScenario[] = R"(
nodes: 3
duration: 6min
chain: {difficulty: 2, retarget: {every: 6, target_interval: 5s}}
mining: {block_interval: 5s}
network: {topology: full-mesh, latency: 20ms}
protocol: {kind: push}
timeline:
  - {at: 2min, hash_share: {nodes: 0-2, share: 4}}
)";

const std::vector<std::string> kRetargetFlags = {"--difficulty",      "2", "--retarget-every", "6",
                                                 "--target-interval", "5"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(RetargetInteropTest, ASimulatedRetargetedChainPassesCoreVerifyAndAnHttpNodesResolve) {
  sim::Simulation sim(sim::ParseScenario(kScenario, "<test>"));
  sim.Run();
  const Chain chain = sim.ChainOf(0);
  const ChainRules& rules = sim.scenario().chain;
  ASSERT_GT(chain.size(), 30U);
  ASSERT_TRUE(CheckChain(chain, rules).valid) << CheckChain(chain, rules).reason;
  // Harder than the tutorial's rule by the end, so the rules matter.
  ASSERT_GT(NextTarget(chain, rules).ExpectedHashes(), 2 * InitialTarget(rules).ExpectedHashes());

  const std::string dir = testing::MakeTempDir();
  ASSERT_FALSE(dir.empty());
  const std::string file = dir + "/chain.json";
  std::ofstream(file) << ChainResponseBody(chain);
  std::string errors;
  EXPECT_EQ(testing::RunChainsim(With({"verify", file}, kRetargetFlags), &errors), 0) << errors;

  // A node serving the chain from its data directory (loading it checks it
  // again), and a fresh node that adopts it by resolve.
  const std::string data = dir + "/served";
  {
    NodeStore store(data);
    NodeState state;
    state.node_id = std::string(32, 'a');
    state.chain = chain;
    ASSERT_TRUE(store.Save(state).ok());
  }
  testing::NodeProcess serving(With({"--data-dir", data}, kRetargetFlags));
  testing::NodeProcess fresh(kRetargetFlags);
  ASSERT_NE(serving.port(), 0) << serving.output();
  ASSERT_NE(fresh.port(), 0) << fresh.output();
  ASSERT_EQ(testing::PostJson(fresh.port(), "/nodes/register", Json{{"nodes", {serving.address()}}})
                .status,
            201);
  const testing::Reply resolved = testing::Get(fresh.port(), "/nodes/resolve");
  EXPECT_EQ(resolved.json["message"], "Our chain was replaced") << resolved.body;
  const testing::Reply served = testing::Get(fresh.port(), "/chain");
  EXPECT_EQ(served.json["length"], chain.size());
  // The adopting node mines its next block at the retargeted target.
  const testing::Reply mined = testing::Get(fresh.port(), "/mine");
  ASSERT_EQ(mined.status, 200) << mined.body;
  const testing::Reply after = testing::Get(fresh.port(), "/chain");
  const Result<Chain> extended = ParseChain(after.body);
  ASSERT_TRUE(extended.ok());
  EXPECT_TRUE(CheckChain(*extended, rules).valid) << CheckChain(*extended, rules).reason;
  std::filesystem::remove_all(dir);
}

TEST(RetargetInteropTest, VerifyWithRetargetingRefusesAChainMinedWithoutIt) {
  // Ten blocks stamped 1 ms apart at difficulty 2: the period of 6 blocks came
  // far too fast, so block 7 needed a target 4x smaller than 2 hex zeros.
  ChainRules tutorial;
  tutorial.difficulty = 2;
  Blockchain node(tutorial, "miner", 0.0);
  ChainRules retarget = tutorial;
  retarget.retarget = {6, 5.0};
  bool refused = false;
  for (std::int64_t start = 0; !refused && start < 64; ++start) {
    Blockchain attempt(tutorial, "miner", 0.0);
    for (int i = 1; i <= 10; ++i) attempt.Mine(0.001 * i, start * 1000);
    refused = !CheckChain(attempt.chain(), retarget).valid;
    node = attempt;
  }
  ASSERT_TRUE(refused);
  const std::string dir = testing::MakeTempDir();
  const std::string file = dir + "/chain.json";
  std::ofstream(file) << ChainResponseBody(node.chain());
  std::string errors;
  EXPECT_EQ(testing::RunChainsim({"verify", file, "--difficulty", "2"}, &errors), 0) << errors;
  EXPECT_EQ(testing::RunChainsim(With({"verify", file}, kRetargetFlags), &errors), 1) << errors;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chainsim::http
