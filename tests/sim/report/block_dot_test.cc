#include "sim/report/block_dot.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include "core/blockchain.h"
#include "sim/report/run_files.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

struct DotGraph {
  std::set<std::string> vertices;
  std::multiset<std::pair<std::string, std::string>> edges;
};

DotGraph ParseDot(const std::string& dot) {
  DotGraph graph;
  const std::regex vertex(R"(^  ([bc]\d+) \[label=)");
  const std::regex edge(R"(^  ([bc]\d+) -> ([bc]\d+) \[)");
  std::istringstream lines(dot);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, m, edge)) {
      graph.edges.insert({m[1], m[2]});
    } else if (std::regex_search(line, m, vertex)) {
      EXPECT_TRUE(graph.vertices.insert(m[1]).second) << "vertex twice: " << line;
    }
  }
  return graph;
}

// A tree of `length` main-chain blocks with a one-block fork off height
// `fork_at`.
BlockTree LinearTreeWithFork(std::uint32_t length, std::uint32_t fork_at, BlockId* tip) {
  BlockTree tree(MakeGenesis(0.0));
  BlockId parent = 0;
  for (std::uint32_t h = 1; h <= length; ++h) {
    BlockFields fields;
    fields.index = h + 1;
    fields.timestamp = static_cast<double>(h);
    fields.previous_hash = tree[parent].block->hash();
    const BlockId id = tree.Add(Block::Create(fields), parent, h % 3, h * kSecond);
    if (h == fork_at) {
      BlockFields stale = fields;
      stale.proof = 7;
      stale.previous_hash = tree[parent].block->hash();
      tree.Add(Block::Create(stale), parent, 9, h * kSecond + 1);
    }
    parent = id;
  }
  *tip = parent;
  return tree;
}

TEST(BlockDotTest, HasOneVertexPerBlockAndOneEdgePerParentLink) {
  const auto simulation = testing::RunScenario(testing::LoadDemo("partition-heal.yaml"));
  const RunSummary summary = simulation->Summarize();
  std::ostringstream dot;
  WriteBlockTreeDot(dot, simulation->tree(), summary.main_tip);
  const DotGraph graph = ParseDot(dot.str());
  const BlockTree& tree = simulation->tree();
  ASSERT_GT(summary.stale_blocks, 0u);
  EXPECT_EQ(graph.vertices.size(), tree.size());
  std::multiset<std::pair<std::string, std::string>> links;
  for (BlockId id = 1; id < tree.size(); ++id) {
    links.insert({"b" + std::to_string(tree[id].parent), "b" + std::to_string(id)});
  }
  EXPECT_EQ(graph.edges, links);
  // Stale blocks are drawn dashed, main-chain blocks bold.
  const std::string text = dot.str();
  std::size_t dashed = 0;
  for (std::size_t at = 0; (at = text.find("rounded,dashed,filled", at)) != std::string::npos;
       ++at) {
    ++dashed;
  }
  EXPECT_EQ(dashed, summary.stale_blocks);
}

TEST(BlockDotTest, FoldsLongForkFreeMainChainStretchesOfBigTrees) {
  BlockId tip = 0;
  const BlockTree tree = LinearTreeWithFork(1000, 500, &tip);
  std::ostringstream dot;
  WriteBlockTreeDot(dot, tree, tip);
  const DotGraph graph = ParseDot(dot.str());
  // Heights 0-2, 497-501 around the fork at 499, 998-1000, two folds and
  // the stale block.
  EXPECT_EQ(graph.vertices.size(), 14u);
  EXPECT_EQ(graph.edges.size(), graph.vertices.size() - 1);
  EXPECT_NE(dot.str().find("... 494 main-chain blocks ...\\n#3 to #496"), std::string::npos);
  EXPECT_NE(dot.str().find("... 496 main-chain blocks ...\\n#502 to #997"), std::string::npos);
  EXPECT_TRUE(graph.vertices.count("b501")) << "the stale block stays visible";
  EXPECT_TRUE(graph.vertices.count("b" + std::to_string(tip)));

  std::ostringstream small;
  WriteBlockTreeDot(small, tree, tip, BlockDotOptions{.collapse_above = 5000});
  EXPECT_EQ(ParseDot(small.str()).vertices.size(), tree.size());
}

}  // namespace
}  // namespace chainsim::sim
