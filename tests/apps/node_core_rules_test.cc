// --requeue-lost-transactions on a real `chainsim node` process (NodeService's
// own tests are in node_service_test.cc).

#include <gtest/gtest.h>

#include "tests/apps/node_process.h"

namespace chainsim::http {
namespace {

TEST(NodeCoreRulesTest, TheRequeueFlagReachesARealNode) {
  testing::NodeProcess ours({"--difficulty", "2", "--requeue-lost-transactions"});
  testing::NodeProcess theirs({"--difficulty", "2"});
  ASSERT_NE(ours.port(), 0) << ours.output();
  ASSERT_NE(theirs.port(), 0) << theirs.output();
  ASSERT_EQ(testing::PostJson(ours.port(), "/transactions/new",
                              Json{{"sender", "alice"}, {"recipient", "bob"}, {"amount", 5}})
                .status,
            201);
  ASSERT_EQ(testing::Get(ours.port(), "/mine").status, 200);
  ASSERT_EQ(testing::Get(theirs.port(), "/mine").status, 200);
  ASSERT_EQ(testing::Get(theirs.port(), "/mine").status, 200);
  ASSERT_EQ(
      testing::PostJson(ours.port(), "/nodes/register", Json{{"nodes", {theirs.address()}}}).status,
      201);
  ASSERT_EQ(testing::Get(ours.port(), "/nodes/resolve").json["message"], "Our chain was replaced");
  // The next block carries alice's payment again, then the reward.
  const testing::Reply mined = testing::Get(ours.port(), "/mine");
  ASSERT_EQ(mined.status, 200);
  const Json& transactions = mined.json["transactions"];
  ASSERT_EQ(transactions.size(), 2U) << mined.body;
  EXPECT_EQ(transactions[0]["sender"], "alice");
  EXPECT_EQ(transactions[1]["sender"], "0");
}

}  // namespace
}  // namespace chainsim::http
