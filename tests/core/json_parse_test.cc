#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "core/canonical_json.h"
#include "core/json.h"

namespace chainsim {
namespace {

// ParseJson then the canonical writer: what json.dumps(json.loads(text),
// sort_keys=True) gives in Python, or "error: ..." when parsing fails.
std::string RoundTrip(std::string_view text) {
  const Result<Json> value = ParseJson(text);
  return value.ok() ? ToJson(*value) : "error: " + value.error().message;
}

std::string Nested(std::size_t depth) {
  return std::string(depth, '[') + "1" + std::string(depth, ']');
}

TEST(ParseJsonTest, KeepsIntegersAndFloatsApart) {
  EXPECT_EQ(RoundTrip(R"([1, 1.0, 1e5, -0.0, 100, "1.5e3", -0])"),
            R"([1, 1.0, 100000.0, -0.0, 100, "1.5e3", 0])");
}

TEST(ParseJsonTest, KeepsSixtyFourBitIntegersExact) {
  EXPECT_EQ(RoundTrip("[9223372036854775807, -9223372036854775808, 18446744073709551615]"),
            "[9223372036854775807, -9223372036854775808, 18446744073709551615]");
}

TEST(ParseJsonTest, KeepsIntegersOfAnySizeDigitForDigit) {
  const std::string text =
      "[18446744073709551616, -9223372036854775809, 123456789012345678901234567890, "
      "-99999999999999999999999999999999999999999999]";
  EXPECT_EQ(RoundTrip(text), text);
  const Result<Json> value = ParseJson(text);
  ASSERT_TRUE(value.ok());
  EXPECT_TRUE(IsBigInteger((*value)[0]));
  EXPECT_EQ(BigIntegerDigits((*value)[1]), "-9223372036854775809");
  EXPECT_EQ(JsonTypeName((*value)[2]), "integer");
}

TEST(ParseJsonTest, AcceptsIntegersUpToPythonsDigitLimitOnly) {
  const std::string longest(kMaxIntegerDigits, '7');
  EXPECT_EQ(RoundTrip(longest), longest);
  EXPECT_EQ(RoundTrip("-" + longest), "-" + longest);
  const std::string error = RoundTrip(longest + "7");
  EXPECT_NE(error.find("an integer of 4301 digits (Python's int() refuses more than 4300)"),
            std::string::npos)
      << error;
}

TEST(ParseJsonTest, ReadsFloatsBeyondADoublesRangeAsPythonDoes) {
  // float() in Python: overflow gives an infinity, underflow a signed zero.
  EXPECT_EQ(RoundTrip("[1e400, -1e400, 1e-400, -1e-400, 2e-324, 2.5e-324, 1.7976931348623159e308]"),
            "[Infinity, -Infinity, 0.0, -0.0, 0.0, 5e-324, Infinity]");
  EXPECT_EQ(RoundTrip("0.0000000000000000000000000000000000000000000001e400"), "Infinity");
  EXPECT_EQ(RoundTrip("100000000000000000000000000000000000000000000000e-400"), "0.0");
  EXPECT_EQ(RoundTrip("1e99999999999999999999999"), "Infinity");
}

TEST(ParseJsonTest, AcceptsNaNAndInfinityTokensAsPythonDoes) {
  EXPECT_EQ(RoundTrip("[NaN, Infinity, -Infinity, {\"x\": NaN}]"),
            R"([NaN, Infinity, -Infinity, {"x": NaN}])");
  EXPECT_EQ(RoundTrip("-Infinityx").rfind("error: line 1, column 10", 0), 0U);
}

TEST(ParseJsonTest, LargeFloatLiteralsStayFloats) {
  EXPECT_EQ(RoundTrip("[123456789012345678901234567890.0, 1e30]"),
            "[1.2345678901234568e+29, 1e+30]");
}

TEST(ParseJsonTest, BigLookingNumbersInsideStringsAreFine) {
  EXPECT_EQ(RoundTrip(R"(["123456789012345678901234567890", "a\"1e999999"])"),
            R"(["123456789012345678901234567890", "a\"1e999999"])");
}

TEST(ParseJsonTest, KeepsLoneSurrogateEscapesAndWritesThemBack) {
  EXPECT_EQ(RoundTrip(R"(["\ud800", "\udc00x", "\ud83d\ude00", "\udbff\ud800", "\uDE00\uD83D"])"),
            R"(["\ud800", "\udc00x", "\ud83d\ude00", "\udbff\ud800", "\ude00\ud83d"])");
  const Result<Json> value = ParseJson(R"("\ud800")");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->get<std::string>(), "\xed\xa0\x80");
}

TEST(ParseJsonTest, ParsesEscapesIntoUtf8) {
  const Result<Json> value = ParseJson(R"("b\u00e9 \ud83d\ude00 \/ \b\f\n\r\t")");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->get<std::string>(), "b\xc3\xa9 \xf0\x9f\x98\x80 / \b\f\n\r\t");
}

TEST(ParseJsonTest, KeepsTheLastValueOfAKeyGivenTwice) {
  EXPECT_EQ(RoundTrip(R"({"a": 1, "b": 2, "a": [3]})"), R"({"a": [3], "b": 2})");
}

TEST(ParseJsonTest, SkipsAUtf8ByteOrderMarkAndSurroundingWhitespace) {
  EXPECT_EQ(RoundTrip("\xef\xbb\xbf \t\r\n[1]\n "), "[1]");
}

TEST(ParseJsonTest, AcceptsNestingUpToTheLimit) {
  EXPECT_EQ(RoundTrip(Nested(kMaxJsonDepth)), Nested(kMaxJsonDepth));
  const std::string objects = [] {
    std::string text;
    for (std::size_t i = 0; i < kMaxJsonDepth; ++i) text += "{\"k\": ";
    text += "null";
    for (std::size_t i = 0; i < kMaxJsonDepth; ++i) text += "}";
    return text;
  }();
  EXPECT_EQ(RoundTrip(objects), objects);
}

TEST(ParseJsonTest, RefusesNestingBeyondTheLimitWithAClearError) {
  const std::string error = RoundTrip(Nested(kMaxJsonDepth + 1));
  EXPECT_EQ(error,
            "error: line 1, column 901: nesting deeper than 900 levels of arrays and objects "
            "(chainsim's limit, see docs/robustness.md)");
  // 40,000 levels inside a transaction amount: an error, not a stack overflow.
  const std::string deep = R"({"sender": "a", "recipient": "b", "amount": )" + Nested(40000) + "}";
  EXPECT_NE(RoundTrip(deep).find("nesting deeper than 900 levels"), std::string::npos);
  EXPECT_NE(RoundTrip(std::string(1000000, '[')).find("nesting deeper"), std::string::npos);
}

TEST(ParseJsonTest, ReportsLineAndColumnOfSyntaxErrors) {
  const Result<Json> value = ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().message, "line 3, column 8: Expecting value");
}

TEST(ParseJsonTest, RejectsMalformedAndTruncatedInputWithoutCrashing) {
  for (const std::string text : {"",
                                 " ",
                                 "{",
                                 "[1, 2",
                                 R"({"a": })",
                                 "nul",
                                 "tru",
                                 R"("abc)",
                                 "[1,]",
                                 "[,1]",
                                 "{,}",
                                 R"({"a" 1})",
                                 R"({"a": 1,})",
                                 "{1: 2}",
                                 "NaNa",
                                 "Infinit",
                                 "-Infinit",
                                 "-",
                                 "+1",
                                 ".5",
                                 "1.",
                                 "1.e5",
                                 "1e",
                                 "1e+",
                                 "01",
                                 "-01",
                                 "0x10",
                                 "\xff",
                                 "{} {}",
                                 "[1] x",
                                 R"("\x")",
                                 R"("\u12")",
                                 R"("\u12g4")",
                                 R"("\ud800\u12")",
                                 "\"a\x01\"",
                                 "\"\t\"",
                                 "'a'",
                                 "\"\xed\xa0\x80\"",
                                 "\"\xc0\xaf\"",
                                 "\"\xf4\x90\x80\x80\"",
                                 "\"\xe2\x82\"",
                                 "[\"\\"}) {
    const Result<Json> value = ParseJson(text);
    EXPECT_FALSE(value.ok()) << text;
    if (!value.ok()) {
      EXPECT_EQ(value.error().message.rfind("line ", 0), 0U) << value.error().message;
    }
  }
}

TEST(PositionOfTest, CountsLinesAndColumnsFromOne) {
  EXPECT_EQ(PositionOf("ab\ncd", 0).line, 1U);
  EXPECT_EQ(PositionOf("ab\ncd", 4).line, 2U);
  EXPECT_EQ(PositionOf("ab\ncd", 4).column, 2U);
}

TEST(JsonIntegerTest, IncrementsIntegersOfAnySizeExactly) {
  const auto next = [](std::string_view decimal) {
    return ToJson(IncrementInteger(IntegerFromDecimal(decimal)));
  };
  EXPECT_EQ(next("1"), "2");
  EXPECT_EQ(next("-1"), "0");
  EXPECT_EQ(next("9223372036854775807"), "9223372036854775808");
  EXPECT_EQ(next("18446744073709551615"), "18446744073709551616");
  EXPECT_EQ(next("99999999999999999999999"), "100000000000000000000000");
  EXPECT_EQ(next("-9223372036854775809"), "-9223372036854775808");
  EXPECT_EQ(next("-100000000000000000000000"), "-99999999999999999999999");
  // Each integer has one representation, so equal integers are equal values.
  EXPECT_EQ(IncrementInteger(IntegerFromDecimal("-9223372036854775809")),
            Json(std::numeric_limits<std::int64_t>::min()));
  EXPECT_FALSE(IsBigInteger(IntegerFromDecimal("18446744073709551615")));
  EXPECT_TRUE(IsBigInteger(IntegerFromDecimal("18446744073709551616")));
}

}  // namespace
}  // namespace chainsim
