// Compares chainsim's canonical JSON writer with Python's json.dumps on
// thousands of random values: Python parses each line chainsim wrote and
// writes it again with sort_keys=True; the two must be byte-identical.
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/canonical_json.h"

namespace chainsim {
namespace {

// std::mt19937_64 output is specified exactly by the standard; only its raw
// output is used here, so the values are the same on every platform.
class ValueMaker {
 public:
  explicit ValueMaker(std::uint64_t seed) : rng_(seed) {}

  double AnyFiniteDouble() {
    for (;;) {
      const double x = std::bit_cast<double>(rng_());
      if (std::isfinite(x)) return x;
    }
  }

  double DecimalLooking() {  // values like 1795491520.9328644 or 0.1
    const double mantissa = static_cast<double>(rng_() % 100000000) / 1000.0;
    const int exponent = static_cast<int>(rng_() % 41) - 20;
    return mantissa * std::pow(10.0, exponent);
  }

  std::string AnyString() {
    std::string text;
    const std::size_t length = rng_() % 8;
    for (std::size_t i = 0; i < length; ++i) {
      std::uint32_t cp = 0;
      switch (rng_() % 4) {
        case 0:
          cp = static_cast<std::uint32_t>(rng_() % 0x80);
          break;
        case 1:
          cp = static_cast<std::uint32_t>(rng_() % 0x800);
          break;
        case 2:
          cp = static_cast<std::uint32_t>(rng_() % 0x10000);
          break;
        default:
          cp = static_cast<std::uint32_t>(0x10000 + rng_() % 0x100000);
          break;
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x41;  // lone surrogates are not UTF-8
      AppendCodePoint(cp, text);
    }
    return text;
  }

  Json AnyValue(int depth) {
    switch (rng_() % (depth > 2 ? 6 : 8)) {
      case 0:
        return AnyFiniteDouble();
      case 1:
        return DecimalLooking();
      case 2:
        return static_cast<std::int64_t>(rng_());
      case 3:
        return AnyString();
      case 4:
        return (rng_() % 2) == 0;
      case 5:
        return nullptr;
      case 6: {
        Json list = Json::array();
        for (std::uint64_t i = rng_() % 4; i > 0; --i) list.push_back(AnyValue(depth + 1));
        return list;
      }
      default: {
        Json object = Json::object();
        for (std::uint64_t i = rng_() % 4; i > 0; --i) object[AnyString()] = AnyValue(depth + 1);
        return object;
      }
    }
  }

 private:
  std::mt19937_64 rng_;
};

TEST(PythonParityTest, CanonicalJsonMatchesPythonJsonDumpsOnRandomValues) {
  if (std::system("python3 -c 'import json' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 is not installed";
  }
  const std::string dir = ::testing::TempDir();
  const std::string in_path = dir + "/chainsim_parity_in.jsonl";
  const std::string out_path = dir + "/chainsim_parity_out.jsonl";
  ValueMaker maker(20261124);
  std::vector<std::string> lines;
  {
    std::ofstream in(in_path, std::ios::binary);
    for (int i = 0; i < 5000; ++i) {
      lines.push_back(ToJson(maker.AnyValue(0)));
      in << lines.back() << '\n';
    }
  }
  const std::string command =
      "python3 -c \"import sys, json\nfor line in sys.stdin: "
      "print(json.dumps(json.loads(line), sort_keys=True))\" < " +
      in_path + " > " + out_path;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream out(out_path, std::ios::binary);
  std::string python_line;
  int mismatches = 0;
  for (const std::string& ours : lines) {
    ASSERT_TRUE(std::getline(out, python_line));
    if (python_line != ours && ++mismatches <= 5) {
      ADD_FAILURE() << "chainsim: " << ours << "\npython:   " << python_line;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace chainsim
