#include "core/chain_json.h"

#include <gtest/gtest.h>

#include "core/blockchain.h"
#include "sample_chain.h"

namespace chainsim {
namespace {

std::string ErrorOf(std::string_view text) {
  const Result<Chain> chain = ParseChain(text);
  return chain.ok() ? "<ok>" : chain.error().message;
}

TEST(ChainJsonTest, ParsesCompactAndPrettyBodiesToTheSameHashes) {
  const Chain compact = testing::SampleChain();
  const Result<Json> document = ParseJson(testing::SampleChainText());
  ASSERT_TRUE(document.ok());
  const Result<Chain> pretty = ParseChain(document->dump(4));  // Flask 1.x style
  ASSERT_TRUE(pretty.ok()) << pretty.error().message;
  ASSERT_EQ(pretty->size(), compact.size());
  for (std::size_t i = 0; i < compact.size(); ++i) {
    EXPECT_EQ((*pretty)[i]->hash(), compact[i]->hash());
  }
}

TEST(ChainJsonTest, AcceptsABareListOfBlocks) {
  const Result<Json> document = ParseJson(testing::SampleChainText());
  ASSERT_TRUE(document.ok());
  const Result<Chain> chain = ChainFromJson((*document)["chain"]);
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->size(), 7U);
}

TEST(ChainJsonTest, ResponseBodyRoundTripsToTheSampleBytes) {
  const Chain chain = testing::SampleChain();
  std::string expected = testing::SampleChainText();
  while (!expected.empty() && (expected.back() == '\n' || expected.back() == ' ')) {
    expected.pop_back();
  }
  EXPECT_EQ(ChainResponseBody(chain), expected);
  EXPECT_EQ(ChainResponseSize(chain), expected.size());
}

TEST(ChainJsonTest, NeverTrustsAClaimedLength) {
  EXPECT_NE(ErrorOf(R"({"chain": [], "length": 3})").find("says 3 but the chain has 0"),
            std::string::npos);
}

TEST(ChainJsonTest, NamesTheBlockAndKeyOfShapeErrors) {
  const std::string good = R"({"index": 1, "previous_hash": "1", "proof": 100, )"
                           R"("timestamp": 1.5, "transactions": []})";
  EXPECT_EQ(ErrorOf("[" + good + "]"), "<ok>");
  EXPECT_NE(ErrorOf("[" + good + R"(, {"index": 2}])").find("position 1: missing key"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"([{"index": "1", "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                    R"("transactions": []}])")
                .find("'index' must be an integer, not string"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": 1.0, "timestamp": 1, )"
                    R"("transactions": []}])")
                .find("'proof' must be an integer, not float"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                    R"("transactions": {}, "x": 0}])")
                .find("unexpected key 'x'"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"([{"index": 1, "previous_hash": null, "proof": 1, "timestamp": 1, )"
                    R"("transactions": []}])")
                .find("'previous_hash' must be a string"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": 18446744073709551615, )"
                    R"("timestamp": 1, "transactions": []}])")
                .find("larger than 2^63 - 1"),
            std::string::npos);
  EXPECT_NE(ErrorOf("42").find("expected a list of blocks"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"blocks": []})").find("'chain'"), std::string::npos);
  EXPECT_NE(ErrorOf("[1,").find("line 1, column"), std::string::npos);
}

TEST(ChainJsonTest, BadInputNeverChangesANodesChain) {
  Blockchain node(ChainRules{}, "n", 1.0);
  const std::string before = node.last_block().hash();
  for (const char* text : {"", "[", "{\"chain\": 5}", "[{}]", "[null]", "[[]]"}) {
    const Result<Chain> parsed = ParseChain(text);
    ASSERT_FALSE(parsed.ok()) << text;
    // Nothing to resolve with: the node's chain is untouched.
  }
  EXPECT_EQ(node.last_block().hash(), before);
  EXPECT_EQ(node.chain().size(), 1U);
}

}  // namespace
}  // namespace chainsim
