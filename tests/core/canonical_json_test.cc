#include "core/canonical_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace chainsim {
namespace {

std::string Float(double x) {
  std::string out;
  AppendPythonFloat(x, out);
  return out;
}

TEST(PythonFloatTest, MatchesPythonReprOnTheIssuesCases) {
  EXPECT_EQ(Float(100.0), "100.0");
  EXPECT_EQ(Float(1e-05), "1e-05");
  EXPECT_EQ(Float(0.0001), "0.0001");
  EXPECT_EQ(Float(1e16), "1e+16");
  EXPECT_EQ(Float(0.1), "0.1");
  EXPECT_EQ(Float(1795491520.9328644), "1795491520.9328644");
  EXPECT_EQ(Float(-0.0), "-0.0");
  EXPECT_EQ(Float(0.0), "0.0");
}

TEST(PythonFloatTest, SwitchesLayoutAtPythonsThresholds) {
  EXPECT_EQ(Float(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(Float(1.2345678901234568e+20), "1.2345678901234568e+20");
  EXPECT_EQ(Float(0.00012345), "0.00012345");
  EXPECT_EQ(Float(0.000012345), "1.2345e-05");
  EXPECT_EQ(Float(1795491520.0), "1795491520.0");
  EXPECT_EQ(Float(-2.5), "-2.5");
  EXPECT_EQ(Float(1e100), "1e+100");
  EXPECT_EQ(Float(5e-324), "5e-324");
  EXPECT_EQ(Float(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(Float(123.456), "123.456");
}

TEST(PythonFloatTest, NonFiniteValuesAsJsonDumpsWritesThem) {
  EXPECT_EQ(Float(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(Float(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(Float(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(CanonicalJsonTest, SortsKeysAndUsesPythonSeparators) {
  const Json value = Json::parse(R"({"b": [1, 2.0, "x"], "a": {"d": null, "c": true}})");
  EXPECT_EQ(ToJson(value), R"({"a": {"c": true, "d": null}, "b": [1, 2.0, "x"]})");
  EXPECT_EQ(ToJson(value, JsonStyle::kCompact), R"({"a":{"c":true,"d":null},"b":[1,2.0,"x"]})");
}

TEST(CanonicalJsonTest, SortsKeysByCodePoint) {
  const Json value = {{"\xc3\xa9", 1}, {"z", 2}, {"A", 3}, {"\xf0\x9f\x98\x80", 4}};
  EXPECT_EQ(ToJson(value), R"({"A": 3, "z": 2, "\u00e9": 1, "\ud83d\ude00": 4})");
}

TEST(CanonicalJsonTest, EscapesStringsAsEnsureAscii) {
  EXPECT_EQ(ToJson(Json("a\"b\\c/d")), R"("a\"b\\c/d")");
  EXPECT_EQ(ToJson(Json("\n\r\t\b\f")), R"("\n\r\t\b\f")");
  EXPECT_EQ(ToJson(Json(std::string("\x00\x01\x1f\x7f", 4))), R"("\u0000\u0001\u001f\u007f")");
  EXPECT_EQ(ToJson(Json("caf\xc3\xa9")), R"("caf\u00e9")");
  EXPECT_EQ(ToJson(Json("\xe2\x82\xac")), R"("\u20ac")");
  EXPECT_EQ(ToJson(Json("\xf0\x9f\x98\x80")), R"("\ud83d\ude00")");
  EXPECT_EQ(ToJson(Json("\xf4\x8f\xbf\xbf")), R"("\udbff\udfff")");
}

TEST(CanonicalJsonTest, WritesInvalidUtf8AsReplacementCharacter) {
  EXPECT_EQ(ToJson(Json(std::string("a\xff"
                                    "b"))),
            R"("a\ufffdb")");
  EXPECT_EQ(ToJson(Json(std::string("\xe2\x82"))), R"("\ufffd\ufffd")");
}

TEST(CanonicalJsonTest, KeepsIntegersAndFloatsApart) {
  EXPECT_EQ(ToJson(Json(1)), "1");
  EXPECT_EQ(ToJson(Json(1.0)), "1.0");
  EXPECT_EQ(ToJson(Json(-9223372036854775807LL - 1)), "-9223372036854775808");
  EXPECT_EQ(ToJson(Json(18446744073709551615ULL)), "18446744073709551615");
}

TEST(CanonicalJsonTest, WritesBigIntegersAsTheirDigits) {
  EXPECT_EQ(ToJson(Json::array({IntegerFromDecimal("18446744073709551616"),
                                IntegerFromDecimal("-123456789012345678901234567890")})),
            "[18446744073709551616, -123456789012345678901234567890]");
}

TEST(CanonicalJsonTest, WritesLoneSurrogatesAsPythonDoes) {
  // U+D800 and U+DFFF held as three bytes (core/json.h), written as escapes.
  EXPECT_EQ(ToJson(Json("\xed\xa0\x80-\xed\xbf\xbf")), R"("\ud800-\udfff")");
}

TEST(CanonicalJsonTest, WritesValuesNestedFarDeeperThanTheCallStackAllows) {
  // 300,000 levels: a recursive writer needs tens of megabytes of stack.
  constexpr std::size_t kDepth = 300000;
  Json value = Json::object();
  for (std::size_t i = 0; i < kDepth; ++i) {
    Json outer = Json::array();
    outer.push_back(std::move(value));
    value = std::move(outer);
  }
  const std::string expected = std::string(kDepth, '[') + "{}" + std::string(kDepth, ']');
  EXPECT_EQ(ToJson(value), expected);
  EXPECT_EQ(ToJson(value, JsonStyle::kCompact), expected);
}

TEST(CanonicalJsonTest, CompactFromCanonicalDropsOnlyTheSeparatorsSpaces) {
  const Json value = {{"a b", "x \" y \\"},
                      {"c", Json::array({1, 2.5, "\\", " ", "\": "})},
                      {"d", {{"e", nullptr}}}};
  std::string compact;
  AppendCompactFromCanonical(ToJson(value), compact);
  EXPECT_EQ(compact, ToJson(value, JsonStyle::kCompact));
  EXPECT_EQ(compact, R"({"a b":"x \" y \\","c":[1,2.5,"\\"," ","\": "],"d":{"e":null}})");
  // In place, as Block builds its compact JSON after its canonical JSON.
  std::string both = ToJson(value);
  const std::size_t canonical_size = both.size();
  both.reserve(2 * canonical_size);
  AppendCompactFromCanonical(std::string_view(both).substr(0, canonical_size), both);
  EXPECT_EQ(both.substr(canonical_size), compact);
}

TEST(CanonicalJsonTest, WritesEmptyContainers) {
  EXPECT_EQ(ToJson(Json::array()), "[]");
  EXPECT_EQ(ToJson(Json::object()), "{}");
  EXPECT_EQ(ToJson(Json::parse(R"([[], {}])")), "[[], {}]");
}

}  // namespace
}  // namespace chainsim
