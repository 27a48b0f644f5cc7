#include "sim/report/replay_page.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "core/canonical_json.h"
#include "core/chain_json.h"
#include "sim/report/run_files.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/sim/report/report_test_util.h"

namespace chainsim::sim {
namespace {

struct RecordedRun {
  std::unique_ptr<Simulation> simulation;
  std::unique_ptr<ReplayRecorder> recorder;
  RunReport report;
};

RecordedRun Record(Scenario scenario, ReplayRecorderOptions options = {}) {
  RecordedRun run;
  run.simulation = std::make_unique<Simulation>(std::move(scenario));
  run.recorder = std::make_unique<ReplayRecorder>(*run.simulation, options);
  run.simulation->set_observer(run.recorder.get());
  run.simulation->Run();
  run.report = MakeRunReport(*run.simulation, 0.0);
  run.recorder->Finish(run.report);
  return run;
}

std::string Page(const RecordedRun& run) {
  std::ostringstream page;
  WriteReplayPage(page, *run.simulation, run.report, *run.recorder, "test");
  return page.str();
}

TEST(ReplayPageTest, EditableSpansHoldTheProofAndEachAmount) {
  RecordedRun run = Record(testing::LoadDemo("lost-transactions.yaml"));
  const BlockTree& tree = run.simulation->tree();
  std::size_t amounts = 0;
  for (BlockId id = 0; id < tree.size(); ++id) {
    const Block& block = *tree[id].block;
    const std::string_view text = block.canonical_json();
    const EditableSpans spans = FindEditableSpans(block);
    EXPECT_EQ(text.substr(spans.proof_begin, spans.proof_end - spans.proof_begin),
              ToJson(block.proof()));
    ASSERT_EQ(spans.amounts.size(), block.transactions().size());
    for (std::size_t j = 0; j < spans.amounts.size(); ++j) {
      const auto [begin, end] = spans.amounts[j];
      EXPECT_EQ(text.substr(begin, end - begin), block.transactions()[j]["amount"].dump());
      ++amounts;
    }
  }
  EXPECT_GT(amounts, 100u);
}

// What tamper mode does in the browser (splice the new value's text into the
// canonical bytes) is what building the edited block gives.
TEST(ReplayPageTest, SplicingAnEditIntoTheBytesEqualsTheEditedBlocksCanonicalJson) {
  RecordedRun run = Record(testing::LoadDemo("lost-transactions.yaml"));
  const BlockTree& tree = run.simulation->tree();
  const Block& block = *tree[static_cast<BlockId>(tree.size() - 1)].block;
  ASSERT_GE(block.transactions().size(), 2u);
  const EditableSpans spans = FindEditableSpans(block);
  for (const Json& value : {Json(1000), Json(2.5), Json(-7), Json(1e-7)}) {
    BlockFields fields = block.fields();
    fields.transactions[1]["amount"] = value;
    fields.proof = 12345;
    std::string spliced(block.canonical_json());
    const auto [begin, end] = spans.amounts[1];
    spliced.replace(begin, end - begin, Block::Create(fields)->transactions()[1]["amount"].dump());
    spliced.replace(spans.proof_begin, spans.proof_end - spans.proof_begin, "12345");
    EXPECT_EQ(spliced, Block::Create(fields)->canonical_json()) << value.dump();
  }
}

TEST(ReplayPageTest, RecordedTipsEndOnEachNodesFinalTip) {
  RecordedRun run = Record(testing::LoadDemo("partition-heal.yaml"));
  std::map<NodeIndex, BlockId> last;
  SimTime previous = 0;
  for (const ReplayRecorder::TipRecord& r : run.recorder->tips()) {
    EXPECT_GE(r.time, previous) << "records in time order";
    previous = r.time;
    last[r.node] = r.tip;
  }
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(run.simulation->node_count()); ++i) {
    EXPECT_EQ(last.count(i) != 0 ? last[i] : 0, run.simulation->Tip(i)) << "node " << i;
  }
  // Every reorganisation is also a tip change at the same time.
  EXPECT_GE(run.recorder->tips().size(), run.simulation->metrics().reorgs().size());
}

TEST(ReplayPageTest, RecordedPendingChangesEndOnEachNodesPendingTransactions) {
  RecordedRun run = Record(testing::LoadDemo("lost-transactions-requeue.yaml"));
  std::map<NodeIndex, std::vector<std::int32_t>> pending;
  for (const ReplayRecorder::PendingRecord& r : run.recorder->pending()) {
    if (r.tx == ReplayRecorder::kCleared) {
      pending[r.node].clear();
    } else {
      pending[r.node].push_back(r.tx);
    }
  }
  std::size_t seen = 0;
  for (NodeIndex i = 0; i < static_cast<NodeIndex>(run.simulation->node_count()); ++i) {
    const Json& actual = run.simulation->node(i).pending;
    ASSERT_EQ(pending[i].size(), actual.size()) << "node " << i;
    for (std::size_t k = 0; k < actual.size(); ++k) {
      EXPECT_EQ(run.recorder->transactions()[static_cast<std::size_t>(pending[i][k])],
                ToJson(actual[k]));
      ++seen;
    }
  }
  EXPECT_GT(seen, 0u);
}

TEST(ReplayPageTest, RecordsCrashesRestartsAndJoins) {
  RecordedRun run = Record(ParseScenario(R"(
name: crash-and-join
duration: 3min
nodes: 4
chain: {difficulty: 2}
mining: {block_interval: 10s}
timeline:
  - {at: 30s, crash: [1, 2]}
  - {at: 90s, restart: [1]}
  - {at: 100s, join: {count: 1, peers: 2}}
)",
                                         "crash-and-join.yaml"));
  std::vector<std::tuple<SimTime, NodeIndex, bool>> changes;
  for (const ReplayRecorder::UpRecord& r : run.recorder->up_changes()) {
    changes.emplace_back(r.time, r.node, r.up);
  }
  const std::vector<std::tuple<SimTime, NodeIndex, bool>> expected = {{30 * kSecond, 1, false},
                                                                      {30 * kSecond, 2, false},
                                                                      {90 * kSecond, 1, true},
                                                                      {100 * kSecond, 4, true}};
  EXPECT_EQ(changes, expected);
}

TEST(ReplayPageTest, StopsPerNodeRecordsAtTheBudgetAndSaysWhen) {
  ReplayRecorderOptions options;
  options.max_records = 50;
  RecordedRun run = Record(testing::LoadDemo("partition-heal.yaml"), options);
  const std::size_t records = run.recorder->tips().size() + run.recorder->up_changes().size() +
                              run.recorder->pending().size() + run.recorder->hash_rates().size();
  EXPECT_EQ(records, 50u);
  EXPECT_NE(run.recorder->truncated_at(), kNever);
  const Json data = ReplayData(*run.simulation, run.report, *run.recorder, "test");
  EXPECT_EQ(data["meta"]["truncated_ns"], run.recorder->truncated_at());
  // The blocks and the story stay complete.
  EXPECT_EQ(data["blocks"]["hash"].size(), run.simulation->tree().size());
  EXPECT_FALSE(run.recorder->narration().empty());
}

TEST(ReplayPageTest, PageIsSelfContainedAndTheSameForTheSameRun) {
  const std::string page = Page(Record(testing::LoadDemo("fork.yaml")));
  EXPECT_TRUE(page == Page(Record(testing::LoadDemo("fork.yaml"))));
  EXPECT_EQ(page.find("src="), std::string::npos) << "no script, image or frame from elsewhere";
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  for (const char* marker : {"/*CHAINSIM_CSS*/", "/*CHAINSIM_JS*/", "\"CHAINSIM_DATA\""}) {
    EXPECT_EQ(page.find(marker), std::string::npos) << marker;
  }
  // The data sits in one script element that nothing in it can close early.
  const std::string open = "<script id=\"chainsim-data\" type=\"application/json\">";
  const std::size_t begin = page.find(open) + open.size();
  const std::size_t end = page.find("</script>", begin);
  const Json data = Json::parse(page.substr(begin, end - begin));
  EXPECT_EQ(data["format"], 1);
  EXPECT_EQ(page.substr(begin, end - begin).find('<'), std::string::npos);
}

TEST(ReplayPageTest, DataCarriesEachBlocksCanonicalBytesAndHash) {
  RecordedRun run = Record(testing::LoadDemo("fork.yaml"));
  const Json data = ReplayData(*run.simulation, run.report, *run.recorder, "test");
  const BlockTree& tree = run.simulation->tree();
  ASSERT_EQ(data["blocks"]["canonical"].size(), tree.size());
  for (BlockId id = 0; id < tree.size(); ++id) {
    EXPECT_EQ(data["blocks"]["canonical"][id], tree[id].block->canonical_json());
    EXPECT_EQ(data["blocks"]["hash"][id], tree[id].block->hash());
    EXPECT_EQ(data["blocks"]["height"][id], tree[id].height);
  }
  // Narration lines, in time order, as the narrator tells them.
  const Json& times = data["narration"]["time_ns"];
  for (std::size_t k = 1; k < times.size(); ++k) {
    EXPECT_LE(times[k - 1].get<SimTime>(), times[k].get<SimTime>());
  }
}

}  // namespace
}  // namespace chainsim::sim
