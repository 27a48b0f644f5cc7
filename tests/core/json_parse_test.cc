#include <gtest/gtest.h>

#include "core/canonical_json.h"
#include "core/json.h"

namespace chainsim {
namespace {

TEST(ParseJsonTest, KeepsIntegersAndFloatsApart) {
  const Result<Json> value = ParseJson(R"([1, 1.0, 1e5, -0.0, 100, "1.5e3"])");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(ToJson(*value), R"([1, 1.0, 100000.0, -0.0, 100, "1.5e3"])");
}

TEST(ParseJsonTest, KeepsSixtyFourBitIntegersExact) {
  const Result<Json> value =
      ParseJson("[9223372036854775807, -9223372036854775808, 18446744073709551615]");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(ToJson(*value), "[9223372036854775807, -9223372036854775808, 18446744073709551615]");
}

TEST(ParseJsonTest, RejectsIntegersBeyondSixtyFourBitsInsteadOfRounding) {
  for (const char* text : {"18446744073709551616", "[1, -9223372036854775809]",
                           R"({"amount": 123456789012345678901234567890})"}) {
    const Result<Json> value = ParseJson(text);
    ASSERT_FALSE(value.ok()) << text;
    EXPECT_NE(value.error().message.find("does not fit in 64 bits"), std::string::npos);
  }
}

TEST(ParseJsonTest, BigLookingNumbersInsideStringsAreFine) {
  const Result<Json> value = ParseJson(R"(["123456789012345678901234567890", "a\"1e999999"])");
  ASSERT_TRUE(value.ok()) << value.error().message;
}

TEST(ParseJsonTest, LargeFloatLiteralsStayFloats) {
  const Result<Json> value = ParseJson("[123456789012345678901234567890.0, 1e30]");
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(ToJson(*value), "[1.2345678901234568e+29, 1e+30]");
}

TEST(ParseJsonTest, ReportsLineAndColumnOfSyntaxErrors) {
  const Result<Json> value = ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().message.rfind("line 3, column 8: ", 0), 0U) << value.error().message;
}

TEST(ParseJsonTest, RejectsMalformedAndTruncatedInputWithoutCrashing) {
  for (const char* text : {"", "{", "[1, 2", R"({"a": })", "nul", R"("abc)", "[1,]", "NaN",
                           "Infinity", R"("\ud800")", "\xff", "{} {}", "[1] x"}) {
    const Result<Json> value = ParseJson(text);
    EXPECT_FALSE(value.ok()) << text;
    if (!value.ok()) {
      EXPECT_FALSE(value.error().message.empty());
    }
  }
}

TEST(ParseJsonTest, ParsesEscapesIntoUtf8) {
  const Result<Json> value = ParseJson(R"("b\u00e9 \ud83d\ude00 \/")");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->get<std::string>(), "b\xc3\xa9 \xf0\x9f\x98\x80 /");
}

TEST(PositionOfTest, CountsLinesAndColumnsFromOne) {
  EXPECT_EQ(PositionOf("ab\ncd", 0).line, 1U);
  EXPECT_EQ(PositionOf("ab\ncd", 4).line, 2U);
  EXPECT_EQ(PositionOf("ab\ncd", 4).column, 2U);
}

}  // namespace
}  // namespace chainsim
