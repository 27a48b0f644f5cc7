#include "sim/scenario/units.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace chainsim::sim {
namespace {

SimTime Duration(const std::string& text) {
  const Result<SimTime> value = ParseDuration(text);
  EXPECT_TRUE(value.ok()) << text << ": " << (value ? "" : value.error().message);
  return value ? *value : -1;
}

std::string DurationError(const std::string& text) {
  const Result<SimTime> value = ParseDuration(text);
  EXPECT_FALSE(value.ok()) << text << " parsed as " << (value ? *value : 0);
  return value ? "" : value.error().message;
}

TEST(UnitsTest, ParsesEveryTimeUnit) {
  EXPECT_EQ(Duration("100ns"), 100);
  EXPECT_EQ(Duration("250us"), 250 * kMicrosecond);
  EXPECT_EQ(Duration("250\xC2\xB5s"), 250 * kMicrosecond);
  EXPECT_EQ(Duration("50ms"), 50 * kMillisecond);
  EXPECT_EQ(Duration("1.5 s"), 1500 * kMillisecond);
  EXPECT_EQ(Duration("10min"), 10 * kMinute);
  EXPECT_EQ(Duration("2h"), 2 * kHour);
  EXPECT_EQ(Duration("1d"), 24 * kHour);
  EXPECT_EQ(Duration("  30 s  "), 30 * kSecond);
  EXPECT_EQ(Duration("2e3ms"), 2 * kSecond);
  EXPECT_EQ(Duration(".5s"), 500 * kMillisecond);
}

TEST(UnitsTest, AcceptsBareZeroDuration) {
  EXPECT_EQ(Duration("0"), 0);
  EXPECT_EQ(Duration("0.0"), 0);
  EXPECT_EQ(Duration("0s"), 0);
}

TEST(UnitsTest, RoundsDurationsExactlyToNearestNanosecond) {
  EXPECT_EQ(Duration("0.1s"), 100'000'000);  // 0.1 is not a double; the decimal is exact
  EXPECT_EQ(Duration("1.5ns"), 2);           // halves away from zero
  EXPECT_EQ(Duration("1.49ns"), 1);
  EXPECT_EQ(Duration("0.0000001ns"), 0);
  EXPECT_EQ(Duration("1.000000001s"), 1'000'000'001);
  EXPECT_EQ(Duration("106751d"), 106751 * 24 * kHour);
}

TEST(UnitsTest, RejectsBadDurations) {
  EXPECT_NE(DurationError("30").find("needs a unit"), std::string::npos);
  EXPECT_NE(DurationError("-5s").find("negative"), std::string::npos);
  EXPECT_NE(DurationError("5m").find("ambiguous"), std::string::npos);
  EXPECT_NE(DurationError("5 seconds").find("did you mean 's'?"), std::string::npos);
  EXPECT_NE(DurationError("5 MS").find("did you mean 'ms'?"), std::string::npos);
  EXPECT_NE(DurationError("5 fortnights").find("expected a number with a unit"), std::string::npos);
  EXPECT_NE(DurationError("ms").find("does not start with a number"), std::string::npos);
  EXPECT_NE(DurationError("").find("empty"), std::string::npos);
  EXPECT_NE(DurationError("106752d").find("too long"), std::string::npos);
  EXPECT_NE(DurationError("1e30s").find("too long"), std::string::npos);
  DurationError("1.2.3s");
  DurationError("1h30min");
}

TEST(UnitsTest, ParsesDataSizes) {
  EXPECT_EQ(*ParseDataSize("535kB"), 535'000u);
  EXPECT_EQ(*ParseDataSize("535 kB"), 535'000u);
  EXPECT_EQ(*ParseDataSize("1MB"), 1'000'000u);
  EXPECT_EQ(*ParseDataSize("1MiB"), 1'048'576u);
  EXPECT_EQ(*ParseDataSize("2KiB"), 2048u);
  EXPECT_EQ(*ParseDataSize("512B"), 512u);
  EXPECT_EQ(*ParseDataSize("1.5kB"), 1500u);
  EXPECT_EQ(*ParseDataSize("0.5B"), 1u);  // rounded to the nearest byte, halves up
  EXPECT_EQ(*ParseDataSize("2GB"), 2'000'000'000u);
  EXPECT_EQ(*ParseDataSize("1TiB"), std::uint64_t{1} << 40);
  EXPECT_EQ(*ParseDataSize("0"), 0u);
}

TEST(UnitsTest, RejectsBadDataSizes) {
  EXPECT_NE(ParseDataSize("535").error().message.find("needs a unit"), std::string::npos);
  EXPECT_NE(ParseDataSize("5KB").error().message.find("kB for 1000 bytes or KiB"),
            std::string::npos);
  EXPECT_NE(ParseDataSize("5 mb").error().message.find("did you mean 'MB'?"), std::string::npos);
  EXPECT_NE(ParseDataSize("-1kB").error().message.find("negative"), std::string::npos);
  EXPECT_NE(ParseDataSize("10000000TB").error().message.find("too large"), std::string::npos);
}

TEST(UnitsTest, ParsesBitRates) {
  EXPECT_EQ(*ParseBitRate("10 Mbit/s"), 10e6);
  EXPECT_EQ(*ParseBitRate("1Gbit/s"), 1e9);
  EXPECT_EQ(*ParseBitRate("56 kbit/s"), 56e3);
  EXPECT_EQ(*ParseBitRate("100 Mbps"), 100e6);
  EXPECT_EQ(*ParseBitRate("300 bit/s"), 300.0);
  EXPECT_EQ(*ParseBitRate("1 MB/s"), 8e6);
  EXPECT_EQ(*ParseBitRate("0.1 Mbit/s"), 100e3);
  EXPECT_EQ(*ParseBitRate("unlimited"), 0.0);
}

TEST(UnitsTest, RejectsBadBitRates) {
  EXPECT_NE(ParseBitRate("10").error().message.find("needs a unit"), std::string::npos);
  EXPECT_NE(ParseBitRate("0 Mbit/s").error().message.find("unlimited"), std::string::npos);
  EXPECT_NE(ParseBitRate("10 mbit/s").error().message.find("did you mean 'Mbit/s'?"),
            std::string::npos);
  EXPECT_FALSE(ParseBitRate("-1 Mbit/s").ok());
  EXPECT_FALSE(ParseBitRate("10 Mbit").ok());
}

TEST(UnitsTest, ParsesRatesPerSecond) {
  EXPECT_EQ(*ParseRate("2/s"), 2.0);
  EXPECT_EQ(*ParseRate("120/min"), 2.0);
  EXPECT_EQ(*ParseRate("0.5/h"), 0.5 / 3600.0);
  EXPECT_EQ(*ParseRate("86400/d"), 1.0);
  EXPECT_EQ(*ParseRate("2 / s"), 2.0);
  EXPECT_EQ(*ParseRate("200000/s"), 200000.0);
  EXPECT_EQ(*ParseRate("0"), 0.0);
}

TEST(UnitsTest, RejectsBadRates) {
  EXPECT_NE(ParseRate("2").error().message.find("needs a unit"), std::string::npos);
  EXPECT_NE(ParseRate("2/m").error().message.find("ambiguous"), std::string::npos);
  EXPECT_NE(ParseRate("2/sec").error().message.find("did you mean '/s'?"), std::string::npos);
  EXPECT_FALSE(ParseRate("-2/s").ok());
}

TEST(UnitsTest, ParsesProbabilitiesAndPercentages) {
  EXPECT_EQ(*ParseProbability("0.01"), 0.01);
  EXPECT_EQ(*ParseProbability("1%"), 0.01);
  EXPECT_EQ(*ParseProbability("0.5 %"), 0.005);
  EXPECT_EQ(*ParseProbability("0"), 0.0);
  EXPECT_EQ(*ParseProbability("1"), 1.0);
  EXPECT_EQ(*ParseProbability("100%"), 1.0);
  EXPECT_NE(ParseProbability("1.5").error().message.find("above 1"), std::string::npos);
  EXPECT_NE(ParseProbability("101%").error().message.find("above 1"), std::string::npos);
  EXPECT_NE(ParseProbability("-0.1").error().message.find("negative"), std::string::npos);
  EXPECT_FALSE(ParseProbability("5 pct").ok());
}

TEST(UnitsTest, FormatsDurationsInTheLargestExactUnit) {
  EXPECT_EQ(FormatDurationValue(0), "0s");
  EXPECT_EQ(FormatDurationValue(90 * kSecond), "90s");
  EXPECT_EQ(FormatDurationValue(90 * kMinute), "90min");
  EXPECT_EQ(FormatDurationValue(1500 * kMillisecond), "1500ms");
  EXPECT_EQ(FormatDurationValue(2 * kHour), "2h");
  EXPECT_EQ(FormatDurationValue(48 * kHour), "2d");
  EXPECT_EQ(FormatDurationValue(1'000'000'001), "1000000001ns");
}

TEST(UnitsTest, FormattedValuesParseBackExactly) {
  for (SimTime t : {SimTime{0}, SimTime{1}, 999 * kMicrosecond, 7 * kHour, kMinute + 1,
                    SimTime{9'000'000'000'000'000'000}}) {
    EXPECT_EQ(*ParseDuration(FormatDurationValue(t)), t) << t;
  }
  for (std::uint64_t bytes : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{535'000},
                              std::uint64_t{1} << 20, std::uint64_t{1'000'001}}) {
    EXPECT_EQ(*ParseDataSize(FormatDataSize(bytes)), bytes) << bytes;
  }
  EXPECT_EQ(FormatDataSize(535'000), "535kB");
  EXPECT_EQ(FormatDataSize(1 << 20), "1MiB");
  for (double bps : {0.0, 10e6, 56e3, 1.5e9, 123.456, 0.25, 8e6 / 3}) {
    EXPECT_EQ(*ParseBitRate(FormatBitRate(bps)), bps) << bps;
  }
  EXPECT_EQ(FormatBitRate(10e6), "10Mbit/s");
  EXPECT_EQ(FormatBitRate(0), "unlimited");
  for (double rate : {0.0, 2.0, 1.0 / 60, 0.5 / 3600, 200000.0, 1e-7, 3.3}) {
    EXPECT_EQ(*ParseRate(FormatRate(rate)), rate) << rate;
  }
  EXPECT_EQ(FormatRate(2.0), "2/s");
  EXPECT_EQ(FormatRate(*ParseRate("1/min")), "1/min");
  EXPECT_EQ(FormatShortestDouble(0.1), "0.1");
}

}  // namespace
}  // namespace chainsim::sim
