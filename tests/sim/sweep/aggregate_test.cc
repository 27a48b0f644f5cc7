#include "sim/sweep/aggregate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/sweep/sweep_error.h"
#include "sim/sweep/sweep_folder.h"
#include "sim/sweep/sweep_plan.h"

namespace chainsim::sim {
namespace {

// A resolved sweep of 2 points x 2 replications (the fields Aggregate reads).
Json Resolved() {
  Json resolved = {{"name", "t"},
                   {"fingerprint", "f"},
                   {"runs", 4},
                   {"replications", 2},
                   {"seed", 1},
                   {"parameters", Json::array({{{"name", "size"}}})},
                   {"points", Json::array({{{"values", {{"size", "1kB"}}}},
                                           {{"values", {{"size", "2, big"}}}}})}};
  return resolved;
}

RunRecord Record(std::size_t run, Json figures) {
  RunRecord r;
  r.run = run;
  r.point = run / 2;
  r.replication = run % 2;
  r.seed = SweepRunSeed(1, r.point, r.replication);
  r.fingerprint = "fp" + std::to_string(run);
  r.figures = std::move(figures);
  return r;
}

std::vector<RunRecord> Records() {
  return {Record(0, {{"a.x", 3}, {"ok", true}, {"late", nullptr}}),
          Record(1, {{"a.x", 5}, {"ok", false}, {"late", 1.5}}),
          Record(2, {{"a.x", 0.25}, {"ok", true}, {"late", nullptr}, {"heals.10.s", 2}}),
          Record(3, {{"a.x", 0.25}, {"ok", true}, {"late", nullptr}, {"heals.2.s", 1}})};
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

TEST(AggregateTest, RunsCsvHasOneRowPerRunAndTheUnionOfFiguresInAFixedOrder) {
  const std::vector<std::string> lines = Lines(Aggregate(Resolved(), Records()).runs_csv);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0],
            "run,point,replication,seed,size,fingerprint,a.x,heals.2.s,heals.10.s,late,ok");
  EXPECT_EQ(lines[1], "0,0,0," + std::to_string(SweepRunSeed(1, 0, 0)) + ",1kB,fp0,3,,,,1");
  EXPECT_EQ(lines[2], "1,0,1," + std::to_string(SweepRunSeed(1, 0, 1)) + ",1kB,fp1,5,,,1.5,0");
  EXPECT_EQ(lines[4],
            "3,1,1," + std::to_string(SweepRunSeed(1, 1, 1)) + ",\"2, big\",fp3,0.25,1,,,1");
}

TEST(AggregateTest, PointsCsvGivesMeanSdAndTheStudentInterval) {
  const std::vector<std::string> lines = Lines(Aggregate(Resolved(), Records()).points_csv);
  EXPECT_EQ(lines[0].substr(0, 20), "# chainsim sweep t: ");
  EXPECT_NE(lines[0].find("Student t"), std::string::npos);
  EXPECT_EQ(lines[1], "point,size,figure,runs,n,mean,sd,ci95_low,ci95_high");
  // 3 and 5: mean 4, sd sqrt(2), half width t(0.975, 1) = 12.7062047361747.
  EXPECT_EQ(lines[2].substr(0, 38), "0,1kB,a.x,2,2,4,1.4142135623730951,-8.");
  // A figure reached in one run of two: n = 1, no spread, no interval.
  EXPECT_EQ(lines[5], "0,1kB,late,2,1,1.5,,,");
  // Booleans count as 1 and 0: the mean is the share of runs.
  EXPECT_EQ(lines[6].substr(0, 24), "0,1kB,ok,2,2,0.5,0.70710");
  // Never reached at point 1: no mean either.
  EXPECT_EQ(lines[10], "1,\"2, big\",late,2,0,,,,");
  EXPECT_EQ(lines[8], "1,\"2, big\",heals.2.s,2,1,1,,,");
}

TEST(AggregateTest, PointsJsonSaysHowManyRunsAreDoneAndHowTheIntervalIsMade) {
  std::vector<RunRecord> partial = Records();
  partial.pop_back();
  const Json doc = Json::parse(Aggregate(Resolved(), partial).points_json);
  EXPECT_EQ(doc["runs"], 4);
  EXPECT_EQ(doc["runs_done"], 3);
  EXPECT_EQ(doc["complete"], false);
  EXPECT_EQ(doc["interval"]["method"], "Student t");
  EXPECT_EQ(doc["points"][1]["runs"], 1);
  EXPECT_EQ(doc["points"][0]["figures"]["a.x"]["mean"], 4.0);
  EXPECT_TRUE(doc["points"][0]["figures"]["late"]["sd"].is_null());
}

TEST(AggregateTest, FilesDependOnTheSetOfRecordsNotOnTheirArrivalOrder) {
  const std::vector<RunRecord> in_order = Records();
  std::vector<RunRecord> shuffled = {in_order[3], in_order[1], in_order[0], in_order[2],
                                     in_order[1]};
  const std::vector<std::string> where(shuffled.size(), "test");
  const std::vector<RunRecord> merged = MergeRecords(Resolved(), shuffled, where);
  const AggregateFiles a = Aggregate(Resolved(), in_order);
  const AggregateFiles b = Aggregate(Resolved(), merged);
  EXPECT_EQ(a.runs_csv, b.runs_csv);
  EXPECT_EQ(a.points_csv, b.points_csv);
  EXPECT_EQ(a.points_json, b.points_json);
}

TEST(AggregateTest, MergingRefusesTwoDifferentResultsForOneRunOrAForeignRecord) {
  std::vector<RunRecord> records = Records();
  RunRecord other = records[1];
  other.figures["a.x"] = 6;
  records.push_back(other);
  const std::vector<std::string> where(records.size(), "j");
  EXPECT_THROW(MergeRecords(Resolved(), records, where), SweepError);
  RunRecord foreign = Records()[0];
  foreign.seed += 1;
  EXPECT_THROW(MergeRecords(Resolved(), {foreign}, {"j"}), SweepError);
}

TEST(FigureTextTest, WritesIntegersExactlyAndFloatsShortest) {
  EXPECT_EQ(FigureText(Json(18446744073709551615u)), "18446744073709551615");
  EXPECT_EQ(FigureText(Json(0.1)), "0.1");
  EXPECT_EQ(FigureText(Json(1.0 / 3.0)), "0.3333333333333333");
  EXPECT_EQ(FigureText(Json(true)), "1");
  EXPECT_EQ(FigureText(Json(nullptr)), "");
}

}  // namespace
}  // namespace chainsim::sim
