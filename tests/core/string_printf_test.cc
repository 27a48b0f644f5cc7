#include "core/string_printf.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace chainsim {
namespace {

TEST(StringPrintfTest, FormatsLikeSnprintf) {
  EXPECT_EQ(StringPrintf("%-6s|%5.2f %%|%03d", "ab", 12.345, 7), "ab    |12.35 %|007");
  EXPECT_EQ(StringPrintf("%llu B", 18446744073709551615ULL), "18446744073709551615 B");
  EXPECT_EQ(StringPrintf("%s", ""), "");
}

TEST(StringPrintfTest, TextsLongerThanTheStackBufferComeOutWhole) {
  const std::string long_text(1000, 'x');
  const std::string formatted = StringPrintf("<%s>", long_text.c_str());
  EXPECT_EQ(formatted, "<" + long_text + ">");
  // Exactly at the stack buffer's edge (255 characters and 256).
  EXPECT_EQ(StringPrintf("%s", std::string(255, 'y').c_str()).size(), 255U);
  EXPECT_EQ(StringPrintf("%s", std::string(256, 'y').c_str()), std::string(256, 'y'));
}

}  // namespace
}  // namespace chainsim
