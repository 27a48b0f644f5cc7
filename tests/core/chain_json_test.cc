#include "core/chain_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/blockchain.h"
#include "core/canonical_json.h"
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
  EXPECT_EQ(ErrorOf("[" + good + R"(, {"index": 2}])"),
            "block at position 1: missing key 'previous_hash'");
  EXPECT_EQ(ErrorOf(R"([{"index": "1", "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                    R"("transactions": []}])"),
            "block at position 0: 'index' must be an integer, not string");
  EXPECT_EQ(ErrorOf(R"([{"index": 1.0, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                    R"("transactions": []}])"),
            "block at position 0: 'index' must be an integer, not float");
  EXPECT_EQ(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": "1", "timestamp": 1, )"
                    R"("transactions": []}])"),
            "block at position 0: 'proof' must be a number, not string");
  EXPECT_EQ(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": 1, "timestamp": [], )"
                    R"("transactions": []}])"),
            "block at position 0: 'timestamp' must be a number, not list");
  EXPECT_EQ(ErrorOf(R"([{"index": 1, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
                    R"("transactions": {}, "x": 0}])"),
            "block at position 0: 'transactions' must be a list, not object");
  EXPECT_EQ(ErrorOf(R"([{"index": 1, "previous_hash": null, "proof": 1, "timestamp": 1, )"
                    R"("transactions": []}])"),
            "block at position 0: 'previous_hash' must be a string (or an integer), not null");
  EXPECT_EQ(ErrorOf("[" + good + ", 7]"),
            "block at position 1: a block must be an object, not integer");
  EXPECT_EQ(ErrorOf("42"),
            "expected a list of blocks or an object with a 'chain' list, not integer");
  EXPECT_EQ(ErrorOf(R"({"blocks": []})"),
            "expected a list of blocks or an object with a 'chain' list");
  EXPECT_EQ(ErrorOf(R"({"chain": {}})"), "'chain' must be a list, not object");
  EXPECT_EQ(ErrorOf("[1,"), "line 1, column 4: Expecting value, found the end of the text");
}

// Python's json.loads + json.dumps(sort_keys=True) + hashlib on this block
// (run once with /usr/bin/python3 3.11; the expected strings are its output).
constexpr char kExoticCompact[] =
    R"({"a":-0,"index":2,"note":{"z":[1,18446744073709551616]},"previous_hash":"1",)"
    R"("proof":12.5,"timestamp":1e400,"transactions":[{"amount":)"
    R"(-123456789012345678901234567890,"recipient":"\ud800","sender":NaN}]})";
constexpr char kExoticPythonCanonical[] =
    R"({"a": 0, "index": 2, "note": {"z": [1, 18446744073709551616]}, "previous_hash": "1", )"
    R"("proof": 12.5, "timestamp": Infinity, "transactions": [{"amount": )"
    R"(-123456789012345678901234567890, "recipient": "\ud800", "sender": NaN}]})";
constexpr char kExoticPythonCompact[] =
    R"({"a":0,"index":2,"note":{"z":[1,18446744073709551616]},"previous_hash":"1",)"
    R"("proof":12.5,"timestamp":Infinity,"transactions":[{"amount":)"
    R"(-123456789012345678901234567890,"recipient":"\ud800","sender":NaN}]})";
constexpr char kExoticPythonHash[] =
    "a66d2c7be21410c040037796e6a571b5124278fa55356168a5967c686fd1a2fe";

TEST(ChainJsonTest, KeepsExtraKeysBigIntegersAndNonFiniteNumbersAsPythonDoes) {
  const Result<Chain> chain = ParseChain(std::string("[") + kExoticCompact + "]");
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  const Block& block = *chain->front();
  EXPECT_EQ(block.canonical_json(), kExoticPythonCanonical);
  EXPECT_EQ(block.hash(), kExoticPythonHash);
  EXPECT_EQ(block.compact_json(), kExoticPythonCompact);
  EXPECT_EQ(block.proof_text(), "12.5");
  EXPECT_EQ(block.extra().size(), 2U);
  EXPECT_EQ(ChainResponseBody(*chain),
            std::string(R"({"chain":[)") + kExoticPythonCompact + R"(],"length":1})");
  // Served back and read again: the same block, byte for byte.
  const Result<Chain> again = ParseChain(ChainResponseBody(*chain));
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->front()->canonical_json(), kExoticPythonCanonical);
  EXPECT_EQ(ToJson(ChainToJson(*chain), JsonStyle::kCompact),
            std::string("[") + kExoticPythonCompact + "]");
}

TEST(ChainJsonTest, ReadsBigIntegersInIndexProofAndTimestamp) {
  const Result<Chain> chain = ParseChain(
      R"([{"index": 123456789012345678901234567890, "previous_hash": 18446744073709551616, )"
      R"("proof": -99999999999999999999, "timestamp": 1e999, "transactions": []}])");
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  const Block& block = *chain->front();
  EXPECT_EQ(ToJson(block.index()), "123456789012345678901234567890");
  EXPECT_EQ(block.proof_text(), "-99999999999999999999");
  EXPECT_EQ(block.canonical_json(),
            R"({"index": 123456789012345678901234567890, "previous_hash": 18446744073709551616, )"
            R"("proof": -99999999999999999999, "timestamp": Infinity, "transactions": []})");
}

// The same text through ParseChain (straight into blocks) and through
// ParseJson + ChainFromJson (a tree): the same verdict, error and blocks.
void ExpectSameAsTheTreeReader(const std::string& text) {
  const Result<Chain> direct = ParseChain(text);
  const Result<Json> tree = ParseJson(text);
  const Result<Chain> via_tree = tree.ok() ? ChainFromJson(*tree) : Result<Chain>(tree.error());
  ASSERT_EQ(direct.ok(), via_tree.ok()) << text;
  if (!direct.ok()) {
    EXPECT_EQ(direct.error().message, via_tree.error().message) << text;
    return;
  }
  ASSERT_EQ(direct->size(), via_tree->size()) << text;
  for (std::size_t i = 0; i < direct->size(); ++i) {
    EXPECT_EQ((*direct)[i]->canonical_json(), (*via_tree)[i]->canonical_json()) << text;
  }
}

TEST(ChainJsonTest, ReadsTextExactlyAsTheTreeReaderDoes) {
  const std::string block = R"({"index": 1, "previous_hash": "1", "proof": 100, )"
                            R"("timestamp": 1.5, "transactions": []})";
  for (const std::string& text : std::vector<std::string>{
           testing::SampleChainText(),
           "[" + block + "]",
           R"({"length": 1, "chain": [)" + block + "]}",
           R"({"chain": [)" + block + R"(], "length": 2})",
           R"({"chain": [)" + block + R"(], "length": 1.0})",
           R"({"chain": [)" + block + R"(], "length": 18446744073709551617})",
           R"({"chain": 5, "chain": [)" + block + "]}",
           R"({"chain": [)" + block + R"(], "chain": 5})",
           R"({"chain": [7], "chain": [)" + block + "]}",
           R"({"chain": [)" + block + R"(], "other": {"x": [1, 2]}})",
           R"([{"index": "x", "index": 1, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
           R"("transactions": [], "proof": 2.5}])",
           R"([{"index": 1}, {"index": 1 2}])",
           R"([{"index": 1}, 7, [})",
           "[" + block + ", []]",
           "[" + block + ", " + block + "]",
           "[]",
           "{}",
           "[null]",
           "\"x\"",
           "{\"chain\": [" + std::string(kMaxJsonDepth, '[') + "]}",
       }) {
    ExpectSameAsTheTreeReader(text);
  }
}

TEST(ChainJsonTest, CountsTheWholeDocumentsDepthAgainstTheLimit) {
  // {"chain": [{... "transactions": [<nested>]}]}: 4 levels before `nested`.
  const auto body = [](std::size_t nested) {
    return R"({"chain": [{"index": 1, "previous_hash": "1", "proof": 1, "timestamp": 1, )"
           R"("transactions": [)" +
           std::string(nested, '[') + std::string(nested, ']') + "]}]}";
  };
  EXPECT_EQ(ErrorOf(body(kMaxJsonDepth - 4)), "<ok>");
  EXPECT_NE(ErrorOf(body(kMaxJsonDepth - 3)).find("nesting deeper than 900 levels"),
            std::string::npos);
  EXPECT_NE(ErrorOf(body(100000)).find("nesting deeper than 900 levels"), std::string::npos);
}

TEST(ChainJsonTest, PutsTheChainAmongTheSortedKeysOfAReply) {
  const Chain chain = testing::SampleChain();
  const Json reply{{"message", "m"}, {"peers", Json::array()}};
  std::string blocks;
  AppendChainJson(chain, blocks);
  EXPECT_EQ(CompactJsonWithChain(reply, "chain", chain),
            R"({"chain":)" + blocks + R"(,"message":"m","peers":[]})");
  EXPECT_EQ(CompactJsonWithChain(reply, "new_chain", chain),
            R"({"message":"m","new_chain":)" + blocks + R"(,"peers":[]})");
  EXPECT_EQ(CompactJsonWithChain(reply, "zz", Chain{}), R"({"message":"m","peers":[],"zz":[]})");
  // The same bytes as serialising the whole reply as a tree.
  Json tree = reply;
  tree["new_chain"] = ChainToJson(chain);
  EXPECT_EQ(CompactJsonWithChain(reply, "new_chain", chain), ToJson(tree, JsonStyle::kCompact));
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
