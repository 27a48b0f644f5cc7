#include "apps/http/request_parsing.h"

#include <gtest/gtest.h>

namespace chainsim::http {
namespace {

template <typename T>
BadRequest ErrorOf(const Parsed<T>& parsed) {
  const BadRequest* bad = std::get_if<BadRequest>(&parsed);
  EXPECT_NE(bad, nullptr);
  return bad == nullptr ? BadRequest{0, ""} : *bad;
}

TEST(RequestParsingTest, AcceptsAJsonTransactionWithAnyValues) {
  const Parsed<TransactionRequest> parsed = ParseTransactionRequest(
      "application/json; charset=utf-8",
      R"({"amount": "1.5e3", "recipient": ["x"], "sender": null, "extra": 1})");
  ASSERT_TRUE(std::holds_alternative<TransactionRequest>(parsed));
  const TransactionRequest& request = std::get<TransactionRequest>(parsed);
  EXPECT_EQ(request.amount, "1.5e3");
  EXPECT_EQ(request.recipient, Json::array({"x"}));
  EXPECT_TRUE(request.sender.is_null());
}

TEST(RequestParsingTest, KeepsIntegersAndFloatsApart) {
  const Parsed<TransactionRequest> parsed = ParseTransactionRequest(
      "application/json", R"({"amount": 1e5, "recipient": 1, "sender": 1.0})");
  ASSERT_TRUE(std::holds_alternative<TransactionRequest>(parsed));
  EXPECT_TRUE(std::get<TransactionRequest>(parsed).amount.is_number_float());
  EXPECT_TRUE(std::get<TransactionRequest>(parsed).recipient.is_number_integer());
  EXPECT_TRUE(std::get<TransactionRequest>(parsed).sender.is_number_float());
}

TEST(RequestParsingTest, RefusesAWrongContentTypeWith415) {
  EXPECT_EQ(ErrorOf(ParseTransactionRequest("text/plain", "{}")).status, 415);
  EXPECT_EQ(ErrorOf(ParseTransactionRequest("", "{}")).status, 415);
  EXPECT_EQ(ErrorOf(ParseRegisterRequest("application/jsonx", "{}")).status, 415);
  const Parsed<Json> vendor = ParseJsonObjectBody("Application/Vnd.Api+JSON", "{}");
  EXPECT_TRUE(std::holds_alternative<Json>(vendor));
}

TEST(RequestParsingTest, NamesWhereMalformedJsonBreaks) {
  const BadRequest bad = ErrorOf(ParseTransactionRequest("application/json", "{\n  \"a\": ,}"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.message.find("line 2"), std::string::npos) << bad.message;
}

TEST(RequestParsingTest, RefusesBodiesThatAreNotObjects) {
  EXPECT_EQ(ErrorOf(ParseTransactionRequest("application/json", "[1, 2, 3]")).message,
            "the body must be a JSON object, not a list");
  EXPECT_EQ(ErrorOf(ParseRegisterRequest("application/json", "\"x\"")).status, 400);
}

TEST(RequestParsingTest, ReportsMissingValuesAsTheReferenceDoes) {
  const BadRequest bad =
      ErrorOf(ParseTransactionRequest("application/json", R"({"sender": "a", "amount": 1})"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.message, "Missing values: 'recipient' is required");
}

TEST(RequestParsingTest, AcceptsAListOfAddresses) {
  const Parsed<std::vector<std::string>> parsed = ParseRegisterRequest(
      "application/json", R"({"nodes": ["http://127.0.0.1:5001", "127.0.0.1:5002"]})");
  ASSERT_TRUE((std::holds_alternative<std::vector<std::string>>(parsed)));
  EXPECT_EQ(std::get<std::vector<std::string>>(parsed),
            (std::vector<std::string>{"http://127.0.0.1:5001", "127.0.0.1:5002"}));
}

TEST(RequestParsingTest, RefusesBadNodeLists) {
  for (const char* body :
       {R"({})", R"({"nodes": null})", R"({"nodes": "127.0.0.1:1"})", R"({"nodes": []})",
        R"({"nodes": [1]})", R"({"nodes": ["a:1", ""]})", R"({"nodes": ["   "]})"}) {
    SCOPED_TRACE(body);
    const BadRequest bad = ErrorOf(ParseRegisterRequest("application/json", body));
    EXPECT_EQ(bad.status, 400);
    EXPECT_TRUE(bad.message.starts_with("Error: Please supply a valid list of nodes: "))
        << bad.message;
  }
}

}  // namespace
}  // namespace chainsim::http
