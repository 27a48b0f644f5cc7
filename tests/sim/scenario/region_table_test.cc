#include "sim/scenario/region_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/scenario_error.h"

namespace chainsim::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A table file in the test's temporary directory.
class TableFile {
 public:
  TableFile(const std::string& name, const std::string& text)
      : path_((std::filesystem::path(::testing::TempDir()) / name).string()) {
    std::ofstream(path_) << text;
  }
  ~TableFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

constexpr const char* kGoodTable = R"(regions: [east, west]
latency_ms:
  - [10, 80]
  - [80, 20]
bandwidth_mbit:
  down: [100, 50]
  up: [20, 10]
node_share: [0.75, 0.25]
outbound_degree_cdf: [0.5, 0.5, 1.0]
)";

std::string ErrorOf(const std::string& text) {
  const TableFile file("bad.yaml", text);
  try {
    LoadRegionTable(file.path());
  } catch (const ScenarioError& e) {
    const std::string what = e.what();
    // Strip the directory so tests can compare positions.
    return what.substr(what.find("bad.yaml"));
  }
  return "(no error)";
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(RegionTableTest, LoadsBuiltinBitcoin2015) {
  const RegionTable t = LoadRegionTable("bitcoin-2015");
  EXPECT_EQ(t.name, "bitcoin-2015");
  ASSERT_EQ(t.region_count(), 6);
  EXPECT_EQ(t.regions[0], "north_america");
  EXPECT_EQ(t.regions[5], "australia");
  EXPECT_EQ(t.latency_ms[0][1], 119.0);
  EXPECT_EQ(t.latency_ms[4][4], 9.0);
  EXPECT_EQ(t.download_mbit[2], 6.5);
  EXPECT_EQ(t.upload_mbit[1], 8.1);
  EXPECT_EQ(t.node_share[1], 0.5159);
  EXPECT_EQ(t.max_outbound_degree(), 20);
  EXPECT_EQ(t.outbound_degree_cdf.back(), 1.0);
}

TEST(RegionTableTest, LoadsBuiltinBitcoin2019) {
  const RegionTable t = LoadRegionTable("bitcoin-2019");
  EXPECT_EQ(t.name, "bitcoin-2019");
  ASSERT_EQ(t.region_count(), 6);
  EXPECT_EQ(t.latency_ms[3][4], 58.0);
  EXPECT_EQ(t.download_mbit[0], 52.0);
  EXPECT_EQ(t.upload_mbit[5], 11.3);
}

TEST(RegionTableTest, ListsBuiltinNames) {
  EXPECT_THAT(BuiltinRegionTableNames(), ::testing::ElementsAre("bitcoin-2015", "bitcoin-2019"));
}

TEST(RegionTableTest, BuiltinsMatchTheShippedFiles) {
  for (const std::string& name : BuiltinRegionTableNames()) {
    const RegionTable builtin = LoadRegionTable(name);
    const RegionTable file = LoadRegionTable(std::string(CHAINSIM_SOURCE_DIR) +
                                             "/sim/scenario/regions/" + name + ".yaml");
    EXPECT_EQ(builtin.latency_ms, file.latency_ms) << name;
    EXPECT_EQ(builtin.node_share, file.node_share) << name;
    EXPECT_EQ(builtin.outbound_degree_cdf, file.outbound_degree_cdf) << name;
  }
}

TEST(RegionTableTest, LoadsATableFileByPath) {
  const TableFile file("good.yaml", kGoodTable);
  const RegionTable t = LoadRegionTable(file.path());
  EXPECT_EQ(t.name, file.path());
  EXPECT_THAT(t.regions, ::testing::ElementsAre("east", "west"));
  EXPECT_EQ(t.latency_ms[1][0], 80.0);
  EXPECT_EQ(t.upload_mbit[1], 10.0);
  EXPECT_EQ(t.max_outbound_degree(), 3);
}

TEST(RegionTableTest, UnknownNameSaysWhatIsAvailable) {
  try {
    LoadRegionTable("bitcoin-2042");
    FAIL() << "no error";
  } catch (const ScenarioError& e) {
    EXPECT_THAT(e.what(), StartsWith("bitcoin-2042: not a built-in region table"));
    EXPECT_THAT(e.what(), HasSubstr("bitcoin-2015, bitcoin-2019"));
  }
}

TEST(RegionTableTest, WrongRowSizeGivesFileLineColumn) {
  EXPECT_EQ(ErrorOf(Replace(kGoodTable, "[80, 20]", "[80]")),
            "bad.yaml:4:5: each row of latency_ms must be a list of 2 values (one per region), "
            "has 1");
}

TEST(RegionTableTest, MissingKeyIsReported) {
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "node_share: [0.75, 0.25]\n", "")),
              StartsWith("bad.yaml:1:1: missing key 'node_share'"));
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "  up: [20, 10]\n", "")),
              StartsWith("bad.yaml:6:3: missing key 'up'"));
}

TEST(RegionTableTest, SharesMustSumToOne) {
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[0.75, 0.25]", "[0.75, 0.35]")),
              StartsWith("bad.yaml:8:13: node_share must sum to 1"));
}

TEST(RegionTableTest, CdfMustBeMonotoneAndEndAtOne) {
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[0.5, 0.5, 1.0]", "[0.5, 0.4, 1.0]")),
              StartsWith("bad.yaml:9:28: outbound_degree_cdf must be non-decreasing"));
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[0.5, 0.5, 1.0]", "[0.5, 0.5, 0.9]")),
              StartsWith("bad.yaml:9:33: outbound_degree_cdf must end at 1"));
}

TEST(RegionTableTest, RejectsBadNumbers) {
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[10, 80]", "[10, fast]")),
              StartsWith("bad.yaml:3:10: expected a number in latency_ms"));
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[10, 80]", "[5, 80]")),
              StartsWith("bad.yaml:3:6: latency_ms entries must be > 5"));
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "down: [100, 50]", "down: [100, 0]")),
              StartsWith("bad.yaml:6:15: bandwidth_mbit.down values must be > 0"));
}

TEST(RegionTableTest, MalformedYamlGivesPosition) {
  EXPECT_THAT(ErrorOf(Replace(kGoodTable, "[10, 80]", "[10, 80")), StartsWith("bad.yaml:4:"));
}

}  // namespace
}  // namespace chainsim::sim
