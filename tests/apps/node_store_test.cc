#include "apps/http/node_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/blockchain.h"
#include "core/chain_json.h"
#include "tests/apps/node_process.h"

namespace chainsim::http {
namespace {

ChainRules Rules() {
  ChainRules rules;
  rules.difficulty = 2;
  return rules;
}

NodeState SampleState() {
  Blockchain chain(Rules(), "0123456789abcdef0123456789abcdef", 1795491520.5);
  chain.NewTransaction("a", "b", 1);
  chain.Mine(1795491521.0);
  chain.NewTransaction("c", "d\xc3\xa9", 2.5);
  return NodeState{chain.node_id(),
                   chain.chain(),
                   chain.pending_transactions(),
                   {"127.0.0.1:5001", "10.0.0.1:5000"}};
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class NodeStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(NodeStoreTest, StartsEmptyAndLoadsWhatItSaved) {
  NodeStore store(dir_);
  EXPECT_FALSE(store.Load(Rules()).has_value());
  const NodeState saved = SampleState();
  ASSERT_TRUE(store.Save(saved).ok());
  const std::optional<NodeState> loaded = store.Load(Rules());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->node_id, saved.node_id);
  EXPECT_EQ(loaded->nodes, saved.nodes);
  EXPECT_EQ(loaded->pending_transactions, saved.pending_transactions);
  ASSERT_EQ(loaded->chain.size(), saved.chain.size());
  for (std::size_t i = 0; i < saved.chain.size(); ++i) {
    EXPECT_EQ(loaded->chain[i]->hash(), saved.chain[i]->hash());
  }
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/state.json.tmp"));
}

TEST_F(NodeStoreTest, WritesAChainBodyThatChainToolsRead) {
  NodeStore store(dir_);
  const NodeState saved = SampleState();
  ASSERT_TRUE(store.Save(saved).ok());
  const Result<Chain> chain = ParseChain(ReadFile(store.path()));
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  EXPECT_EQ(chain->back()->hash(), saved.chain.back()->hash());
}

TEST_F(NodeStoreTest, RefusesACorruptFileAndLeavesItAlone) {
  const std::string file = dir_ + "/state.json";
  std::ofstream(file) << "{\"chain\": [}";
  NodeStore store(dir_);
  try {
    (void)store.Load(Rules());
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ": line 1, column"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ReadFile(file), "{\"chain\": [}");
}

TEST_F(NodeStoreTest, RefusesAWrongShapeOrATamperedChain) {
  NodeStore store(dir_);
  NodeState state = SampleState();
  Json document = StateToJson(state);
  document.erase("node_id");
  std::ofstream(store.path()) << document.dump();
  EXPECT_THROW((void)store.Load(Rules()), StoreError);

  document = StateToJson(state);
  document["chain"][1]["proof"] = document["chain"][1]["proof"].get<std::int64_t>() + 1;
  std::ofstream(store.path()) << document.dump();
  EXPECT_THROW((void)store.Load(Rules()), StoreError);
}

TEST_F(NodeStoreTest, HoldsTheDirectoryExclusively) {
  NodeStore first(dir_);
  EXPECT_THROW(NodeStore second(dir_), StoreError);
}

}  // namespace
}  // namespace chainsim::http
