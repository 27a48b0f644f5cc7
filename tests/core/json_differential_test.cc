// Differential test of ParseJson + the canonical writer against Python's
// json: /usr/bin/python3 runs tests/core/json_differential.py, which writes
// 20,000 generated JSON texts (fixed seed) with what
// json.dumps(json.loads(text), sort_keys=True) makes of each; chainsim must
// make exactly the same bytes of every one.
#include <gtest/gtest.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "core/canonical_json.h"
#include "core/json.h"

namespace chainsim {
namespace {

constexpr const char* kPython = "/usr/bin/python3";
constexpr int kValues = 20000;
constexpr int kSeed = 20261130;

// Reads one "<length>\n<bytes>" field of the generator's output.
bool NextField(std::string_view& data, std::string_view& field) {
  const std::size_t newline = data.find('\n');
  if (newline == std::string_view::npos) return false;
  std::size_t length = 0;
  const auto [end, ec] = std::from_chars(data.data(), data.data() + newline, length);
  if (ec != std::errc() || end != data.data() + newline || newline + 1 + length > data.size()) {
    return false;
  }
  field = data.substr(newline + 1, length);
  data.remove_prefix(newline + 1 + length);
  return true;
}

TEST(JsonDifferentialTest, ParsesAndWritesTwentyThousandValuesExactlyAsPythonDoes) {
  if (std::system((std::string(kPython) + " -c 'import json' >/dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << kPython << " is not installed";
  }
  const std::string out_path = ::testing::TempDir() + "/chainsim_json_differential.bin";
  const std::string command = std::string(kPython) + " " + CHAINSIM_SOURCE_DIR +
                              "/tests/core/json_differential.py " + std::to_string(kSeed) + " " +
                              std::to_string(kValues) + " " + out_path;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(out_path, std::ios::binary);
  const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  std::string_view rest = data;
  int compared = 0;
  int mismatches = 0;
  std::string_view input;
  std::string_view expected;
  while (!rest.empty()) {
    ASSERT_TRUE(NextField(rest, input) && NextField(rest, expected)) << "corrupt generator output";
    ++compared;
    const Result<Json> value = ParseJson(input);
    const std::string ours = value.ok() ? ToJson(*value) : "error: " + value.error().message;
    if (ours != expected && ++mismatches <= 5) {
      ADD_FAILURE() << "input:    " << input.substr(0, 400) << "\nchainsim: " << ours.substr(0, 400)
                    << "\npython:   " << expected.substr(0, 400);
    }
  }
  EXPECT_EQ(compared, kValues);
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace chainsim
