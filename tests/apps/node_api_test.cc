// NodeApi in process: hostile raw requests through the same parser and
// handlers the server runs (HandleRaw is also the fuzz target's entry point).

#include "apps/http/node_api.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/canonical_json.h"

namespace chainsim::http {
namespace {

ChainRules Rules() {
  ChainRules rules;
  rules.difficulty = 1;
  return rules;
}

std::unique_ptr<NodeService> MemoryNode() {
  return NodeService::Open(Rules(), nullptr, "00000000000000000000000000000000",
                           [] { return 1795491520.5; });
}

// Peers that are never reached: every fetch fails.
NodeApi::PeerFetcher NoPeers() {
  return [](std::span<const std::string> nodes, std::stop_token, const Chain&) {
    std::vector<PeerFetch> fetches;
    for (const std::string& node : nodes) {
      fetches.push_back(PeerFetch{node, FetchStatus::kUnreachable, "test: no network", {}});
    }
    return fetches;
  };
}

std::string Post(std::string_view path, std::string_view body,
                 std::string_view content_type = "application/json") {
  return "POST " + std::string(path) +
         " HTTP/1.1\r\nHost: test\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

std::string Chunked(std::string_view path, const std::vector<std::string>& chunks) {
  std::string raw = "POST " + std::string(path) +
                    " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n";
  for (const std::string& chunk : chunks) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    raw += size + chunk + "\r\n";
  }
  return raw + "0\r\n\r\n";
}

struct Case {
  std::string name;
  std::string raw;
  int status;  // 0: the server closes the connection without an answer
};

TEST(NodeApiTest, AnswersEveryHostileRawRequestAsDocumented) {
  auto service = MemoryNode();
  const NodeApi api(*service, NoPeers());
  ServerOptions options;
  options.max_request_bytes = 4096;
  options.max_header_bytes = 2048;
  const std::string transaction = R"({"sender":"a","recipient":"b","amount":1})";
  const std::vector<Case> cases = {
      {"nothing", "", 0},
      {"a cut request line", "GET /cha", 0},
      {"headers never end", "GET /chain HTTP/1.1\r\nHost: test\r\n", 0},
      {"a plain GET", "GET /chain HTTP/1.1\r\nHost: test\r\n\r\n", 200},
      {"HTTP/1.0 without Host", "GET /chain HTTP/1.0\r\n\r\n", 200},
      {"a query string", "GET /chain?x=1&y HTTP/1.1\r\nHost: t\r\n\r\n", 200},
      {"HEAD on /chain", "HEAD /chain HTTP/1.1\r\nHost: t\r\n\r\n", 200},
      {"HEAD on /mine", "HEAD /mine HTTP/1.1\r\nHost: t\r\n\r\n", 405},
      {"an unknown method", "BREW /chain HTTP/1.1\r\nHost: t\r\n\r\n", 405},
      {"an unknown path", "GET /../../etc/passwd HTTP/1.1\r\nHost: t\r\n\r\n", 404},
      {"an absolute target", "GET http://evil/chain HTTP/1.1\r\nHost: t\r\n\r\n", 404},
      {"a bad version", "GET /chain HTTP/9.9\r\nHost: t\r\n\r\n", 400},
      {"two spaces", "GET  /chain HTTP/1.1\r\nHost: t\r\n\r\n", 400},
      {"binary", std::string("\x00\x01\x02\xff\r\n\r\n", 8), 400},
      {"a header without a colon", "GET /chain HTTP/1.1\r\nHost t\r\n\r\n", 400},
      {"a request line over the header limit",
       "GET /" + std::string(4000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n", 431},
      {"headers over the limit",
       "GET /chain HTTP/1.1\r\nHost: t\r\nX: " + std::string(4000, 'a') + "\r\n\r\n", 431},
      {"a transaction", Post("/transactions/new", transaction), 201},
      {"a transaction in chunks",
       Chunked("/transactions/new", {transaction.substr(0, 9), transaction.substr(9)}), 201},
      {"a chunked body over the limit",
       Chunked("/transactions/new", {std::string(3000, ' '), std::string(3000, ' ')}), 413},
      {"a Content-Length over the limit",
       "POST /transactions/new HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n", 413},
      {"a huge Content-Length",
       "POST /transactions/new HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400},
      {"a negative Content-Length",
       "POST /transactions/new HTTP/1.1\r\nContent-Length: -1\r\n\r\n{}", 400},
      {"two Content-Lengths",
       "POST /transactions/new HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400},
      {"Content-Length with chunked",
       "POST /transactions/new HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: "
       "chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
       400},
      {"a bad chunk size",
       "POST /transactions/new HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n", 400},
      {"a chunk size that overflows",
       "POST /transactions/new HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
       "fffffffffffffffffffff\r\n{}\r\n",
       400},
      {"a body cut short", "POST /transactions/new HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}", 0},
      {"not JSON", Post("/transactions/new", "{\"sender\": "), 400},
      {"not an object", Post("/transactions/new", "[1, 2]"), 400},
      {"null", Post("/transactions/new", "null"), 400},
      {"a wrong content type", Post("/transactions/new", transaction, "text/plain"), 415},
      {"no content type", "POST /transactions/new HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}", 415},
      {"missing values", Post("/transactions/new", R"({"sender":"a"})"), 400},
      {"GET on a POST route", "GET /transactions/new HTTP/1.1\r\nHost: t\r\n\r\n", 405},
      {"POST on a GET route", Post("/mine", "{}"), 405},
      {"an empty node list", Post("/nodes/register", R"({"nodes":[]})"), 400},
      {"a node that is not a string", Post("/nodes/register", R"({"nodes":[1]})"), 400},
      {"a node list", Post("/nodes/register", R"({"nodes":["http://127.0.0.1:1"]})"), 201},
      {"resolve with an unreachable peer", "GET /nodes/resolve HTTP/1.1\r\nHost: t\r\n\r\n", 200},
      {"mine", "GET /mine HTTP/1.1\r\nHost: t\r\n\r\n", 200},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::optional<HttpResponse> response = HandleRaw(api, c.raw, options);
    if (c.status == 0) {
      EXPECT_FALSE(response.has_value()) << response->status << " " << *response->body;
      continue;
    }
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, c.status) << *response->body;
    const Result<Json> body = ParseJson(*response->body);
    ASSERT_TRUE(body.ok()) << *response->body;
    if (c.status >= 400) {
      EXPECT_TRUE((*body)["error"].is_string()) << *response->body;
      if (c.status == 413 || c.status == 431) {
        EXPECT_TRUE(response->close);
      }
    }
    if (c.status == 405) {
      EXPECT_FALSE(response->headers.empty());  // Allow
    }
  }
}

TEST(NodeApiTest, NumbersAndStringsThatBreakParsersNeverGiveA500) {
  auto service = MemoryNode();
  const NodeApi api(*service, NoPeers());
  ServerOptions options;
  for (const std::string& amount : std::vector<std::string>{
           "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1e-400",
           "123456789012345678901234567890", std::string(1000, '[') + std::string(1000, ']'),
           "\"\\ud800\"", "\"\xff\xfe\""}) {
    SCOPED_TRACE(amount.substr(0, 40));
    const std::optional<HttpResponse> response = HandleRaw(
        api, Post("/transactions/new", R"({"sender":"a","recipient":"b","amount":)" + amount + "}"),
        options);
    ASSERT_TRUE(response.has_value());
    EXPECT_TRUE(response->status == 201 || response->status == 400)
        << response->status << " " << *response->body;
  }
  // Whatever was accepted can be mined and served.
  const std::optional<HttpResponse> mined =
      HandleRaw(api, "GET /mine HTTP/1.1\r\nHost: t\r\n\r\n", options);
  ASSERT_TRUE(mined.has_value());
  EXPECT_EQ(mined->status, 200) << *mined->body;
  const std::optional<HttpResponse> chain =
      HandleRaw(api, "GET /chain HTTP/1.1\r\nHost: t\r\n\r\n", options);
  EXPECT_EQ(chain->status, 200);
}

// Needs core's depth limit (core/json.h, kMaxJsonDepth): without it the
// value overflows the stack of a recursive copy or writer in core.
TEST(NodeApiTest, DeepNestingIsRefusedAndTheNodeGoesOn) {
  auto service = MemoryNode();
  const NodeApi api(*service, NoPeers());
  const std::string amount = std::string(40000, '[') + std::string(40000, ']');
  const std::optional<HttpResponse> response = HandleRaw(
      api, Post("/transactions/new", R"({"sender":"a","recipient":"b","amount":)" + amount + "}"),
      ServerOptions());
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400) << *response->body;
  const std::optional<HttpResponse> mined =
      HandleRaw(api, "GET /mine HTTP/1.1\r\nHost: t\r\n\r\n", ServerOptions());
  ASSERT_TRUE(mined.has_value());
  EXPECT_EQ(mined->status, 200) << *mined->body;
}

TEST(NodeApiTest, AStoppedMineAnswers503AndChangesNothing) {
  ChainRules rules;
  rules.difficulty = 12;  // never found in this test's time
  auto service = NodeService::Open(rules, nullptr, "00000000000000000000000000000000",
                                   [] { return 1795491520.5; });
  const NodeApi api(*service, NoPeers());
  std::stop_source stop;
  std::jthread stopper([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop.request_stop();
  });
  HttpRequest request;
  request.method = "GET";
  request.target = "/mine";
  const auto start = std::chrono::steady_clock::now();
  const HttpResponse response = api.Handle(request, stop.get_token());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1000));
  EXPECT_EQ(response.status, 503) << *response.body;
  EXPECT_TRUE(response.close);
  EXPECT_EQ(service->chain().size(), 1U);
}

TEST(NodeApiTest, ChainBodyIsReusedUntilTheChainChanges) {
  auto service = MemoryNode();
  const NodeApi api(*service, NoPeers());
  HttpRequest request;
  request.method = "GET";
  request.target = "/chain";
  const HttpResponse first = api.Handle(request);
  const HttpResponse second = api.Handle(request);
  EXPECT_EQ(first.body, second.body);  // the same shared string
  ASSERT_TRUE(service->Mine().ok());
  const HttpResponse third = api.Handle(request);
  EXPECT_NE(*third.body, *first.body);
  EXPECT_EQ(ParseJson(*third.body)->at("length"), 2);
}

}  // namespace
}  // namespace chainsim::http
