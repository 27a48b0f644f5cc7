// `chainsim node` resolving against hostile peers: real node processes,
// scripted peers on loopback ports.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "tests/apps/node_process.h"
#include "tests/apps/test_sockets.h"

namespace chainsim::http::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// Answers with a status line and headers that never end, one byte at a time.
void TrickleForever(int fd, std::stop_token stop) {
  ReadRequestHead(fd, stop);
  Trickle(fd, "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(100000, 'a'), milliseconds(100), stop);
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Register(int port, const std::vector<std::string>& nodes) {
  ASSERT_EQ(PostJson(port, "/nodes/register", Json{{"nodes", nodes}}).status, 201);
}

TEST(HostilePeerTest, ConcurrentResolvesAgainstATricklingPeerEndAtThePeerTimeout) {
  ScriptedPeer trickler(TrickleForever);
  NodeProcess node({"--difficulty", "2", "--peer-read-timeout", "1", "--peer-timeout", "2",
                    "--long-request-threads", "8"});
  ASSERT_NE(node.port(), 0) << node.output();
  Register(node.port(), {trickler.address()});

  std::vector<Reply> resolves(8);
  std::vector<double> resolve_seconds(8);
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < resolves.size(); ++i) {
      threads.emplace_back([&, i] {
        const auto start = Clock::now();
        resolves[i] = Get(node.port(), "/nodes/resolve");
        resolve_seconds[i] = SecondsSince(start);
      });
    }
    // Meanwhile the quick requests are answered at once.
    std::this_thread::sleep_for(milliseconds(200));
    for (int i = 0; i < 10; ++i) {
      const auto start = Clock::now();
      EXPECT_EQ(Get(node.port(), "/chain").status, 200);
      EXPECT_LT(SecondsSince(start), 1.0) << "GET /chain during the resolves";
    }
  }
  for (std::size_t i = 0; i < resolves.size(); ++i) {
    SCOPED_TRACE("resolve " + std::to_string(i));
    ASSERT_EQ(resolves[i].status, 200) << resolves[i].body;
    // The 2 s peer timeout, plus slack for a loaded machine.
    EXPECT_LT(resolve_seconds[i], 6.0);
    const Json& peer = resolves[i].json["peers"][0];
    EXPECT_EQ(peer["outcome"], "unreachable");
    EXPECT_NE(peer["detail"].get<std::string>().find("no complete reply within 2000 ms"),
              std::string::npos)
        << peer;
  }
}

TEST(HostilePeerTest, AnOverSizeReplyIsABadResponse) {
  ScriptedPeer flood([](int fd, std::stop_token stop) {
    ReadRequestHead(fd, stop);
    SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n");
    const std::string zeros(65536, '0');
    while (!stop.stop_requested() && SendAll(fd, zeros)) {
    }
  });
  NodeProcess node({"--difficulty", "2", "--peer-max-reply-bytes", "100000"});
  ASSERT_NE(node.port(), 0) << node.output();
  Register(node.port(), {flood.address()});
  const Reply reply = Get(node.port(), "/nodes/resolve");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json["peers"][0]["outcome"], "bad_response") << reply.body;
  EXPECT_NE(reply.json["peers"][0]["detail"].get<std::string>().find("larger than 100000 bytes"),
            std::string::npos);
}

TEST(HostilePeerTest, NumbersThatBreakParsersNeverEndTheNode) {
  const std::string block_with_timestamp =
      R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":%,"transactions":[]}],"length":1})";
  std::vector<std::string> bodies;
  for (const char* timestamp :
       {"1e400", "-1e400", "NaN", "Infinity", "1e-400", "123456789012345678901234567890"}) {
    std::string body = block_with_timestamp;
    body.replace(body.find('%'), 1, timestamp);
    bodies.push_back(body);
  }
  std::vector<std::unique_ptr<ScriptedPeer>> peers;
  std::vector<std::string> addresses;
  for (const std::string& body : bodies) {
    peers.push_back(std::make_unique<ScriptedPeer>(Answering(OkReply(body))));
    addresses.push_back(peers.back()->address());
  }
  NodeProcess node({"--difficulty", "2"});
  ASSERT_NE(node.port(), 0) << node.output();
  Register(node.port(), addresses);

  const Reply reply = Get(node.port(), "/nodes/resolve");
  ASSERT_EQ(reply.status, 200) << reply.body << node.output();
  ASSERT_EQ(reply.json["peers"].size(), bodies.size());
  for (const Json& peer : reply.json["peers"]) {
    EXPECT_TRUE(peer["outcome"] == "bad_response" || peer["outcome"] == "not_longer" ||
                peer["outcome"] == "invalid")
        << peer;
  }
  // Still alive, and still mining.
  EXPECT_EQ(Get(node.port(), "/mine").status, 200);
  EXPECT_EQ(Get(node.port(), "/nodes/resolve").status, 200);
  const NodeProcess::Exit exit = node.Terminate(milliseconds(3000));
  EXPECT_EQ(exit.code, 0) << exit.took.count() << " ms " << node.output();
}

// Needs core's depth limit (core/json.h, kMaxJsonDepth): without it the
// reply overflows the stack of a recursive copy or writer in core.
TEST(HostilePeerTest, ADeeplyNestedReplyIsABadResponseAndTheNodeGoesOn) {
  ScriptedPeer deep(Answering(OkReply(
      R"({"chain":[{"index":1,"previous_hash":"1","proof":100,"timestamp":1,"transactions":[{"amount":)" +
      std::string(40000, '[') + std::string(40000, ']') + "}]}],\"length\":1}")));
  NodeProcess node({"--difficulty", "2"});
  ASSERT_NE(node.port(), 0) << node.output();
  Register(node.port(), {deep.address()});
  const Reply reply = Get(node.port(), "/nodes/resolve");
  ASSERT_EQ(reply.status, 200) << reply.body << node.output();
  EXPECT_EQ(reply.json["peers"][0]["outcome"], "bad_response") << reply.body;
  EXPECT_EQ(Get(node.port(), "/mine").status, 200);
}

TEST(HostilePeerTest, SigtermStopsAResolvingNodeWithinASecond) {
  ScriptedPeer trickler(TrickleForever);
  NodeProcess node({"--difficulty", "2"});  // default timeouts: 10 s per peer
  ASSERT_NE(node.port(), 0) << node.output();
  Register(node.port(), {trickler.address()});
  RawConnection resolver(node.port());
  ASSERT_TRUE(resolver.Send("GET /nodes/resolve HTTP/1.1\r\nHost: test\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(300));

  const NodeProcess::Exit exit = node.Terminate(milliseconds(3000));
  EXPECT_EQ(exit.code, 0);
  EXPECT_LT(exit.took.count(), 1000);
  const std::string reply = resolver.ReadResponse(milliseconds(1000));
  EXPECT_EQ(StatusOf(reply), 503) << reply;
}

}  // namespace
}  // namespace chainsim::http::testing
