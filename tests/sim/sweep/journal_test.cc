#include "sim/sweep/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/sweep/sweep_error.h"

namespace chainsim::sim {
namespace {

std::filesystem::path TempJournal(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "journal";
  std::filesystem::create_directories(dir);
  std::filesystem::remove(dir / name);
  return dir / name;
}

RunRecord Record(std::size_t run) {
  RunRecord r;
  r.run = run;
  r.point = run;
  r.seed = 1000 + run;
  r.fingerprint = "abc";
  r.figures = {{"blocks.mined", 10 + run}, {"blocks.stale_rate", 0.125}, {"late", nullptr}};
  r.wall_seconds = 0.5;
  return r;
}

std::string Content(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(JournalTest, ReadsBackWhatWasAppended) {
  const auto path = TempJournal("a.jsonl");
  {
    Journal journal(path);
    journal.Append(Record(0));
    journal.Append(Record(3));
  }
  const JournalContents contents = ReadJournal(path);
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_FALSE(contents.torn_last_line);
  EXPECT_TRUE(SameResults(contents.records[1], Record(3)));
  EXPECT_EQ(contents.records[1].figures["blocks.stale_rate"], 0.125);
  EXPECT_TRUE(contents.records[1].figures["late"].is_null());
}

TEST(JournalTest, ATornLastLineIsSkippedAndCutOffBeforeTheNextAppend) {
  const auto path = TempJournal("torn.jsonl");
  {
    Journal journal(path);
    journal.Append(Record(0));
  }
  std::ofstream(path, std::ios::app | std::ios::binary) << RunRecordLine(Record(1)).substr(0, 30);
  JournalContents contents = ReadJournal(path);
  EXPECT_EQ(contents.records.size(), 1u);
  EXPECT_TRUE(contents.torn_last_line);
  {
    Journal journal(path);
    journal.Append(Record(2));
  }
  contents = ReadJournal(path);
  ASSERT_EQ(contents.records.size(), 2u);
  EXPECT_FALSE(contents.torn_last_line);
  EXPECT_EQ(contents.records[1].run, 2u);
  EXPECT_EQ(Content(path), RunRecordLine(Record(0)) + "\n" + RunRecordLine(Record(2)) + "\n");
}

TEST(JournalTest, OneWriterAtATime) {
  const auto path = TempJournal("locked.jsonl");
  Journal first(path);
  EXPECT_THROW(Journal second(path), SweepError);
}

TEST(JournalTest, ADamagedCompleteLineIsAnErrorWithItsLineNumber) {
  const auto path = TempJournal("damaged.jsonl");
  std::ofstream(path, std::ios::binary) << RunRecordLine(Record(0)) << "\n{\"run\": 1}\n";
  try {
    ReadJournal(path);
    FAIL();
  } catch (const SweepError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged.jsonl:2: "), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace chainsim::sim
