#include "core/node_address.h"

#include <gtest/gtest.h>

namespace chainsim {
namespace {

std::string Stored(std::string_view address) {
  const Result<std::string> node = ParseNodeAddress(address);
  return node.ok() ? node.value() : "<error: " + node.error().message + ">";
}

TEST(NodeAddressTest, SchemeAndNetlocStoreHostAndPort) {
  EXPECT_EQ(Stored("http://127.0.0.1:5000"), "127.0.0.1:5000");
  EXPECT_EQ(Stored("http://127.0.0.1:5000/x/y?z#w"), "127.0.0.1:5000");
  EXPECT_EQ(Stored("https://example.org"), "example.org");
  EXPECT_EQ(Stored("//192.168.0.5:5001/"), "192.168.0.5:5001");
}

TEST(NodeAddressTest, WithoutSchemeTheWholeAddressIsKept) {
  EXPECT_EQ(Stored("127.0.0.1:5000"), "127.0.0.1:5000");
  EXPECT_EQ(Stored("192.168.0.5:5001/chain"), "192.168.0.5:5001/chain");
  EXPECT_EQ(Stored("127.0.0.1:5000?x=1"), "127.0.0.1:5000");
}

TEST(NodeAddressTest, HostAndPortIsNotMistakenForASchemeUnlikePython39) {
  EXPECT_EQ(Stored("localhost:5000"), "localhost:5000");
  EXPECT_EQ(Stored("node-a:80/"), "node-a:80/");
}

TEST(NodeAddressTest, EmptyOrHostlessAddressesAreErrors) {
  for (const char* address : {"", "   ", "http://", "http:", "?x", "#frag"}) {
    EXPECT_FALSE(ParseNodeAddress(address).ok()) << address;
  }
  EXPECT_NE(ParseNodeAddress("").error().message.find("Invalid URL"), std::string::npos);
}

TEST(NodeAddressTest, IgnoresSurroundingWhitespace) {
  EXPECT_EQ(Stored("  http://127.0.0.1:5000 \n"), "127.0.0.1:5000");
}

}  // namespace
}  // namespace chainsim
