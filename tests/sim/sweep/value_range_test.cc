#include "sim/sweep/value_range.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chainsim::sim {
namespace {

using Values = std::vector<std::string>;

TEST(ExpandRangeTest, StepsInExactDecimalsAndKeepsTheUnit) {
  EXPECT_EQ(ExpandRange("0.1MB", "0.5MB", "0.1MB").value(),
            (Values{"0.1MB", "0.2MB", "0.3MB", "0.4MB", "0.5MB"}));
  EXPECT_EQ(ExpandRange("5min", "20min", "5min").value(),
            (Values{"5min", "10min", "15min", "20min"}));
}

TEST(ExpandRangeTest, StopsAtTheLastStepNotAboveTo) {
  EXPECT_EQ(ExpandRange("1", "10", "4").value(), (Values{"1", "5", "9"}));
  EXPECT_EQ(ExpandRange("0.25 s", "0.25s", "1 s").value(), (Values{"0.25s"}));
}

TEST(ExpandRangeTest, WritesIntegersWithoutADecimalPoint) {
  EXPECT_EQ(ExpandRange("100", "300", "100").value(), (Values{"100", "200", "300"}));
  EXPECT_EQ(ExpandRange("0.5", "2", "0.5").value(), (Values{"0.5", "1", "1.5", "2"}));
  EXPECT_EQ(ExpandRange(".25%", "1%", ".25%").value(), (Values{"0.25%", "0.5%", "0.75%", "1%"}));
}

TEST(ExpandRangeTest, RefusesMismatchedUnitsZeroStepsAndBackwardRanges) {
  EXPECT_NE(ExpandRange("1s", "10min", "1s").error().message.find("same unit"), std::string::npos);
  EXPECT_NE(ExpandRange("1s", "2s", "0s").error().message.find("step is 0"), std::string::npos);
  EXPECT_NE(ExpandRange("5s", "2s", "1s").error().message.find("below from"), std::string::npos);
  EXPECT_NE(ExpandRange("-1s", "2s", "1s").error().message.find("does not start with a number"),
            std::string::npos);
  EXPECT_NE(ExpandRange("1e3", "2e3", "1e3").error().message.find("exponents"), std::string::npos);
}

TEST(ExpandRangeTest, RefusesMoreValuesThanTheLimit) {
  EXPECT_TRUE(ExpandRange("1", "10000", "1").ok());
  const Result<Values> many = ExpandRange("1", "10001", "1");
  ASSERT_FALSE(many.ok());
  EXPECT_NE(many.error().message.find("10001 values"), std::string::npos);
  EXPECT_FALSE(ExpandRange("0", "1234567890123456789", "0.5").ok());
}

}  // namespace
}  // namespace chainsim::sim
