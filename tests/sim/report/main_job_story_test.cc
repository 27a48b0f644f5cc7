// The main job's story, as the scenario's comment and the README tell it,
// checked against what the run actually does: which side throws its branch
// away at the heal, how deep, with how much hash power, and how many blocks
// are mined. The sentences are built here from the run's results; if a
// change of the simulator or of the seed changes the story, this test
// fails until the words are updated.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "sim/scenario/scenario_loader.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

// "nodes 0-11" for consecutive nodes, else "nodes 0, 3, 7".
std::string Nodes(const std::vector<NodeIndex>& nodes) {
  const bool consecutive = nodes.back() - nodes.front() + 1 == nodes.size();
  if (consecutive)
    return "nodes " + std::to_string(nodes.front()) + "-" + std::to_string(nodes.back());
  std::string text = "nodes ";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    text += (i > 0 ? ", " : "") + std::to_string(nodes[i]);
  }
  return text;
}

// Text with line breaks and comment marks ("# ") taken out, runs of spaces
// made one: a sentence may be wrapped anywhere.
std::string Flat(const std::string& text) {
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      c = ' ';
      while (i + 1 < text.size() && (text[i + 1] == '#' || text[i + 1] == ' ')) ++i;
    }
    if (c == ' ') {
      if (!space) out += ' ';
      space = true;
    } else {
      out += c;
      space = false;
    }
  }
  return out;
}

TEST(MainJobStoryTest, TheScenarioCommentAndTheReadmeSayWhatTheRunShows) {
  const std::string path = testing::SourcePath("scenarios/partition-heal.yaml");
  const Scenario scenario = LoadScenarioFile(path);
  const auto simulation = testing::RunScenario(scenario);
  const RunSummary summary = simulation->Summarize();

  // The partition and the heal.
  const PartitionAction* split = nullptr;
  SimTime heal = kNever;
  for (const TimelineEvent& event : scenario.timeline) {
    if (const auto* partition = std::get_if<PartitionAction>(&event.action)) split = partition;
    if (std::holds_alternative<HealAction>(event.action)) heal = event.at;
  }
  ASSERT_NE(split, nullptr);
  ASSERT_NE(heal, kNever);
  ASSERT_EQ(simulation->metrics().heals().size(), 1u);
  const SimTime agreed = simulation->metrics().heals()[0].converged_at;
  ASSERT_NE(agreed, kNever) << "the network agrees again after the heal";

  // Who discarded blocks between the heal and the agreement, by group.
  std::map<NodeIndex, std::size_t> group_of;
  for (std::size_t g = 0; g < split->groups.size(); ++g) {
    for (const NodeIndex node : split->groups[g]) group_of[node] = g;
  }
  std::vector<std::uint32_t> deepest(split->groups.size(), 0);
  std::vector<std::map<NodeIndex, bool>> switched(split->groups.size());
  for (const ReorgRecord& r : simulation->metrics().reorgs()) {
    if (r.time < heal || r.time > agreed) continue;
    const std::size_t g = group_of.at(r.node);
    deepest[g] = std::max(deepest[g], r.depth);
    switched[g][r.node] = true;
  }
  const std::size_t loser =
      static_cast<std::size_t>(std::max_element(deepest.begin(), deepest.end()) - deepest.begin());
  for (std::size_t g = 0; g < deepest.size(); ++g) {
    if (g != loser) {
      EXPECT_EQ(deepest[g], 0u) << "only one side discards blocks at the heal";
    }
  }
  const std::size_t winner = 1 - loser;
  double total = 0;
  double side = 0;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(simulation->node_count()); ++i) {
    total += simulation->hash_rate(i);
    if (group_of.at(i) == loser) side += simulation->hash_rate(i);
  }
  const auto share = static_cast<int>(std::lround(100 * side / total));

  const std::string loser_name = split->group_names[loser];
  const std::string winner_name = split->group_names[winner];
  const std::string story = "At 40 minutes the partition heals and the " + winner_name +
                            "'s chain, the longer one, " + "wins: the " + loser_name + " (" +
                            Nodes(split->groups[loser]) + ", " + std::to_string(share) +
                            " % of the hash power) throws its branch away, each of its " +
                            std::to_string(switched[loser].size()) + " nodes discarding up to " +
                            std::to_string(deepest[loser]) + " blocks";
  const std::string mined = std::to_string(summary.blocks_mined) + " blocks are mined";

  const std::string comment = Flat(testing::ReadFile(path));
  EXPECT_NE(comment.find(story), std::string::npos) << "scenarios/partition-heal.yaml should say:\n"
                                                    << story;
  EXPECT_NE(comment.find(mined), std::string::npos)
      << "scenarios/partition-heal.yaml should say: " << mined;
  const std::string readme = Flat(testing::ReadFile(testing::SourcePath("README.md")));
  EXPECT_NE(readme.find(story), std::string::npos) << "README.md should say:\n" << story;
}

}  // namespace
}  // namespace chainsim::sim
