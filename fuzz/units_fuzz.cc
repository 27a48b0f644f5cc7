// Fuzz target: the unit parsers of scenario files (sim/scenario/units.h).
// The input is one value's text, given to every parser. Properties: parsers
// return a Result and never throw or crash; whatever a parser reads, its
// Format* inverse writes as text that reads back to exactly the same value,
// and formatting that again gives the same text (Format(Parse(x)) == x for
// every formatted x).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/check.h"
#include "sim/scenario/units.h"

namespace chainsim::sim {
namespace {

template <typename Parse, typename Format>
void CheckRoundTrip(std::string_view text, Parse parse, Format format) {
  const auto value = parse(text);
  if (!value.ok()) return;
  const std::string written = format(*value);
  const auto again = parse(written);
  CHAINSIM_CHECK(again.ok());
  CHAINSIM_CHECK(*again == *value);
  CHAINSIM_CHECK(format(*again) == written);
}

}  // namespace
}  // namespace chainsim::sim

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace chainsim::sim;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckRoundTrip(text, ParseDuration, FormatDurationValue);
  CheckRoundTrip(text, ParseDataSize, FormatDataSize);
  CheckRoundTrip(text, ParseBitRate, FormatBitRate);
  CheckRoundTrip(text, ParseRate, FormatRate);
  CheckRoundTrip(text, ParseProbability, FormatShortestDouble);
  return 0;
}
