#include "core/peer_list.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace chainsim {
namespace {

using Strings = std::vector<std::string>;

TEST(PeerListTest, KeepsRegistrationOrderAndEachPeerOnce) {
  PeerList peers;
  EXPECT_TRUE(peers.Add("b:1"));
  EXPECT_TRUE(peers.Add("a:1"));
  EXPECT_FALSE(peers.Add("b:1"));
  EXPECT_TRUE(peers.Add("c:1"));
  EXPECT_EQ(peers.ordered(), (Strings{"b:1", "a:1", "c:1"}));
  EXPECT_TRUE(peers.Contains("a:1"));
  EXPECT_FALSE(peers.Contains("d:1"));
}

TEST(PeerListTest, AddAllKeepsTheFirstOfRepeatsInsideAndOutsideTheBatch) {
  PeerList peers;
  peers.Add("m:1");
  const Strings batch = {"z:1", "m:1", "a:1", "z:1", "b:1", "a:1"};
  EXPECT_EQ(peers.AddAll(batch), 3U);
  EXPECT_EQ(peers.ordered(), (Strings{"m:1", "z:1", "a:1", "b:1"}));
  // The lookup index stays right after a merge.
  for (const std::string& peer : peers.ordered()) EXPECT_TRUE(peers.Contains(peer)) << peer;
  EXPECT_FALSE(peers.Add("b:1"));
  EXPECT_TRUE(peers.Add("c:1"));
  EXPECT_EQ(peers.AddAll(Strings{}), 0U);
  EXPECT_EQ(peers.size(), 5U);
}

TEST(PeerListTest, AddAndAddAllAgree) {
  Strings addresses;
  for (int i = 0; i < 500; ++i) addresses.push_back("10.0.0." + std::to_string((i * 37) % 211));
  PeerList one_by_one;
  for (const std::string& address : addresses) one_by_one.Add(address);
  PeerList at_once;
  at_once.AddAll(addresses);
  EXPECT_EQ(one_by_one.ordered(), at_once.ordered());
  EXPECT_EQ(at_once.size(), 211U);
}

// 40,000 addresses at once used to take seconds (a linear search per
// address); the batch is sorted and merged instead.
TEST(PeerListTest, FortyThousandAddressesRegisterInWellUnderASecond) {
  Strings addresses;
  for (int i = 0; i < 40'000; ++i) addresses.push_back("node" + std::to_string(i) + ":5000");
  PeerList peers;
  peers.Add("node39999:5000");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(peers.AddAll(addresses), 39'999U);
  EXPECT_EQ(peers.AddAll(addresses), 0U);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(1));
  EXPECT_EQ(peers.ordered()[1], "node0:5000");
}

}  // namespace
}  // namespace chainsim
