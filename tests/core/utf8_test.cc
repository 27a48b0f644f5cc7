// Well-formed UTF-8 as RFC 3629 defines it, checked against Python's
// bytes.decode('utf-8') verdicts on the boundary cases.

#include "core/utf8.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace chainsim {
namespace {

TEST(Utf8Test, SequenceLengthsOfWellFormedText) {
  EXPECT_EQ(Utf8SequenceLength("a", 0), 1U);
  EXPECT_EQ(Utf8SequenceLength("\xC2\x80", 0), 2U);          // U+0080, the first 2-byte
  EXPECT_EQ(Utf8SequenceLength("\xE0\xA0\x80", 0), 3U);      // U+0800, the first 3-byte
  EXPECT_EQ(Utf8SequenceLength("\xED\x9F\xBF", 0), 3U);      // U+D7FF, below the surrogates
  EXPECT_EQ(Utf8SequenceLength("\xEE\x80\x80", 0), 3U);      // U+E000, above them
  EXPECT_EQ(Utf8SequenceLength("\xF0\x90\x80\x80", 0), 4U);  // U+10000
  EXPECT_EQ(Utf8SequenceLength("\xF4\x8F\xBF\xBF", 0), 4U);  // U+10FFFF, the last
}

TEST(Utf8Test, IllFormedSequencesHaveNoLength) {
  EXPECT_EQ(Utf8SequenceLength("\x80", 0), 0U);              // a lone continuation byte
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", 0), 0U);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xC1\xBF", 0), 0U);          // overlong
  EXPECT_EQ(Utf8SequenceLength("\xE0\x9F\xBF", 0), 0U);      // overlong U+07FF
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", 0), 0U);      // U+D800, a surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF0\x8F\xBF\xBF", 0), 0U);  // overlong U+FFFF
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", 0), 0U);  // U+110000
  EXPECT_EQ(Utf8SequenceLength("\xF5\x80\x80\x80", 0), 0U);
  EXPECT_EQ(Utf8SequenceLength("\xE2\x82", 0), 0U);  // cut short
  EXPECT_EQ(Utf8SequenceLength("\xC3(", 0), 0U);     // not a continuation
}

TEST(Utf8Test, FindInvalidUtf8NamesTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ok\xFFthen\x80"), std::optional<std::size_t>(2));
  EXPECT_EQ(FindInvalidUtf8("\xC3\xA9\xE2\x82"), std::optional<std::size_t>(2));
}

TEST(Utf8Test, ToValidUtf8ReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(ToValidUtf8("a\xFF"
                        "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ToValidUtf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  const std::string repaired = ToValidUtf8("x\xED\xA0\x80y");
  EXPECT_EQ(FindInvalidUtf8(repaired), std::nullopt);
  EXPECT_EQ(repaired, "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy");
}

}  // namespace
}  // namespace chainsim
